import type { SimResult } from '../core/simulate/engine.js';
import { parsePolicy } from '../core/simulate/policy.js';
import type { DatacenterHostLike } from '../core/simulate/scenario.js';
import { datacenterScenario, referenceScenario } from '../core/simulate/scenario.js';
import type { SimModel } from '../core/simulate/simulate.js';
import { simulate } from '../core/simulate/simulate.js';
import { consolidationDomains } from '../core/simulate/clusters.js';
import type { Trace } from '../core/simulate/trace.js';

/** Everything a run needs, as plain data (it crosses to worker threads). */
export interface RunSpec {
  policy: string;
  parameter?: number;
  model: SimModel;
  seed: number;
  intervalSec: number;
  durationSec: number;
  traceIntervalSec: number;
  /** Hosts of a --datacenter file; otherwise the reference fleet of `hosts` hosts. */
  datacenterHosts?: (DatacenterHostLike & { cluster: string })[];
  hosts: number;
  /** Hosts per consolidation domain for the reference fleet (0: one domain however large). */
  clusterHosts: number;
}

export interface RunOutcome {
  policy: string;
  label: string;
  /** The detector's parameter (null for npa and dvfs). */
  parameter: number | null;
  result: SimResult;
  wallTimeSec: number;
}

export function runOne(spec: RunSpec, traces: readonly Trace[], onTick?: (t: number) => void): RunOutcome {
  const policy = parsePolicy(spec.policy, spec.parameter);
  const started = performance.now();
  const scenario = spec.datacenterHosts ? datacenterScenario(spec.datacenterHosts) : (vms: number) => referenceScenario(vms, spec.hosts);
  if ('missing' in scenario) throw new Error('datacenter hosts were checked before the run');
  const result = simulate({
    traces, policy, model: spec.model, seed: spec.seed, intervalSec: spec.intervalSec, durationSec: spec.durationSec,
    traceIntervalSec: spec.traceIntervalSec, scenario, clusterOf: consolidationDomains(spec), ...(onTick ? { onTick } : {}),
  });
  const parameter = policy.kind === 'migration' ? policy.parameter : null;
  return { policy: policy.name, label: parameter === null ? policy.name : `${policy.name}-${parameter}`, parameter, result, wallTimeSec: (performance.now() - started) / 1000 };
}
