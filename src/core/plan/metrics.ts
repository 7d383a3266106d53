import { hostWatts, kWhPerDay } from '../power.js';
import type { WorkingFleet } from './fleet.js';
import type { FleetMetrics } from './types.js';

export function stdDev(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}

/** Memory load of host i: allocated (with overhead) over its overcommit limit. */
export const memoryLoad = (fleet: WorkingFleet, i: number) => (fleet.limits[i]!.memoryBytes > 0 ? fleet.usedMemory[i]! / fleet.limits[i]!.memoryBytes : 0);

/** Metrics of a fleet; `off` lists hosts powered off (by the plan or already). */
export function fleetMetrics(fleet: WorkingFleet, off: ReadonlySet<string>): FleetMetrics {
  let activeHosts = 0;
  let watts = 0;
  let withoutModel = 0;
  let hottest: string | null = null;
  let maxUtilization = 0;
  let hotSpots = 0;
  const cpu: number[] = [];
  const memory: number[] = [];
  fleet.hosts.forEach((host, i) => {
    const on = host.state !== 'off' && !off.has(host.name);
    const u = fleet.utilization(i);
    if (fleet.vmsOn[i]!.size > 0) activeHosts++;
    const w = hostWatts(host, u, on);
    if (w === null) withoutModel++;
    else watts += w;
    if (!on) return;
    cpu.push(u);
    memory.push(memoryLoad(fleet, i));
    if (u > maxUtilization || hottest === null) {
      maxUtilization = u;
      hottest = host.name;
    }
    if (u > fleet.ceiling + 1e-9) hotSpots++;
  });
  return {
    activeHosts, hostsOn: cpu.length, powerWatts: watts, energyPerDayKWh: kWhPerDay(watts),
    utilizationStdDev: stdDev(cpu), memoryStdDev: stdDev(memory), meanUtilization: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : 0,
    maxUtilization, hottestHost: hottest, hotSpots, hostsWithoutPowerModel: withoutModel,
  };
}

/**
 * The fewest hosts that could hold the load. A VM never leaves its hypervisor class (same product
 * and virtualization mode), so the bound is the sum over classes of each class's bound: per
 * resource, CPU busy cores (at the ceiling, or at what a host already carries above it, since
 * planners leave such hosts as they are), vCPUs and memory (at the overcommit limits), the
 * smallest k whose k largest eligible hosts of the class hold the class's total; a class needs the
 * largest of its three. Computed before planning: no plan can use fewer.
 */
export function lowerBoundHosts(fleet: WorkingFleet): number {
  const eligible = fleet.hosts.map((_h, i) => i).filter((i) => fleet.hosts[i]!.state === 'on' || fleet.vmsOn[i]!.size > 0);
  const byClass = new Map<number, number[]>();
  for (const i of eligible) {
    const members = byClass.get(fleet.classOf(i));
    if (members) members.push(i);
    else byClass.set(fleet.classOf(i), [i]);
  }
  const bound = (hosts: number[], capacity: (i: number) => number, demand: number): number => {
    if (demand <= 1e-9) return 0;
    const caps = hosts.map(capacity).sort((a, b) => b - a);
    let sum = 0;
    for (let k = 0; k < caps.length; k++) {
      sum += caps[k]!;
      if (sum >= demand - 1e-9) return k + 1;
    }
    return caps.length;
  };
  const total = (hosts: number[], values: Float64Array) => hosts.reduce((a, i) => a + values[i]!, 0);
  let hosts = 0;
  for (const members of byClass.values()) {
    hosts += Math.max(
      bound(members, (i) => Math.max(fleet.ceiling * fleet.hosts[i]!.cores, fleet.busy[i]!), total(members, fleet.busy)),
      bound(members, (i) => fleet.limits[i]!.vcpus, total(members, fleet.usedVcpus)),
      bound(members, (i) => fleet.limits[i]!.memoryBytes, total(members, fleet.usedMemory)),
    );
  }
  return hosts;
}
