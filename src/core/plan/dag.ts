import type { Datacenter, Vm } from '../model.js';
import type { MigrationMode } from '../migration/types.js';
import { CAPACITY_EPSILON, hostLimits, memoryFootprintBytes } from '../placement/capacity.js';
import { holdsResources } from '../model.js';

/** One move of a plan, resolved: its step (1-based), the VM, the hosts by index. */
export interface StepMove {
  step: number;
  vm: Vm;
  source: number;
  target: number;
  mode: MigrationMode;
}

/** Allocation per host (vCPUs, memory with overhead) of the VMs holding resources, by host index. */
export function hostAllocation(dc: Datacenter, vms: readonly Vm[]): { vcpus: Float64Array; memoryBytes: Float64Array } {
  const index = new Map(dc.hosts.map((h, i) => [h.name, i]));
  const vcpus = new Float64Array(dc.hosts.length);
  const memoryBytes = new Float64Array(dc.hosts.length);
  for (const vm of vms) {
    const i = vm.host === null ? undefined : index.get(vm.host);
    if (i === undefined || !holdsResources(vm.state)) continue;
    vcpus[i]! += vm.cpus;
    memoryBytes[i]! += memoryFootprintBytes(vm, dc.hosts[i]!, dc);
  }
  return { vcpus, memoryBytes };
}

const mustGroup = (vm: Vm, rule: 'affinity' | 'anti-affinity') => (vm.group && vm.group.enforcement === 'must' && vm.group.rule === rule ? vm.group.name : null);

/**
 * What each move of a plan waits for, so that independent moves run in parallel and no moment of
 * the run is worse than the plan's steps (steps in order, a step's moves together). A move waits
 * for: an earlier move of the same VM; the earlier steps' departures from its target when the
 * target could not hold every arrival of steps up to its own while those VMs are still there (it
 * needs the room they free); the earlier steps' departures of its must anti-affinity group from
 * its target; and the earlier steps' moves of its must affinity group. Moves are in step order;
 * `waits[i]` lists the earlier moves (indices) move i waits for, and why.
 */
export type WaitReason = 'same-vm' | 'room' | 'anti-affinity' | 'affinity';
export interface Wait {
  on: number;
  why: WaitReason;
}

export function moveDependencies(dc: Datacenter, vms: readonly Vm[], moves: readonly StepMove[]): Wait[][] {
  const base = hostAllocation(dc, vms);
  const limits = dc.hosts.map(hostLimits);
  const arrivedVcpus = new Float64Array(dc.hosts.length);
  const arrivedMemory = new Float64Array(dc.hosts.length);
  const departures = new Map<number, number[]>();
  const lastMoveOf = new Map<string, number>();
  const groupMoves = new Map<string, number[]>();
  const waits: Wait[][] = moves.map(() => []);
  let stepStart = 0;
  while (stepStart < moves.length) {
    const step = moves[stepStart]!.step;
    let stepEnd = stepStart;
    while (stepEnd < moves.length && moves[stepEnd]!.step === step) stepEnd++;
    for (let i = stepStart; i < stepEnd; i++) {
      const m = moves[i]!;
      if (!holdsResources(m.vm.state)) continue;
      arrivedVcpus[m.target]! += m.vm.cpus;
      arrivedMemory[m.target]! += memoryFootprintBytes(m.vm, dc.hosts[m.target]!, dc);
    }
    for (let i = stepStart; i < stepEnd; i++) {
      const m = moves[i]!;
      const on = new Map<number, WaitReason>();
      const wait = (d: number, why: WaitReason) => {
        if (!on.has(d)) on.set(d, why);
      };
      const previous = lastMoveOf.get(m.vm.name);
      if (previous !== undefined) wait(previous, 'same-vm');
      const x = m.target;
      const roomy = base.vcpus[x]! + arrivedVcpus[x]! <= limits[x]!.vcpus + CAPACITY_EPSILON && base.memoryBytes[x]! + arrivedMemory[x]! <= limits[x]!.memoryBytes + CAPACITY_EPSILON;
      const leaving = departures.get(x) ?? [];
      if (!roomy && holdsResources(m.vm.state)) for (const d of leaving) wait(d, 'room');
      const anti = mustGroup(m.vm, 'anti-affinity');
      if (anti) for (const d of leaving) if (mustGroup(moves[d]!.vm, 'anti-affinity') === anti) wait(d, 'anti-affinity');
      const affinity = mustGroup(m.vm, 'affinity');
      if (affinity) for (const d of groupMoves.get(affinity) ?? []) wait(d, 'affinity');
      waits[i] = [...on].map(([d, why]) => ({ on: d, why })).sort((a, b) => a.on - b.on);
    }
    for (let i = stepStart; i < stepEnd; i++) {
      const m = moves[i]!;
      lastMoveOf.set(m.vm.name, i);
      const left = departures.get(m.source);
      if (left) left.push(i);
      else departures.set(m.source, [i]);
      const affinity = mustGroup(m.vm, 'affinity');
      if (affinity) groupMoves.set(affinity, [...(groupMoves.get(affinity) ?? []), i]);
    }
    stepStart = stepEnd;
  }
  return waits;
}
