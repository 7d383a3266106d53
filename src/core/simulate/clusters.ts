import type { SeriesPoint, SimResult } from './engine.js';
import { addTotals, metricsFrom } from './metrics.js';
import type { SimScenario } from './scenario.js';

/**
 * Hosts per consolidation domain for large reference fleets. VMware DRS balances and DPM
 * consolidates within a cluster (at most 64-96 hosts), OpenStack Watcher within an audit scope;
 * nobody runs one placement search over tens of thousands of hosts. The reference fleet (800
 * hosts) is one domain; a larger one is cut into domains of this many hosts, each consolidated
 * on its own, so cost grows linearly with the fleet instead of with VMs x hosts.
 */
export const DEFAULT_CLUSTER_HOSTS = 1000;

/** The consolidation domains of a fleet: a datacenter file's own clusters, or blocks of `clusterHosts` hosts of the reference fleet (0: one domain). */
export function consolidationDomains(fleet: { datacenterHosts?: readonly { cluster: string }[] | undefined; clusterHosts: number }): (hosts: number) => number[] {
  const dc = fleet.datacenterHosts;
  if (dc) {
    const names = [...new Set(dc.map((h) => h.cluster))];
    return () => dc.map((h) => names.indexOf(h.cluster));
  }
  return (hosts) => Array.from({ length: hosts }, (_, h) => (fleet.clusterHosts > 0 ? Math.floor(h / fleet.clusterHosts) : 0));
}

export interface ClusterPart {
  scenario: SimScenario;
  /** Indices (into the full VM list) of the VMs this cluster runs. */
  vms: number[];
}

/**
 * Splits a fleet by `clusterOf` (host -> cluster). VMs go to clusters in index order, each to the
 * cluster with the least MIPS already assigned per MIPS of capacity (ties to the lower cluster),
 * so that every cluster gets a mix of VM types in proportion to its size.
 */
export function splitClusters(scenario: SimScenario, clusterOf: readonly number[]): ClusterPart[] {
  const count = Math.max(...clusterOf) + 1;
  const hostsOf: number[][] = Array.from({ length: count }, () => []);
  clusterOf.forEach((c, h) => hostsOf[c]!.push(h));
  const capacity = hostsOf.map((hosts) => hosts.reduce((sum, h) => {
    const t = scenario.hostTypes[scenario.hostTypeOf[h]!]!;
    return sum + t.pes * t.mipsPerPe;
  }, 0));
  const assigned = new Float64Array(count);
  const vmsOf: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < scenario.vmTypeOf.length; v++) {
    let best = 0;
    for (let c = 1; c < count; c++) if (assigned[c]! / capacity[c]! < assigned[best]! / capacity[best]!) best = c;
    vmsOf[best]!.push(v);
    assigned[best]! += scenario.vmTypes[scenario.vmTypeOf[v]!]!.mips;
  }
  return hostsOf.map((hosts, c) => ({
    vms: vmsOf[c]!,
    scenario: {
      hostTypes: scenario.hostTypes,
      hostTypeOf: Uint8Array.from(hosts, (h) => scenario.hostTypeOf[h]!),
      vmTypes: scenario.vmTypes,
      vmTypeOf: Uint8Array.from(vmsOf[c]!, (v) => scenario.vmTypeOf[v]!),
      hostNames: hosts.map((h) => scenario.hostNames[h]!),
    },
  }));
}

/** One result for the whole fleet: sums pooled before CloudSim's ratios are taken, series added. */
export function combineClusters(results: readonly SimResult[], durationSec: number): SimResult {
  const totals = results.slice(1).reduce((t, r) => addTotals(t, r.totals), results[0]!.totals);
  const series: SeriesPoint[] = results[0]!.series.map((p, k) => {
    const at = results.map((r) => r.series[k]!);
    const sum = (key: keyof Omit<SeriesPoint, 'timeSec'>) => at.reduce((s, q) => s + q[key], 0);
    return { timeSec: p.timeSec, activeHosts: sum('activeHosts'), powerW: sum('powerW'), overloadedHosts: sum('overloadedHosts'), migrations: sum('migrations'), vms: sum('vms') };
  });
  const add = (key: 'hosts' | 'vms' | 'unplacedVms' | 'hostsUsedAtStart' | 'vmsAtEnd' | 'downtimeSec' | 'vmTicks') => results.reduce((s, r) => s + r[key], 0);
  return {
    metrics: metricsFrom(totals, durationSec),
    totals,
    clusters: results.length,
    series,
    ticks: results[0]!.ticks,
    hosts: add('hosts'),
    vms: add('vms'),
    unplacedVms: add('unplacedVms'),
    hostsUsedAtStart: add('hostsUsedAtStart'),
    vmsAtEnd: add('vmsAtEnd'),
    downtimeSec: add('downtimeSec'),
    vmTicks: add('vmTicks'),
  };
}
