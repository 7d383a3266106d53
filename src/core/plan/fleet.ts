import type { Datacenter, Host, Vm } from '../model.js';
import { holdsResources } from '../model.js';
import { fitsCapacity, hostLimits, memoryFootprintBytes } from '../placement/capacity.js';
import type { HostLimits } from '../placement/types.js';
import { groupHosts, StaticFitCache } from '../placement/profiles.js';
import { powerIncrease } from '../power.js';


/** Busy cores a VM keeps (paused VMs keep none). */
export const busyCores = (vm: Vm) => (vm.state === 'paused' ? 0 : vm.cpus * vm.workload.cpu);

/** Lowest W per busy core a host's power model can add (a bound for power-aware search). */
function minSlopePerCore(host: Host): number {
  const model = host.power;
  if (!model) return Infinity;
  if (model.kind === 'linear') return (model.maxW - model.idleW) / host.cores;
  let slope = Infinity;
  for (let k = 0; k + 1 < model.tableW.length; k++) slope = Math.min(slope, (model.tableW[k + 1]! - model.tableW[k]!) * (model.tableW.length - 1));
  return Math.max(0, slope) / host.cores;
}

/**
 * A mutable copy of who runs where, for planners: allocation against overcommit limits, CPU
 * busy cores against a utilization ceiling, groups, and which hosts may receive. A segment tree
 * over hosts keeps the largest free room per subtree, so target searches skip full hosts.
 */
export class WorkingFleet {
  readonly hosts: Host[];
  readonly limits: HostLimits[];
  readonly usedVcpus: Float64Array;
  readonly usedMemory: Float64Array;
  readonly busy: Float64Array;
  readonly vmsOn: Set<string>[];
  readonly hostOf = new Map<string, number>();
  readonly vms = new Map<string, Vm>();
  /** May receive VMs in this plan (on, not in maintenance, not being emptied). */
  readonly receiving: Uint8Array;
  private readonly groups: (Map<string, number> | undefined)[];
  private readonly groupTotals = new Map<string, number>();
  private readonly staticCache: StaticFitCache;
  private readonly interchange: string[];
  private readonly slope: Float64Array;
  // Segment tree: max CPU room, max memory room, max vCPU room, min W per core.
  private readonly size: number;
  private readonly treeCpu: Float64Array;
  private readonly treeMem: Float64Array;
  private readonly treeVcpu: Float64Array;
  private readonly treeSlope: Float64Array;

  constructor(readonly dc: Datacenter, vms: readonly Vm[], readonly ceiling: number) {
    this.hosts = dc.hosts;
    const n = this.hosts.length;
    this.limits = this.hosts.map(hostLimits);
    this.usedVcpus = new Float64Array(n);
    this.usedMemory = new Float64Array(n);
    this.busy = new Float64Array(n);
    this.vmsOn = this.hosts.map(() => new Set<string>());
    this.groups = new Array(n);
    this.receiving = Uint8Array.from(this.hosts, (h) => (h.state === 'on' ? 1 : 0));
    this.slope = Float64Array.from(this.hosts, minSlopePerCore);
    const kinds = groupHosts(this.hosts, (h) => [h.state, h.cluster, h.hypervisor, h.os, h.arch, h.containers, h.cores, h.memoryBytes, h.reserve, h.overcommit, h.nicBytesPerSec, h.power]);
    this.interchange = Array.from(kinds.profileOf, (id) => `k${id}`);
    this.staticCache = new StaticFitCache(dc);
    const index = new Map(this.hosts.map((h, i) => [h.name, i]));
    for (const vm of vms) {
      const i = vm.host === null ? undefined : index.get(vm.host);
      if (i !== undefined && holdsResources(vm.state)) this.add(vm, i, false);
    }
    this.size = 1 << Math.ceil(Math.log2(Math.max(1, n)));
    this.treeCpu = new Float64Array(2 * this.size).fill(-Infinity);
    this.treeMem = new Float64Array(2 * this.size).fill(-Infinity);
    this.treeVcpu = new Float64Array(2 * this.size).fill(-Infinity);
    this.treeSlope = new Float64Array(2 * this.size).fill(Infinity);
    for (let i = 0; i < n; i++) this.setLeaf(i);
    for (let p = this.size - 1; p >= 1; p--) this.pull(p);
  }

  /** Hosts with the same key are interchangeable for every VM (same filters, capacity, path and power). */
  interchangeKey(i: number): string {
    return this.interchange[i]!;
  }

  utilization(i: number): number {
    return this.busy[i]! / this.hosts[i]!.cores;
  }

  cpuRoom(i: number): number {
    return this.ceiling * this.hosts[i]!.cores - this.busy[i]!;
  }

  private setLeaf(i: number): void {
    const p = this.size + i;
    const open = this.receiving[i] === 1;
    this.treeCpu[p] = open ? this.cpuRoom(i) : -Infinity;
    this.treeMem[p] = open ? this.limits[i]!.memoryBytes - this.usedMemory[i]! : -Infinity;
    this.treeVcpu[p] = open ? this.limits[i]!.vcpus - this.usedVcpus[i]! : -Infinity;
    this.treeSlope[p] = open ? this.slope[i]! : Infinity;
  }

  private pull(p: number): void {
    const l = 2 * p;
    const r = l + 1;
    this.treeCpu[p] = Math.max(this.treeCpu[l]!, this.treeCpu[r]!);
    this.treeMem[p] = Math.max(this.treeMem[l]!, this.treeMem[r]!);
    this.treeVcpu[p] = Math.max(this.treeVcpu[l]!, this.treeVcpu[r]!);
    this.treeSlope[p] = Math.min(this.treeSlope[l]!, this.treeSlope[r]!);
  }

  private refresh(i: number): void {
    if (!this.treeCpu.length) return;
    this.setLeaf(i);
    for (let p = (this.size + i) >> 1; p >= 1; p >>= 1) this.pull(p);
  }

  setReceiving(i: number, open: boolean): void {
    this.receiving[i] = open ? 1 : 0;
    this.refresh(i);
  }

  add(vm: Vm, i: number, refresh = true): void {
    this.usedVcpus[i]! += vm.cpus;
    this.usedMemory[i]! += memoryFootprintBytes(vm, this.hosts[i]!, this.dc);
    this.busy[i]! += busyCores(vm);
    this.vmsOn[i]!.add(vm.name);
    this.hostOf.set(vm.name, i);
    this.vms.set(vm.name, vm);
    if (vm.group) {
      const g = this.groups[i] ?? new Map<string, number>();
      g.set(vm.group.name, (g.get(vm.group.name) ?? 0) + 1);
      this.groups[i] = g;
      this.groupTotals.set(vm.group.name, (this.groupTotals.get(vm.group.name) ?? 0) + 1);
    }
    if (refresh) this.refresh(i);
  }

  remove(vm: Vm, i: number): void {
    this.usedVcpus[i]! -= vm.cpus;
    this.usedMemory[i]! -= memoryFootprintBytes(vm, this.hosts[i]!, this.dc);
    this.busy[i]! -= busyCores(vm);
    this.vmsOn[i]!.delete(vm.name);
    this.hostOf.delete(vm.name);
    if (vm.group) {
      const g = this.groups[i]!;
      g.set(vm.group.name, g.get(vm.group.name)! - 1);
      if (g.get(vm.group.name) === 0) g.delete(vm.group.name);
      this.groupTotals.set(vm.group.name, this.groupTotals.get(vm.group.name)! - 1);
    }
    this.refresh(i);
  }

  move(vm: Vm, from: number, to: number): void {
    this.remove(vm, from);
    this.add(vm, to);
  }

  /** Group rules on host i for a VM not counted there: planners keep `should` rules as well as `must`. */
  keepsGroupRule(vm: Vm, i: number): boolean {
    if (!vm.group) return true;
    const here = this.groups[i]?.get(vm.group.name) ?? 0;
    if (vm.group.rule === 'anti-affinity') return here === 0;
    const elsewhere = (this.groupTotals.get(vm.group.name) ?? 0) - (this.hostOf.has(vm.name) && vm.group ? 1 : 0);
    return elsewhere === 0 || here > 0;
  }

  /** Could host i take this VM now (filters, overcommit limits, CPU ceiling, group rules, same hypervisor as its source)? */
  fits(vm: Vm, i: number, source: Host | null): boolean {
    if (this.receiving[i] !== 1) return false;
    const host = this.hosts[i]!;
    if (source && (source.hypervisor.product !== host.hypervisor.product || source.hypervisor.virtualization !== host.hypervisor.virtualization)) return false;
    if (!this.staticCache.fits(vm, i)) return false;
    if (!fitsCapacity(this.limits[i]!, this.usedVcpus[i]!, this.usedMemory[i]!, vm.cpus, memoryFootprintBytes(vm, host, this.dc))) return false;
    if (busyCores(vm) > this.cpuRoom(i) + 1e-9) return false;
    return this.keepsGroupRule(vm, i);
  }

  /** Why no receiving host takes the VM: the first failing check per host, counted ("2 hosts: CPU ceiling; 1: anti-affinity web"). */
  explain(vm: Vm, source: Host | null, extra?: (i: number) => string | null): string {
    const counts = new Map<string, number>();
    let receiving = 0;
    this.hosts.forEach((host, i) => {
      if (this.receiving[i] !== 1) return;
      receiving++;
      let why: string | null = null;
      if (source && (source.hypervisor.product !== host.hypervisor.product || source.hypervisor.virtualization !== host.hypervisor.virtualization)) why = 'other hypervisor or mode';
      else if (!this.staticCache.fits(vm, i)) why = 'placement filters (tenancy, hypervisor, state)';
      else if (!fitsCapacity(this.limits[i]!, this.usedVcpus[i]!, this.usedMemory[i]!, vm.cpus, memoryFootprintBytes(vm, host, this.dc))) why = 'overcommit limits';
      else if (busyCores(vm) > this.cpuRoom(i) + 1e-9) why = `CPU ceiling ${Math.round(this.ceiling * 100)}%`;
      else if (!this.keepsGroupRule(vm, i)) why = `${vm.group!.rule} group ${vm.group!.name}`;
      else why = extra?.(i) ?? null;
      if (why) counts.set(why, (counts.get(why) ?? 0) + 1);
    });
    if (receiving === 0) return 'no other active host to receive it';
    return `no host takes it: ${[...counts].sort((a, b) => b[1] - a[1]).map(([why, n]) => `${n} host${n === 1 ? '' : 's'} ${why}`).join('; ')}`;
  }

  /** Subtree p could hold the VM by raw room (a necessary condition; the leaf test is exact). */
  private roomy(p: number, busy: number, memory: number, vcpus: number): boolean {
    return this.treeCpu[p]! >= busy - 1e-9 && this.treeMem[p]! >= memory - 1e-6 && this.treeVcpu[p]! >= vcpus - 1e-9;
  }

  /** first-fit: the lowest-index host that fits. */
  firstFit(vm: Vm, source: Host | null, skip: (i: number) => boolean = () => false): number {
    const n = this.hosts.length;
    const busy = busyCores(vm);
    const search = (p: number): number => {
      if (!this.roomy(p, busy, vm.memoryBytes, vm.cpus)) return -1;
      if (p >= this.size) {
        const i = p - this.size;
        return i < n && this.fits(vm, i, source) && !skip(i) ? i : -1;
      }
      const left = search(2 * p);
      return left >= 0 ? left : search(2 * p + 1);
    };
    return search(1);
  }

  /**
   * Branch and bound for the host minimizing cost(i); `bound(p)` is a lower bound of the cost in
   * subtree p. Ties go to the lower index.
   */
  private bestBy(vm: Vm, source: Host | null, cost: (i: number) => number, bound: (p: number) => number, skip: (i: number) => boolean): number {
    const n = this.hosts.length;
    let best = -1;
    let bestCost = Infinity;
    const busy = busyCores(vm);
    const search = (p: number): void => {
      if (!this.roomy(p, busy, vm.memoryBytes, vm.cpus) || bound(p) > bestCost) return;
      if (p >= this.size) {
        const i = p - this.size;
        if (i >= n || !this.fits(vm, i, source) || skip(i)) return;
        const c = cost(i);
        if (c < bestCost || (c === bestCost && i < best)) {
          best = i;
          bestCost = c;
        }
        return;
      }
      search(2 * p);
      search(2 * p + 1);
    };
    search(1);
    return best;
  }

  /** best-fit: the host left with the least CPU room (cores under the ceiling) after taking the VM. */
  bestFit(vm: Vm, source: Host | null, skip: (i: number) => boolean = () => false): number {
    return this.bestBy(vm, source, (i) => this.roomLeft(vm, i), () => -Infinity, skip);
  }

  /**
   * Capacity a host has left after taking the VM: the length of its normalized free (CPU under the
   * ceiling, memory) vector (the norm-based greedy of Panigrahy et al., "Heuristics for Vector Bin
   * Packing", 2011), so that best fit packs both dimensions rather than CPU alone.
   */
  roomLeft(vm: Vm, i: number): number {
    const host = this.hosts[i]!;
    const cpu = (this.cpuRoom(i) - busyCores(vm)) / Math.max(1e-9, this.ceiling * host.cores);
    const memory = (this.limits[i]!.memoryBytes - this.usedMemory[i]! - memoryFootprintBytes(vm, host, this.dc)) / Math.max(1, this.limits[i]!.memoryBytes);
    return Math.hypot(cpu, memory);
  }

  /** pabfd (Beloglazov & Buyya): the host whose power grows least; an empty host pays its idle power. */
  leastPower(vm: Vm, source: Host | null, skip: (i: number) => boolean = () => false): number {
    const need = busyCores(vm);
    return this.bestBy(vm, source, (i) => this.powerCost(vm, i), (p) => this.treeSlope[p]! * need, skip);
  }

  powerCost(vm: Vm, i: number): number {
    const host = this.hosts[i]!;
    const added = busyCores(vm) / host.cores;
    const increase = powerIncrease(host, this.utilization(i), added, this.vmsOn[i]!.size === 0);
    return host.power ? increase : 1e12 + increase; // hosts without a power model come last
  }
}
