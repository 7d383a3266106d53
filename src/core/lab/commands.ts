/**
 * What a lab may run: dcctl's own commands and flags, as the CLI's manifest lists them. The shell
 * builds the catalog from oclif's config; this module only reads it, so a lab is checked at load
 * (an unknown command or flag is a lab-file error) without running anything.
 */
import { closest } from '../text.js';

export interface FlagInfo {
  /** A boolean flag takes no value; an option takes the next word (or `=value`). */
  takesValue: boolean;
  allowNo: boolean;
  char?: string;
}

export interface CommandCatalog {
  /** Command ids with spaces ("vm migrate") -> their flags by name (global ones included). */
  commands: ReadonlyMap<string, ReadonlyMap<string, FlagInfo>>;
}

/** Commands refused inside a lab, before they run (lab-rules.ts refuses them at load with this same function). */
export function labCommandProblem(words: readonly string[]): string | null {
  if (words[0] === 'lab') return 'lab commands cannot run inside a lab';
  if (words.some((w) => w === '--state-dir' || w.startsWith('--state-dir='))) return '--state-dir cannot be given inside a lab: the lab runs in its own state';
  return null;
}

export type ResolvedCommand = { ok: true; id: string; argv: string[] } | { ok: false; error: string; hint: string };

/** The longest run of leading words that names a command; the rest are its arguments and flags. */
export function resolveCommand(words: readonly string[], catalog: CommandCatalog): ResolvedCommand {
  let id: string | undefined;
  let used = 0;
  for (let k = 1; k <= words.length && !words[k - 1]!.startsWith('-'); k++) {
    const candidate = words.slice(0, k).join(' ');
    if (catalog.commands.has(candidate)) {
      id = candidate;
      used = k;
    }
  }
  if (!id) {
    const typed = words.filter((w) => !w.startsWith('-')).slice(0, 2).join(' ');
    const near = closest(typed, [...catalog.commands.keys()]);
    return { ok: false, error: `dcctl has no command "${typed}"`, hint: near ? `did you mean "${near}"? (dcctl --help lists them)` : 'dcctl --help lists the commands' };
  }
  const flags = catalog.commands.get(id)!;
  const argv = words.slice(used);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (word.startsWith('--')) {
      const [name, value] = splitOnce(word.slice(2));
      const flag = flags.get(name) ?? (name.startsWith('no-') && flags.get(name.slice(3))?.allowNo ? { takesValue: false, allowNo: true } : undefined);
      if (!flag) {
        const near = closest(name, [...flags.keys()]);
        return { ok: false, error: `dcctl ${id} has no flag --${name}`, hint: near ? `did you mean --${near}? (dcctl ${id} --help)` : `see dcctl ${id} --help` };
      }
      if (flag.takesValue && value === undefined) i++;
    } else if (/^-[A-Za-z]/.test(word)) {
      const char = word[1]!;
      const flag = [...flags.values()].find((f) => f.char === char);
      if (!flag && char !== 'h') return { ok: false, error: `dcctl ${id} has no flag -${char}`, hint: `see dcctl ${id} --help` };
      if (flag?.takesValue && word.length === 2) i++;
    }
  }
  return { ok: true, id, argv };
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
