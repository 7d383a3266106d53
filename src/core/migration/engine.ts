import type { JobSpec } from './job.js';
import { MigrationJob } from './job.js';
import { FairShares, type ResourceId } from './network.js';
import type { Timeline } from './types.js';

export interface EngineJob {
  spec: JobSpec;
  /** Resources on the migration's path (see NetworkIndex). */
  resources: readonly ResourceId[];
  /** Jobs (earlier in the list) that must have finished before this one starts. */
  after?: readonly number[];
}

export interface EngineResult {
  timelines: Timeline[];
  makespanSec: number;
}

/** Relative slack below which a transfer counts as finished (floating-point residue of rate x time). */
const DONE_EPSILON = 1e-9;
const NONE: readonly number[] = [];

/**
 * Runs migrations on a simulated clock: at most `maxConcurrent` at a time, in the order given,
 * sharing every NIC and link max-min fairly. Rates are recomputed whenever a migration starts,
 * ends, or changes its own limit; between such events every transfer progresses linearly, so the
 * next event is the earliest transfer end or timeout. Round boundaries that change nothing keep
 * the rates. Deterministic: ties are resolved in job order.
 */
export function runMigrations(jobs: readonly EngineJob[], capacity: ReadonlyMap<ResourceId, number>, maxConcurrent = Infinity): EngineResult {
  const { all, startOffsets } = drive(jobs, capacity, maxConcurrent, true);
  const timelines = all.map((job, i) => job.timeline(startOffsets[i]!));
  const makespanSec = timelines.reduce((end, t) => Math.max(end, t.startSec + t.totalTimeSec), 0);
  return { timelines, makespanSec };
}

/** The makespan alone (what runMigrations reports), without building the timelines. */
export function migrationMakespan(jobs: readonly EngineJob[], capacity: ReadonlyMap<ResourceId, number>, maxConcurrent = Infinity): number {
  const { all, startOffsets } = drive(jobs, capacity, maxConcurrent, false);
  return all.reduce((end, job, i) => Math.max(end, startOffsets[i]! + job.elapsedSec), 0);
}

function drive(jobs: readonly EngineJob[], capacity: ReadonlyMap<ResourceId, number>, maxConcurrent: number, detailed: boolean): { all: MigrationJob[]; startOffsets: Float64Array } {
  // Created at admission (in list order), while their first use is near.
  const all: MigrationJob[] = new Array(jobs.length);
  const shares = new FairShares(jobs.map((j) => j.resources), capacity);
  const startOffsets = new Float64Array(jobs.length);
  let nextQueued = 0;
  const active: number[] = [];
  let now = 0;
  let rates: Float64Array = new Float64Array(0);
  const caps: number[] = [];
  let stale = true;

  // In list order; a job whose `after` jobs are still running holds the queue behind it.
  const ready = (i: number) => {
    for (const j of jobs[i]!.after ?? NONE) if (!all[j]!.done) return false;
    return true;
  };
  const admit = () => {
    while (active.length < maxConcurrent && nextQueued < jobs.length && ready(nextQueued)) {
      const i = nextQueued++;
      startOffsets[i] = now;
      all[i] = new MigrationJob(jobs[i]!.spec, detailed);
      all[i]!.start(now);
      active.push(i);
      stale = true;
    }
  };
  // Settle transfers of zero bytes (and state changes) until every active job has work or is done.
  const settle = () => {
    for (let changed = true; changed;) {
      changed = false;
      for (let k = active.length - 1; k >= 0; k--) {
        const job = all[active[k]!]!;
        if (job.done) {
          active.splice(k, 1);
          stale = true;
          changed = true;
        } else if (job.remaining <= 0) {
          job.onTransferDone(now); // a new round or phase: same flow, same share unless its cap changes
          changed = true;
        }
      }
      if (active.length < maxConcurrent && nextQueued < jobs.length && ready(nextQueued)) {
        admit();
        changed = true;
      }
    }
  };

  admit();
  settle();
  while (active.length > 0) {
    let recompute = stale;
    for (let k = 0; k < active.length; k++) {
      const c = all[active[k]!]!.cap();
      if (c !== caps[k]) recompute = true;
      caps[k] = c;
    }
    caps.length = active.length;
    if (recompute) {
      rates = shares.rates(active, caps);
      stale = false;
    }
    let dt = Infinity;
    for (let k = 0; k < active.length; k++) {
      const job = all[active[k]!]!;
      if (rates[k]! > 0) dt = Math.min(dt, job.remaining / rates[k]!);
      dt = Math.min(dt, job.timeoutAt() - now);
    }
    if (!Number.isFinite(dt)) throw new Error('migration engine: no transfer can make progress (a path has no bandwidth)');
    dt = Math.max(0, dt);
    now += dt;
    for (let k = 0; k < active.length; k++) {
      const job = all[active[k]!]!;
      const moved = rates[k]! * dt;
      job.remaining -= moved;
      if (job.remaining <= DONE_EPSILON * Math.max(1, moved)) job.remaining = 0;
      if (job.timeoutAt() <= now + 1e-12 && job.remaining > 0) job.onTimeout(now);
    }
    settle();
  }
  return { all, startOffsets };
}
