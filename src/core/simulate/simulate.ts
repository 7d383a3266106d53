import type { SimResult } from './engine.js';
import { DatacenterSimulation } from './engine.js';
import type { PolicySpec } from './policy.js';
import type { SimScenario } from './scenario.js';
import { referenceScenario } from './scenario.js';
import type { Trace } from './trace.js';
import { byName } from './trace.js';
import { precopyTimer } from './precopy.js';
import { combineClusters, DEFAULT_CLUSTER_HOSTS, splitClusters } from './clusters.js';
import { placeAtCreation } from './creation.js';

export type SimModel = 'cloudsim' | 'precopy';
export const SIM_MODELS: readonly SimModel[] = ['cloudsim', 'precopy'];

export interface SimulateRequest {
  traces: readonly Trace[];
  policy: PolicySpec;
  model: SimModel;
  seed: number;
  intervalSec: number;
  durationSec: number;
  traceIntervalSec: number;
  /** Hosts and their types; the reference fleet (800 G4/G5) when absent. */
  scenario?: (vms: number) => SimScenario;
  /**
   * Host -> consolidation domain (cluster); hosts of different clusters never exchange VMs.
   * Default: one cluster up to DEFAULT_CLUSTER_HOSTS hosts, consecutive blocks of that size above.
   */
  clusterOf?: (hosts: number) => number[];
  onTick?: (timeSec: number) => void;
}

/**
 * How many of `vms` VMs find no host when they are created (CloudSim's creation rule, the same
 * split into clusters as a run): they never run. Cheap next to a run (no traces, no ticks).
 */
export function unplacedAtCreation(vms: number, policy: PolicySpec, scenarioOf: (vms: number) => SimScenario = referenceScenario,
  clusterOf?: (hosts: number) => number[]): number {
  const scenario = scenarioOf(vms);
  const hosts = scenario.hostTypeOf.length;
  const clusters = clusterOf?.(hosts) ?? Array.from({ length: hosts }, (_, h) => Math.floor(h / DEFAULT_CLUSTER_HOSTS));
  if (clusters.every((c) => c === clusters[0])) return placeAtCreation(scenario, policy).unplaced;
  return splitClusters(scenario, clusters).reduce((sum, part) => sum + placeAtCreation(part.scenario, policy).unplaced, 0);
}

/**
 * One trace-driven run. Traces are taken in name order (VM i = i-th name, which fixes its type);
 * `cloudsim` reproduces CloudSim 3.0.3 (idle VMs removed, migration = RAM / half the link),
 * `precopy` keeps every VM and times migrations with dcctl's pre-copy engine.
 */
export function simulate(request: SimulateRequest): SimResult {
  const traces = [...request.traces].sort(byName);
  const samples = traces.map((t) => t.samples);
  const scenario = (request.scenario ?? referenceScenario)(traces.length);
  const hosts = scenario.hostTypeOf.length;
  const clusterOf = request.clusterOf?.(hosts) ?? Array.from({ length: hosts }, (_, h) => Math.floor(h / DEFAULT_CLUSTER_HOSTS));
  const run = (part: SimScenario, vms: readonly Uint8Array[], seed: number, onTick?: (t: number) => void) => new DatacenterSimulation({
    scenario: part,
    traces: vms,
    traceIntervalSec: request.traceIntervalSec,
    policy: request.policy,
    intervalSec: request.intervalSec,
    durationSec: request.durationSec,
    seed,
    deleteIdleVms: request.model === 'cloudsim',
    updateAllHostsOnMigrationEnd: request.model === 'cloudsim',
    ...(request.model === 'precopy' ? { migrationTimer: precopyTimer() } : {}),
    ...(onTick ? { onTick } : {}),
  }).run();
  if (clusterOf.every((c) => c === clusterOf[0])) return run(scenario, samples, request.seed, request.onTick);
  const parts = splitClusters(scenario, clusterOf);
  const results = parts.map((part, c) => run(part.scenario, part.vms.map((v) => samples[v]!), request.seed + c,
    request.onTick ? (t) => request.onTick!((c * request.durationSec + t) / parts.length) : undefined));
  return combineClusters(results, request.durationSec);
}
