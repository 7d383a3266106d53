import type { Datacenter, Host, Vm } from '../model.js';
import { holdsResources } from '../model.js';
import { CAPACITY_EPSILON, fitsCapacity, hostLimits, memoryFootprintBytes } from '../placement/capacity.js';
import type { HostLimits } from '../placement/types.js';
import { groupHosts, StaticFitCache } from '../placement/profiles.js';
import { powerIncrease, wattsAt } from '../power.js';
import { MiB } from '../units.js';

/** Busy cores a VM keeps (paused VMs keep none). */
export const busyCores = (vm: Vm) => (vm.state === 'paused' ? 0 : vm.cpus * vm.workload.cpu);

/**
 * Lowest W a busy core can add to a host at utilization u while it stays under the ceiling: the
 * smallest slope of its power model over [u, ceiling] (a lower bound for the power-aware search).
 * 0 where no useful bound holds (no model, waking from a standby above idle, at or past 100 %).
 */
function slopeBoundPerCore(host: Host, utilization: number, ceiling: number, empty: boolean): number {
  const model = host.power;
  if (!model || utilization >= 1 || (empty && model.standbyW > wattsAt(model, 0))) return 0;
  if (model.kind === 'linear') return Math.max(0, model.maxW - model.idleW) / host.cores;
  const table = model.tableW;
  const segments = table.length - 1;
  const from = Math.max(0, Math.floor(utilization * segments));
  const to = Math.min(segments - 1, Math.max(from, Math.floor(Math.min(1, ceiling) * segments)));
  let slope = Infinity;
  for (let k = from; k <= to; k++) slope = Math.min(slope, (table[k + 1]! - table[k]!) * segments);
  return Math.max(0, slope) / host.cores;
}

const interchangeCache = new WeakMap<readonly Host[], string[]>();

/** Interchangeability key per host (see WorkingFleet.interchangeKey), computed once per host list. */
function interchangeKeys(hosts: readonly Host[]): string[] {
  let keys = interchangeCache.get(hosts);
  if (!keys) {
    const kinds = groupHosts(hosts, (h) => [h.state, h.cluster, h.hypervisor, h.os, h.arch, h.containers, h.cores, h.memoryBytes, h.reserve, h.overcommit, h.nicBytesPerSec, h.power]);
    keys = Array.from(kinds.profileOf, (id) => `k${id}`);
    interchangeCache.set(hosts, keys);
  }
  return keys;
}

/** Memory levels of WorkingFleet.treeCpuByMemory: 512 MiB, 1 GiB, ... 1 TiB. */
const MEMORY_LEVEL_BYTES = 512 * MiB;
const MEMORY_LEVELS = 12;
const MEMORY_LEVEL_THRESHOLDS = Array.from({ length: MEMORY_LEVELS }, (_, k) => MEMORY_LEVEL_BYTES * 2 ** k - CAPACITY_EPSILON);

/** Costs within this relative margin count as equal (the lower host index wins). */
const TIE_MARGIN = 1e-9;
const tieTolerance = (cost: number) => TIE_MARGIN * Math.max(1, Math.abs(cost));

/**
 * The order of hosts at the segment tree's leaves: host index (first fit needs it), or cheapest
 * power class first (the power-aware search prunes whole classes then).
 */
export type LeafOrder = 'index' | 'power';

/** What a target search needs to know about a VM, computed once per search. */
interface Probe {
  busy: number;
  /** Static filter verdict per host profile. */
  statics: boolean[];
  /** Hypervisor class the target must share with the source (-1: any). */
  sourceClass: number;
  /** Memory footprint per hypervisor class. */
  footprint: Float64Array;
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
  /** The VMs on each host (the objects given to add). */
  readonly vmsOn: Set<Vm>[];
  /** Host of each VM that belongs to a group (group rules need to know whether it is placed). */
  private readonly groupedHostOf = new Map<string, number>();
  /** May receive VMs in this plan (on, not in maintenance, not being emptied). */
  readonly receiving: Uint8Array;
  private readonly groups: (Map<string, number> | undefined)[];
  private readonly groupTotals = new Map<string, number>();
  private readonly staticCache: StaticFitCache;
  private readonly interchange: string[];
  /** Hypervisor class per host: the same product and virtualization mode (migration compatibility, memory overhead). */
  private readonly hvClass: Int32Array;
  private readonly hvClassIds = new Map<string, number>();
  private readonly hvRepresentative: number[] = [];
  // Segment tree: max CPU room, max memory room, max vCPU room, min W per core.
  private readonly size: number;
  /** Leaf position of each host, and the host at each leaf (see LeafOrder). */
  private readonly leafOf: Int32Array;
  private readonly hostAt: Int32Array;
  /** Lowest host index in each subtree (ties go to the lowest index whatever the leaf order). */
  private readonly treeMinIndex: Int32Array;
  /** scan's work stack, reused (searches never nest: visit callbacks only test and cost hosts). */
  private readonly stack = new Int32Array(80);
  private readonly treeCpu: Float64Array;
  /**
   * Per memory level k: the largest CPU room among hosts with at least MEMORY_LEVEL_BYTES x 2^k of
   * memory room. Room in one dimension and room in the other often sit on different hosts of a
   * subtree; this keeps a search out of subtrees where no single host has both.
   */
  private readonly treeCpuByMemory: Float64Array[];
  private readonly treeMem: Float64Array;
  private readonly treeVcpu: Float64Array;
  private readonly treeSlope: Float64Array;

  constructor(readonly dc: Datacenter, vms: readonly Vm[], readonly ceiling: number, readonly order: LeafOrder = 'index') {
    this.hosts = dc.hosts;
    const n = this.hosts.length;
    this.limits = this.hosts.map(hostLimits);
    this.usedVcpus = new Float64Array(n);
    this.usedMemory = new Float64Array(n);
    this.busy = new Float64Array(n);
    this.vmsOn = this.hosts.map(() => new Set<Vm>());
    this.groups = new Array(n);
    this.receiving = Uint8Array.from(this.hosts, (h) => (h.state === 'on' ? 1 : 0));
    this.hvClass = Int32Array.from(this.hosts, (h, i) => this.hypervisorClass(h, i));
    this.interchange = interchangeKeys(this.hosts);
    this.staticCache = new StaticFitCache(dc);
    const index = new Map(this.hosts.map((h, i) => [h.name, i]));
    for (const vm of vms) {
      const i = vm.host === null ? undefined : index.get(vm.host);
      if (i !== undefined && holdsResources(vm.state)) this.add(vm, i, false);
    }
    this.size = 1 << Math.ceil(Math.log2(Math.max(1, n)));
    const hostsInOrder = this.hosts.map((_h, i) => i);
    if (order === 'power') {
      // Cheapest power class first, so that the power bound prunes whole classes; index order within a class.
      const cheapest = this.hosts.map((h) => (h.power ? slopeBoundPerCore(h, 0, ceiling, false) : Infinity));
      hostsInOrder.sort((a, b) => cheapest[a]! - cheapest[b]! || a - b);
    }
    this.hostAt = Int32Array.from(hostsInOrder);
    this.leafOf = new Int32Array(n);
    hostsInOrder.forEach((i, leaf) => (this.leafOf[i] = leaf));
    this.treeMinIndex = new Int32Array(2 * this.size).fill(0x7fffffff);
    for (let leaf = 0; leaf < n; leaf++) this.treeMinIndex[this.size + leaf] = this.hostAt[leaf]!;
    for (let p = this.size - 1; p >= 1; p--) this.treeMinIndex[p] = Math.min(this.treeMinIndex[2 * p]!, this.treeMinIndex[2 * p + 1]!);
    this.treeCpu = new Float64Array(2 * this.size).fill(-Infinity);
    this.treeCpuByMemory = Array.from({ length: MEMORY_LEVELS }, () => new Float64Array(2 * this.size).fill(-Infinity));
    this.treeMem = new Float64Array(2 * this.size).fill(-Infinity);
    this.treeVcpu = new Float64Array(2 * this.size).fill(-Infinity);
    this.treeSlope = new Float64Array(2 * this.size).fill(Infinity);
    for (let i = 0; i < n; i++) this.setLeaf(i);
    for (let p = this.size - 1; p >= 1; p--) this.pull(p);
  }

  private readonly hvClassOfHost = new Map<Host, number>();

  private hypervisorClass(host: Host, index = -1): number {
    const known = this.hvClassOfHost.get(host);
    if (known !== undefined) return known;
    const key = `${host.hypervisor.product}|${host.hypervisor.virtualization}`;
    let id = this.hvClassIds.get(key);
    if (id === undefined) {
      id = this.hvClassIds.size;
      this.hvClassIds.set(key, id);
      this.hvRepresentative.push(index);
    }
    this.hvClassOfHost.set(host, id);
    return id;
  }

  /** Hypervisor class of host i (a VM never leaves its class: same product and virtualization mode). */
  classOf(i: number): number {
    return this.hvClass[i]!;
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
    const p = this.size + this.leafOf[i]!;
    const open = this.receiving[i] === 1;
    const cpuRoom = open ? this.cpuRoom(i) : -Infinity;
    this.treeCpu[p] = cpuRoom;
    const memoryRoom = this.limits[i]!.memoryBytes - this.usedMemory[i]!;
    for (let k = 0; k < MEMORY_LEVELS; k++) this.treeCpuByMemory[k]![p] = memoryRoom >= MEMORY_LEVEL_THRESHOLDS[k]! ? cpuRoom : -Infinity;
    this.treeMem[p] = open ? this.limits[i]!.memoryBytes - this.usedMemory[i]! : -Infinity;
    this.treeVcpu[p] = open ? this.limits[i]!.vcpus - this.usedVcpus[i]! : -Infinity;
    this.treeSlope[p] = open ? slopeBoundPerCore(this.hosts[i]!, this.utilization(i), this.ceiling, this.vmsOn[i]!.size === 0) : Infinity;
  }

  private pull(p: number): void {
    const l = 2 * p;
    const r = l + 1;
    this.treeCpu[p] = Math.max(this.treeCpu[l]!, this.treeCpu[r]!);
    for (const tree of this.treeCpuByMemory) tree[p] = Math.max(tree[l]!, tree[r]!);
    this.treeMem[p] = Math.max(this.treeMem[l]!, this.treeMem[r]!);
    this.treeVcpu[p] = Math.max(this.treeVcpu[l]!, this.treeVcpu[r]!);
    this.treeSlope[p] = Math.min(this.treeSlope[l]!, this.treeSlope[r]!);
  }

  private refresh(i: number): void {
    if (!this.treeCpu.length) return;
    this.setLeaf(i);
    for (let p = (this.size + this.leafOf[i]!) >> 1; p >= 1; p >>= 1) this.pull(p);
  }

  setReceiving(i: number, open: boolean): void {
    this.receiving[i] = open ? 1 : 0;
    this.refresh(i);
  }

  add(vm: Vm, i: number, refresh = true): void {
    this.usedVcpus[i]! += vm.cpus;
    this.usedMemory[i]! += memoryFootprintBytes(vm, this.hosts[i]!, this.dc);
    this.busy[i]! += busyCores(vm);
    this.vmsOn[i]!.add(vm);
    if (vm.group) {
      this.groupedHostOf.set(vm.name, i);
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
    this.vmsOn[i]!.delete(vm);
    if (vm.group) {
      this.groupedHostOf.delete(vm.name);
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

  /**
   * Hand whole hosts' contents to interchangeable hosts (same interchangeKey, so every VM's
   * footprint and every limit is the same there): the content of `from` ends on `to` for each
   * pair. Targets must be empty or themselves handed on.
   */
  relabel(mapping: ReadonlyMap<number, number>): void {
    const pairs = [...mapping].filter(([from, to]) => from !== to);
    const taken = pairs.map(([from, to]) => ({ to, vcpus: this.usedVcpus[from]!, memory: this.usedMemory[from]!, busy: this.busy[from]!, vms: this.vmsOn[from]!, groups: this.groups[from] }));
    for (const [from, to] of pairs) {
      if (this.interchange[from] !== this.interchange[to]) throw new Error(`relabel: ${this.hosts[from]!.name} and ${this.hosts[to]!.name} are not interchangeable`);
      this.usedVcpus[from] = 0;
      this.usedMemory[from] = 0;
      this.busy[from] = 0;
      this.vmsOn[from] = new Set();
      this.groups[from] = undefined;
    }
    for (const t of taken) {
      if (this.vmsOn[t.to]!.size > 0) throw new Error(`relabel: ${this.hosts[t.to]!.name} is not empty`);
      this.usedVcpus[t.to] = t.vcpus;
      this.usedMemory[t.to] = t.memory;
      this.busy[t.to] = t.busy;
      this.vmsOn[t.to] = t.vms;
      this.groups[t.to] = t.groups;
      for (const vm of t.vms) if (vm.group) this.groupedHostOf.set(vm.name, t.to);
    }
    for (const [from, to] of pairs) {
      this.refresh(from);
      this.refresh(to);
    }
  }

  /** Group rules on host i for a VM not counted there: planners keep `should` rules as well as `must`. */
  keepsGroupRule(vm: Vm, i: number): boolean {
    if (!vm.group) return true;
    const here = this.groups[i]?.get(vm.group.name) ?? 0;
    if (vm.group.rule === 'anti-affinity') return here === 0;
    const elsewhere = (this.groupTotals.get(vm.group.name) ?? 0) - (this.groupedHostOf.has(vm.name) ? 1 : 0);
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

  private probe(vm: Vm, source: Host | null): Probe {
    const footprint = Float64Array.from(this.hvRepresentative, (i) => (i < 0 ? Infinity : memoryFootprintBytes(vm, this.hosts[i]!, this.dc)));
    return { busy: busyCores(vm), statics: this.staticCache.forVm(vm), sourceClass: source ? this.hypervisorClass(source) : -1, footprint };
  }

  /** fits() with the VM's facts computed once (the same checks in the same order). */
  private accepts(vm: Vm, i: number, probe: Probe): boolean {
    if (this.receiving[i] !== 1) return false;
    const hv = this.hvClass[i]!;
    if (probe.sourceClass >= 0 && hv !== probe.sourceClass) return false;
    if (!probe.statics[this.staticCache.profileOf[i]!]) return false;
    if (!fitsCapacity(this.limits[i]!, this.usedVcpus[i]!, this.usedMemory[i]!, vm.cpus, probe.footprint[hv]!)) return false;
    if (probe.busy > this.cpuRoom(i) + 1e-9) return false;
    return this.keepsGroupRule(vm, i);
  }

  /**
   * Depth-first over the segment tree, left first, skipping subtrees without the raw room
   * (largest CPU, memory and vCPU room, each a necessary condition; the leaf test is exact).
   * `visit` sees every host that takes the VM, in leaf order, and returns true to stop;
   * `prune(p)` may skip a subtree.
   */
  private scan(vm: Vm, probe: Probe, visit: (i: number) => boolean, prune?: (p: number) => boolean): void {
    const n = this.hosts.length;
    const { size, treeMem, treeVcpu, hostAt, stack } = this;
    const level = Math.floor(Math.log2(vm.memoryBytes / MEMORY_LEVEL_BYTES));
    const treeCpu = level >= 0 ? this.treeCpuByMemory[Math.min(MEMORY_LEVELS - 1, level)]! : this.treeCpu;
    const busy = probe.busy - 1e-9;
    const memory = vm.memoryBytes - 1e-6;
    const vcpus = vm.cpus - 1e-9;
    let top = 0;
    stack[top++] = 1;
    while (top > 0) {
      const p = stack[--top]!;
      if (treeCpu[p]! < busy || treeMem[p]! < memory || treeVcpu[p]! < vcpus || (prune !== undefined && prune(p))) continue;
      if (p < size) {
        stack[top++] = 2 * p + 1;
        stack[top++] = 2 * p;
      } else if (p - size < n) {
        const i = hostAt[p - size]!;
        if (this.accepts(vm, i, probe) && visit(i)) return;
      }
    }
  }

  /** first-fit: the lowest-index host that fits. */
  firstFit(vm: Vm, source: Host | null, skip: (i: number) => boolean = () => false): number {
    let found = -1;
    // In index order the first host found is the answer; in another leaf order, subtrees of higher indices are skipped.
    this.scan(vm, this.probe(vm, source), (i) => {
      if (skip(i)) return false;
      found = i;
      return this.order === 'index';
    }, this.order === 'index' ? undefined : (p) => found >= 0 && this.treeMinIndex[p]! > found);
    return found;
  }

  /**
   * Branch and bound for the host minimizing cost(i); `bound(p)` is a lower bound of the cost in
   * subtree p. Costs within TIE_MARGIN are ties, and ties go to the lower host index.
   */
  private bestBy(vm: Vm, source: Host | null, cost: (i: number) => number, bound: ((p: number) => number) | null, skip: (i: number) => boolean): number {
    let best = -1;
    let bestCost = Infinity;
    const { treeMinIndex } = this;
    const prune = (p: number) => {
      if (best < 0) return false;
      const b = bound!(p);
      return b > bestCost + tieTolerance(bestCost) || (b >= bestCost - tieTolerance(bestCost) && treeMinIndex[p]! > best);
    };
    this.scan(vm, this.probe(vm, source), (i) => {
      if (skip(i)) return false;
      const c = cost(i);
      if (best < 0 || c < bestCost - tieTolerance(bestCost) || (c <= bestCost + tieTolerance(bestCost) && i < best)) {
        best = i;
        bestCost = c;
      }
      return false;
    }, bound === null ? undefined : prune);
    return best;
  }

  /** best-fit: the host left with the least CPU room (cores under the ceiling) after taking the VM. */
  bestFit(vm: Vm, source: Host | null, skip: (i: number) => boolean = () => false): number {
    return this.bestBy(vm, source, (i) => this.roomLeft(vm, i), null, skip);
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
    // The bound is a product of rounded numbers: shaved so that it stays below the exact cost.
    return this.bestBy(vm, source, (i) => this.powerCost(vm, i), (p) => this.treeSlope[p]! * need * (1 - 1e-12), skip);
  }

  powerCost(vm: Vm, i: number): number {
    const host = this.hosts[i]!;
    const added = busyCores(vm) / host.cores;
    const increase = powerIncrease(host, this.utilization(i), added, this.vmsOn[i]!.size === 0);
    return host.power ? increase : 1e12 + increase; // hosts without a power model come last
  }
}
