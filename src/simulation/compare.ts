import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Trace } from '../core/simulate/trace.js';
import type { RunOutcome, RunSpec } from './run.js';

/** Runs several policies on worker threads (one per core), calling `onDone` as each finishes. */
export async function runCompare(specs: readonly RunSpec[], traces: readonly Trace[], onDone?: (done: number, total: number) => void): Promise<RunOutcome[]> {
  const workers = Math.max(1, Math.min(specs.length, availableParallelism()));
  const outcomes: RunOutcome[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: workers }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { traces } });
    const feed = () => {
      if (next < specs.length) worker.postMessage({ spec: specs[next++] });
      else worker.postMessage('done');
    };
    worker.on('message', (message: { outcome?: RunOutcome; error?: string; policy?: string }) => {
      if (message.error) {
        reject(new Error(`${message.policy}: ${message.error}`));
        void worker.terminate();
        return;
      }
      outcomes.push(message.outcome!);
      onDone?.(outcomes.length, specs.length);
      feed();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
    feed();
  })));
  return outcomes;
}
