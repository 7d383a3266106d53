import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { stateProblem } from '../core/errors.js';

/**
 * A cross-process lock: a file created with O_EXCL next to the state. A lock whose owner process
 * is gone (same machine) or that is older than STALE_MS is broken by renaming it away, which only
 * one contender can do.
 */
const STALE_MS = 120_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

interface Owner {
  pid: number;
  host: string;
  at: number;
}

function readOwner(path: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function isStale(owner: Owner | undefined): boolean {
  if (!owner || typeof owner.pid !== 'number') return false; // being written right now: wait
  if (Date.now() - owner.at > STALE_MS) return true;
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function acquireLock(path: string, timeoutMs = 15_000): () => void {
  const deadline = Date.now() + timeoutMs;
  const me: Owner = { pid: process.pid, host: hostname(), at: Date.now() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => {
        if (readOwner(path)?.pid === me.pid) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (isStale(owner)) {
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        unlinkSync(`${path}.stale-${process.pid}`);
      } catch {
        // another process broke it first
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw stateProblem('state-locked', `the state is locked by process ${owner?.pid ?? '?'} on ${owner?.host ?? '?'} (${path})`,
        'wait for that dcctl command to finish; if no dcctl is running, delete the lock file');
    }
    sleep(Math.min(50, 5 + attempt * 2) + Math.random() * 10);
  }
}
