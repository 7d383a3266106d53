import type { SimResult } from './engine.js';
import { DatacenterSimulation } from './engine.js';
import type { PolicySpec } from './policy.js';
import type { SimScenario } from './scenario.js';
import { referenceScenario } from './scenario.js';
import type { Trace } from './trace.js';
import { byName } from './trace.js';
import { precopyTimer } from './precopy.js';

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
  onTick?: (timeSec: number) => void;
}

/**
 * One trace-driven run. Traces are taken in name order (VM i = i-th name, which fixes its type);
 * `cloudsim` reproduces CloudSim 3.0.3 (idle VMs removed, migration = RAM / half the link),
 * `precopy` keeps every VM and times migrations with dcctl's pre-copy engine.
 */
export function simulate(request: SimulateRequest): SimResult {
  const traces = [...request.traces].sort(byName);
  const scenario = (request.scenario ?? referenceScenario)(traces.length);
  const sim = new DatacenterSimulation({
    scenario,
    traces: traces.map((t) => t.samples),
    traceIntervalSec: request.traceIntervalSec,
    policy: request.policy,
    intervalSec: request.intervalSec,
    durationSec: request.durationSec,
    seed: request.seed,
    deleteIdleVms: request.model === 'cloudsim',
    updateAllHostsOnMigrationEnd: request.model === 'cloudsim',
    ...(request.model === 'precopy' ? { migrationTimer: precopyTimer() } : {}),
    ...(request.onTick ? { onTick: request.onTick } : {}),
  });
  return sim.run();
}
