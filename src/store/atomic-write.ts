import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DcctlError, stateProblem } from '../core/errors.js';

/** Temp files of a write are named `<file>.tmp-<pid>-<random>`, so a later writer can tell a dead writer's. */
export const TEMP_INFIX = '.tmp-';

/** A write that could not be carried out, in words a person can act on (exit 3, the old file intact). */
export function writeProblem(error: unknown, dir: string): DcctlError {
  if (error instanceof DcctlError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return stateProblem('no-space', `no space left on ${dir}: the state was not changed`, 'free some space there (df -h shows how much is left), or use another --state-dir');
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return stateProblem('state-unwritable', `cannot write the state in ${dir}: permission denied`, 'check the permissions of the folder and of state.json, or use another --state-dir');
  }
  if (code === 'EROFS') return stateProblem('state-unwritable', `cannot write the state in ${dir}: the file system is read-only`, 'use another --state-dir');
  if (code === 'ENOTDIR' || code === 'EEXIST') return stateProblem('state-dir-not-a-directory', `${dir} is not a directory`, 'pass a folder as --state-dir (it is created when missing)');
  return stateProblem('state-write-failed', `cannot write the state in ${dir}: ${(error as Error).message}`, 'the state was not changed; check the folder and try again');
}

/**
 * Replace `path` with `data` so that it holds the old bytes or all the new ones, never a mix, and
 * the new ones only once they are on disk: write a temp file beside it, every byte (a short write
 * is retried from where it stopped; no progress is an error), fsync, give it the old file's mode
 * and owner, rename it over the old file, fsync the folder. Any failure removes the temp file and
 * throws (exit 3); the old file is untouched. conf's writer (atomically) ignored short writes:
 * with 48 KiB free it renamed a truncated state into place and the command exited 0.
 */
export function writeFileAtomically(path: string, data: string, newFileMode = 0o644): void {
  const dir = dirname(path);
  const temp = `${path}${TEMP_INFIX}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const bytes = Buffer.from(data);
  let fd: number | null = null;
  try {
    let existing: { mode: number; uid: number; gid: number } | null = null;
    try {
      const stats = statSync(path);
      existing = { mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    fd = openSync(temp, 'wx', existing?.mode ?? newFileMode);
    for (let offset = 0; offset < bytes.length;) {
      const written = writeSync(fd, bytes, offset, bytes.length - offset);
      if (written <= 0) throw Object.assign(new Error(`short write to ${temp}`), { code: 'ENOSPC' });
      offset += written;
    }
    if (existing) {
      fchmodSync(fd, existing.mode); // the umask must not narrow (or the default widen) a user's choice
      if (process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
    syncFolder(dir);
  } catch (error) {
    if (fd !== null) closeQuietly(fd);
    removeQuietly(temp);
    throw writeProblem(error, dir);
  }
}

/** Clean-up on a path that is already failing: its own errors would hide the first one. */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing
  }
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or already gone
  }
}

/** fsync a folder so that a rename in it survives a crash (best effort where folders cannot be opened). */
export function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse to fsync a folder; the rename itself is atomic
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
