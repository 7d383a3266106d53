// Shared helpers for the bench scripts: timing of child processes and of in-process work.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time (ms) of running a command `runs` times after one warm-up run (exit 1 allowed with allowFailure: a refusal is a result). */
export function timeCommand(args, { runs = 15, env = {}, cwd, allowFailure = false } = {}) {
  const once = () => {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    const ms = performance.now() - start;
    if (result.status !== 0 && !(allowFailure && result.status === 1)) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return ms;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

export function timeIt(fn) {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export const fmt = (ms) => `${ms.toFixed(0)} ms`;
