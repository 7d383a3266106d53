import type { PolicySpec } from './policy.js';
import { REFERENCE_HOSTS, referenceScenario } from './scenario.js';
import type { SimScenario } from './scenario.js';
import { unplacedAtCreation } from './simulate.js';

/** Policies that create VMs by the same rule count once (npa and dvfs first fit; migration policies by their threshold). */
function creationRules(policies: readonly PolicySpec[]): PolicySpec[] {
  const seen = new Map<string, PolicySpec>();
  for (const p of policies) seen.set(p.kind === 'migration' ? `m${p.detector === 'thr' ? p.parameter : 'fallback'}` : 's', p);
  return [...seen.values()];
}

/** The most VMs any of the policies leaves without a host at creation. */
export function worstUnplaced(vms: number, policies: readonly PolicySpec[], scenarioOf: (vms: number) => SimScenario, clusterOf?: (hosts: number) => number[]): number {
  return Math.max(0, ...creationRules(policies).map((p) => unplacedAtCreation(vms, p, scenarioOf, clusterOf)));
}

/**
 * The reference fleet for a run: 800 hosts (CloudSim's experiment) when they take every VM,
 * else a fleet grown in proportion to what was left out (within a few percent of the smallest)
 * on which every VM of every policy finds a host at creation (CloudSim's rule: a VM asks for its
 * full MIPS and RAM).
 */
export function sizeReferenceFleet(vms: number, policies: readonly PolicySpec[], clusterOf?: (hosts: number) => number[]): number {
  let hosts = REFERENCE_HOSTS;
  for (let step = 0; step < 40; step++) {
    const unplaced = worstUnplaced(vms, policies, (n) => referenceScenario(n, hosts), clusterOf);
    if (unplaced === 0) return hosts;
    // In proportion to what was left out, and 1 % more: creation is not exactly linear in hosts
    // (the split into clusters moves a few VMs), so the last steps would otherwise crawl.
    hosts = Math.max(hosts + 1, Math.ceil((1.01 * hosts * vms) / Math.max(1, vms - unplaced)));
  }
  return hosts;
}
