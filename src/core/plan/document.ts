import type { HostState } from '../model.js';
import type { MigrationMode } from '../migration/types.js';
import type { FingerprintPart } from './fingerprint.js';

/**
 * A saved plan (`kind: Plan`, issue 15): the contract hand-written plans are written against.
 * `spec.steps` run in order; the moves of one step run together, each holding its reservation on
 * the target while its VM still occupies the source (as pre-copy does). `from` and `mode` are
 * optional (the VM's host at that step; live for a running VM, cold for a paused or suspended one,
 * offline for an inactive one). Everything else is what dcctl recorded when it wrote the plan.
 */
export interface PlanMoveSpec {
  vm: string;
  to: string;
  from?: string;
  mode?: MigrationMode;
  reason?: string;
  /** The migration engine's prediction when the plan was written (the whole plan on the shared network). */
  predicted?: { timeSec: number; downtimeMs: number };
}

export interface PlanStepSpec {
  moves: PlanMoveSpec[];
}

export interface PlanSpec {
  strategy?: string;
  /** `sha256:<hex>` of what the plan depends on (core/plan/fingerprint.ts); absent in a hand-written plan. */
  fingerprint?: string;
  /** Each part's digest and where the event log stood, to say what changed since. */
  basis?: Partial<Record<FingerprintPart, string>> & { nextEventId?: number; journal?: string };
  /** Migrations at a time when the plan is applied (`plan apply --max-concurrent` overrides). */
  maxConcurrent?: number;
  /** Host states set once every move is done (a consolidation's power-off, a maintenance). */
  hostStates?: Record<string, HostState>;
  steps: PlanStepSpec[];
}

export interface PlanPrediction {
  makespanSec: number;
  moves: number;
  bytesSent: number;
  worstDowntimeMs: number;
  activeHosts: { before: number; after: number };
  hostsOn: { before: number; after: number };
  powerWatts: { before: number; after: number };
  energyPerDayKWh: { before: number; after: number };
}

export interface PlanDocument {
  apiVersion: 'dcctl/v1';
  kind: 'Plan';
  metadata: { name: string; createdBy?: string; createdAtSec?: number };
  spec: PlanSpec;
  predicted?: PlanPrediction;
}
