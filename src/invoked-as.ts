import { basename, relative } from 'node:path';

/**
 * How to tell a person to run dcctl again: `dcctl` when that is how they ran it (npm link, a
 * global install), else the path of bin/run.js from where they are (`./bin/run.js` in a clone),
 * so a printed command works when pasted.
 */
export function invokedAs(argv: string[] = process.argv, cwd: string = process.cwd()): string {
  const script = argv[1] ?? 'dcctl';
  if (basename(script) === 'dcctl') return 'dcctl';
  const path = relative(cwd, script);
  return shellWord(path.startsWith('.') || path.startsWith('/') ? path : `./${path}`);
}

/** A word a shell reads back as it is (quoted when it holds anything but safe characters). */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
