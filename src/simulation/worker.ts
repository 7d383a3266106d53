import { parentPort, workerData } from 'node:worker_threads';
import type { Trace } from '../core/simulate/trace.js';
import type { RunSpec } from './run.js';
import { runOne } from './run.js';

/** A --compare worker: runs the policies it is sent, one at a time, and posts each outcome. */
const { traces } = workerData as { traces: Trace[] };
parentPort!.on('message', (message: { spec: RunSpec } | 'done') => {
  if (message === 'done') {
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ outcome: runOne(message.spec, traces) });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message, policy: message.spec.policy });
  }
});
