import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { badInput } from './core/errors.js';

/**
 * Write a file a flag names (--out, --plot, ...) all at once: a temporary file beside it, then a
 * rename, so a reader never sees half of it. A path that cannot be written is exit 2 naming the flag.
 */
export function writeOutputFile(path: string, text: string, flag: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw badInput('output-unwritable', `${flag} ${path}: ${why}`, 'pass a path in a directory you can write', { flag });
  }
}
