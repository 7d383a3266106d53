import { consolidationDomains } from './clusters.js';
import type { PolicySpec } from './policy.js';
import { datacenterScenario, REFERENCE_HOSTS, referenceScenario } from './scenario.js';
import type { DatacenterHostLike, SimScenario } from './scenario.js';
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
 * The reference fleet for a run: 800 hosts (CloudSim's experiment; or `from`) when they take every VM,
 * else a fleet grown in proportion to what was left out (within a few percent of the smallest)
 * on which every VM of every policy finds a host at creation (CloudSim's rule: a VM asks for its
 * full MIPS and RAM).
 */
export function sizeReferenceFleet(vms: number, policies: readonly PolicySpec[], clusterOf?: (hosts: number) => number[], from = REFERENCE_HOSTS): number {
  let hosts = from;
  for (let step = 0; step < 40; step++) {
    const unplaced = worstUnplaced(vms, policies, (n) => referenceScenario(n, hosts), clusterOf);
    if (unplaced === 0) return hosts;
    // In proportion to what was left out, and 1 % more: creation is not exactly linear in hosts
    // (the split into clusters moves a few VMs), so the last steps would otherwise crawl.
    hosts = Math.max(hosts + 1, Math.ceil((1.01 * hosts * vms) / Math.max(1, vms - unplaced)));
  }
  return hosts;
}

export interface FleetRequest {
  vms: number;
  policies: readonly PolicySpec[];
  /** --hosts: a fixed reference fleet; absent: sized to the VMs. */
  hosts?: number | undefined;
  clusterHosts: number;
  /** --datacenter: its hosts and the file, for messages. */
  datacenter?: { file: string; hosts: readonly (DatacenterHostLike & { cluster: string })[] } | undefined;
}

const CREATION_RULE = "CloudSim's creation rule: each VM asks for its full MIPS and RAM";

/**
 * The fleet of a run and what to say about it before it starts: the reference fleet sized so that
 * every VM finds a host at creation (unless --hosts), or the VMs --hosts or a datacenter file
 * leave without one.
 */
export function planFleet(r: FleetRequest): { hosts: number; warnings: string[] } {
  const domains = consolidationDomains({ datacenterHosts: r.datacenter?.hosts, clusterHosts: r.clusterHosts });
  if (r.datacenter) {
    const { file, hosts } = r.datacenter;
    const scenario = datacenterScenario(hosts);
    if ('missing' in scenario) return { hosts: hosts.length, warnings: [] };
    const unplaced = worstUnplaced(r.vms, r.policies, scenario, domains);
    return { hosts: hosts.length, warnings: unplaced ? [`${unplaced} of ${r.vms} VMs will find no host at creation on the ${hosts.length} hosts of ${file} and never run (${CREATION_RULE}); add hosts to the file or pass fewer --vms`] : [] };
  }
  if (r.hosts === undefined) {
    const hosts = sizeReferenceFleet(r.vms, r.policies, domains);
    return { hosts, warnings: hosts > REFERENCE_HOSTS ? [`the reference fleet is sized to ${hosts} hosts (not ${REFERENCE_HOSTS}) so that every one of the ${r.vms} VMs finds a host at creation; --hosts N chooses another size`] : [] };
  }
  const fixed = r.hosts;
  const unplaced = worstUnplaced(r.vms, r.policies, (n) => referenceScenario(n, fixed), domains);
  if (unplaced === 0) return { hosts: fixed, warnings: [] };
  return { hosts: fixed, warnings: [`${unplaced} of ${r.vms} VMs will find no host at creation on ${fixed} hosts and never run (${CREATION_RULE}); --hosts ${sizeReferenceFleet(r.vms, r.policies, domains, fixed)} takes them all`] };
}
