import type { Config } from '@oclif/core';
import type { CommandCatalog, FlagInfo } from '../core/lab/commands.js';
import { resolveCommand } from '../core/lab/commands.js';
import { toTerminalLine } from '../render/terminal.js';
import { asLabCommand } from '../store/invocation.js';
import type { CommandOutcome, LabExecutor } from '../core/lab/run.js';

/** Commands a lab never runs (no JSON result, or the lab machinery itself). */
const NOT_IN_LABS = (id: string) => id === 'help' || id === 'lab' || id.startsWith('lab ');

/** dcctl's commands and flags as oclif's manifest lists them, for checking a lab at load. */
export function commandCatalog(config: Config): CommandCatalog {
  const commands = new Map<string, ReadonlyMap<string, FlagInfo>>();
  for (const command of config.commands) {
    const id = command.id.replaceAll(':', ' ');
    if (NOT_IN_LABS(id)) continue;
    const flags = new Map<string, FlagInfo>();
    for (const [name, flag] of Object.entries(command.flags ?? {})) {
      flags.set(name, { takesValue: flag.type === 'option', allowNo: flag.type === 'boolean' && Boolean(flag.allowNo), char: flag.char });
    }
    flags.set('json', { takesValue: false, allowNo: false });
    commands.set(id, flags);
  }
  return { commands };
}

/**
 * A lab's commands run in this process through oclif's own dispatch (the same code as typed at
 * a shell, without a process per step): `--json` and the lab's `--state-dir` added, stdout and
 * stderr captured while it runs, the JSON document parsed, the exit code read from oclif's exit
 * error or process.exitCode. Steps run one at a time, so swapping the writers is safe.
 */
export function inProcessExecutor(config: Config, catalog: CommandCatalog, stateDir: string): LabExecutor {
  return async (words: string[], options = {}): Promise<CommandOutcome> => {
    const resolved = resolveCommand(words, catalog);
    if (!resolved.ok) {
      if (options.show) process.stderr.write(`${toTerminalLine(`error: ${resolved.error}`)}\n${toTerminalLine(`hint: ${resolved.hint}`)}\n`);
      return { exitCode: 2, document: { error: { code: 'unknown-command', message: resolved.error, hint: resolved.hint } } };
    }
    const end = resolved.argv.indexOf('--');
    const own = resolved.argv.filter((w, i) => options.show || w !== '--json' || (end >= 0 && i > end));
    const at = end >= 0 ? own.indexOf('--') : own.length;
    const argv = [...own.slice(0, at), ...(options.show ? [] : ['--json']), '--state-dir', stateDir, ...own.slice(at)];
    if (options.show) return { exitCode: await dispatch(config, resolved.id, argv), document: null };
    const out: string[] = [];
    const stdout = process.stdout.write;
    const stderr = process.stderr.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let exitCode: number;
    try {
      exitCode = await asLabCommand(() => dispatch(config, resolved.id, argv, (message) => out.push(JSON.stringify({ error: { code: 'internal', message } }))));
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    return { exitCode, document: parseDocument(out.join('')) };
  };
}

/**
 * One command through oclif's dispatch; its exit code from oclif's exit error or process.exitCode
 * (restored after, so the lab's own exit is untouched). A thrown bug is exit 1, told to `internal`
 * (by default on stderr, as a student's command at the lab> prompt shows it).
 */
async function dispatch(config: Config, id: string, argv: string[], internal = (message: string) => {
  process.stderr.write(`${toTerminalLine(message)}\n`);
}): Promise<number> {
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    await config.runCommand(id.replaceAll(' ', ':'), argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
    if (typeof exit === 'number') return exit;
    internal(`internal error: ${(error as Error).message}`);
    return 1;
  } finally {
    process.exitCode = previousExitCode;
  }
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
