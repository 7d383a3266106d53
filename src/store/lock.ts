import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { stateProblem } from '../core/errors.js';
import { closeQuietly, removeQuietly, writeProblem } from './atomic-write.js';

/**
 * A cross-process lock: a file created with O_EXCL next to the state, holding its owner. Broken
 * (renamed away, which only one contender can do) when:
 * - its owner on this host is gone, or its pid now belongs to another process (the start time
 *   recorded in the lock differs from that pid's: the pid was reused);
 * - it is empty or unreadable and older than a few seconds (a writer died between creating and
 *   filling it, or the disk was full);
 * - its owner is on another host and it is older than STALE_MS (no way to ask that host).
 * A lock held by a live process on this host is never broken by age, however long it works.
 */
const STALE_MS = 120_000;
const UNREADABLE_STALE_MS = 5_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

interface Owner {
  pid: number;
  host: string;
  at: number;
  /** The process's start time (clock ticks after boot, /proc/PID/stat field 22); null where unknown. */
  start?: number | null;
}

/** A process's start time on Linux; null elsewhere or when it cannot be read. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : null;
  } catch {
    return null;
  }
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function readOwner(path: string): Owner | 'unreadable' | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const owner = JSON.parse(text) as Owner;
    return owner && typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isStale(path: string, owner: Owner | 'unreadable'): boolean {
  if (owner === 'unreadable') return ageMs(path) > UNREADABLE_STALE_MS;
  if (owner.host !== hostname()) return Date.now() - owner.at > STALE_MS;
  if (!processIsAlive(owner.pid)) return true;
  // Alive: the same process only if its start time is the one recorded (none recorded: trust it).
  const start = processStartTime(owner.pid);
  return owner.start != null && start !== null && start !== owner.start;
}

/** How long a command waits for the lock (DCCTL_LOCK_TIMEOUT_MS overrides the 15 s default, for tests). */
function lockTimeoutMs(): number {
  const fromEnv = Number(process.env.DCCTL_LOCK_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 15_000;
}

export function acquireLock(path: string, dir: string, timeoutMs = lockTimeoutMs()): () => void {
  const deadline = Date.now() + timeoutMs;
  const me: Owner = { pid: process.pid, host: hostname(), at: Date.now(), start: processStartTime(process.pid) };
  for (let attempt = 0; ; attempt++) {
    let fd: number | null = null;
    try {
      fd = openSync(path, 'wx', 0o600);
      const text = Buffer.from(JSON.stringify(me));
      if (writeSync(fd, text) !== text.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      closeSync(fd);
      return () => {
        const owner = readOwner(path);
        if (owner !== 'unreadable' && owner !== 'gone' && owner.pid === me.pid) unlinkSync(path);
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (fd !== null) {
        // Created but not filled (no space left): never leave an empty lock behind.
        closeQuietly(fd);
        removeQuietly(path);
        throw writeProblem(error, dir);
      }
      if (code !== 'EEXIST') throw writeProblem(error, dir);
    }
    const owner = readOwner(path);
    if (owner === 'gone') continue;
    if (isStale(path, owner)) {
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        unlinkSync(`${path}.stale-${process.pid}`);
      } catch {
        // another process broke it first
      }
      continue;
    }
    if (Date.now() > deadline) {
      const who = owner === 'unreadable' ? 'a lock file that cannot be read yet' : `process ${owner.pid} on ${owner.host}`;
      throw stateProblem('state-locked', `the state is locked by ${who} (${path})`,
        owner === 'unreadable' ? 'it is broken after a few seconds; try again' : 'wait for that dcctl command to finish; if no dcctl is running, delete the lock file');
    }
    sleep(Math.min(50, 5 + attempt * 2) + Math.random() * 10);
  }
}
