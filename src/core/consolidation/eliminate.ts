import type { Vm } from '../model.js';
import { memoryFootprintBytes } from '../placement/capacity.js';
import { busyCores } from '../plan/fleet.js';
import type { WorkingFleet } from '../plan/fleet.js';

/**
 * Most candidate evaluations the local search may spend: a small fleet gets a thorough search,
 * a large one a bounded improvement (the greedy pass has already placed every VM).
 */
export const LOCAL_SEARCH_BUDGET = 1_500_000;

interface Search {
  fleet: WorkingFleet;
  canPlace: (vm: Vm, host: number) => boolean;
  movable: (vm: Vm) => boolean;
  work: number;
  budget: number;
  moved: Map<string, number>;
}

/**
 * Local search after a greedy re-pack. Vector bin packing leaves some hosts full of CPU with memory
 * to spare and others the reverse; then the lightest host cannot be emptied by moves alone. Two
 * steps: (1) swap a CPU-heavy VM of a CPU-bound host for a memory-heavy VM of a memory-bound one
 * while that lowers the two hosts' dominant loads, so that room appears in both dimensions;
 * (2) lightest host first, move every VM of a host elsewhere, directly or by a swap (a VM of the
 * receiving host moves on to a third host), all or nothing per host. `canPlace` carries every
 * rule of the plan (filters, limits, ceiling, groups, SLA downtime). Returns the VMs that moved,
 * with their new hosts; emptied hosts stop receiving.
 */
export function improvePacking(
  fleet: WorkingFleet,
  bins: readonly number[],
  canPlace: (vm: Vm, host: number) => boolean,
  movable: (vm: Vm) => boolean,
  budget = LOCAL_SEARCH_BUDGET,
): Map<string, number> {
  const search: Search = { fleet, canPlace, movable, work: 0, budget, moved: new Map() };
  let open = [...bins];
  // Rebalancing makes room for emptying, and emptying changes what rebalancing can do: repeat while hosts empty.
  for (let pass = 0; search.work < budget; pass++) {
    rebalance(search, open, search.work + (budget - search.work) / 2);
    const emptied = emptyLightest(search, open);
    if (emptied.size === 0) break;
    open = open.filter((i) => !emptied.has(i));
  }
  return search.moved;
}

const cpuLoad = (f: WorkingFleet, i: number, delta = 0) => (f.busy[i]! + delta) / Math.max(1e-9, f.ceiling * f.hosts[i]!.cores);
const memLoad = (f: WorkingFleet, i: number, delta = 0) => (f.usedMemory[i]! + delta) / Math.max(1, f.limits[i]!.memoryBytes);
const footprint = (f: WorkingFleet, vm: Vm, i: number) => memoryFootprintBytes(vm, f.hosts[i]!, f.dc);
const vmsOn = (f: WorkingFleet, i: number) => [...f.vmsOn[i]!];

function rebalance(s: Search, bins: readonly number[], budget: number): void {
  const f = s.fleet;
  for (let round = 0; round < 4 && s.work < budget; round++) {
    let swaps = 0;
    const cpuBound = bins.filter((i) => cpuLoad(f, i) > memLoad(f, i)).sort((a, b) => cpuLoad(f, b) - memLoad(f, b) - (cpuLoad(f, a) - memLoad(f, a)) || a - b);
    const memBound = bins.filter((i) => memLoad(f, i) > cpuLoad(f, i)).sort((a, b) => memLoad(f, b) - cpuLoad(f, b) - (memLoad(f, a) - cpuLoad(f, a)) || a - b);
    for (const a of cpuBound) {
      for (const b of memBound) {
        if (s.work >= budget) return;
        if (trySwap(s, a, b)) swaps++;
      }
    }
    if (swaps === 0) return;
  }
}

/** One load-lowering swap between hosts a and b, if there is one. */
function trySwap(s: Search, a: number, b: number): boolean {
  const f = s.fleet;
  const before = Math.max(cpuLoad(f, a), memLoad(f, a)) + Math.max(cpuLoad(f, b), memLoad(f, b));
  const ys = vmsOn(f, b).filter(s.movable);
  for (const x of vmsOn(f, a)) {
    if (!s.movable(x)) continue;
    for (const y of ys) {
      s.work++;
      const dCpu = busyCores(y) - busyCores(x);
      if (dCpu >= 0) continue;
      const after = Math.max(cpuLoad(f, a, dCpu), memLoad(f, a, footprint(f, y, a) - footprint(f, x, a))) + Math.max(cpuLoad(f, b, -dCpu), memLoad(f, b, footprint(f, x, b) - footprint(f, y, b)));
      if (after > before - 1e-6) continue;
      f.remove(x, a);
      f.remove(y, b);
      if (s.canPlace(y, a) && s.canPlace(x, b)) {
        f.add(y, a);
        f.add(x, b);
        s.moved.set(x.name, b);
        s.moved.set(y.name, a);
        return true;
      }
      f.add(x, a);
      f.add(y, b);
    }
  }
  return false;
}

/** Returns the hosts it emptied. */
function emptyLightest(s: Search, bins: readonly number[]): Set<number> {
  const emptied = new Set<number>();
  const f = s.fleet;
  const load = (i: number) => Math.max(cpuLoad(f, i), memLoad(f, i));
  const open = new Set(bins);
  const fitsRoughly = (vm: Vm, i: number) => f.cpuRoom(i) + 1e-9 >= busyCores(vm) && f.limits[i]!.memoryBytes - f.usedMemory[i]! >= footprint(f, vm, i);
  // Fullest hosts first as targets (fill them up), computed once per pass.
  const targetsAll = [...open].sort((a, b) => load(b) - load(a) || a - b);
  const maxCores = Math.max(...bins.map((i) => f.hosts[i]!.cores));
  const maxMemory = Math.max(...bins.map((i) => f.limits[i]!.memoryBytes));
  // Lightest first, by the load it would take elsewhere (absolute), so small hosts go first.
  const weight = (i: number) => f.busy[i]! / Math.max(1e-9, f.ceiling * maxCores) + f.usedMemory[i]! / Math.max(1, maxMemory);
  for (const lightest of [...open].sort((a, b) => weight(a) - weight(b) || a - b)) {
    if (s.work >= s.budget) break;
    const members = vmsOn(f, lightest);
    if (members.some((vm) => !s.movable(vm))) continue;
    members.sort((a, b) => busyCores(b) - busyCores(a) || b.memoryBytes - a.memoryBytes);
    f.setReceiving(lightest, false);
    const targets = targetsAll.filter((i) => i !== lightest && open.has(i));
    const log: { vm: Vm; from: number; to: number }[] = [];
    const move = (vm: Vm, from: number, to: number) => {
      f.move(vm, from, to);
      log.push({ vm, from, to });
    };
    const direct = (vm: Vm, except: number) => targets.find((i) => i !== except && (s.work++, fitsRoughly(vm, i)) && s.canPlace(vm, i));
    const swapIn = (vm: Vm): boolean => {
      for (const b of targets) {
        for (const w of vmsOn(f, b)) {
          if (++s.work > s.budget) return false;
          if (!s.movable(w)) continue;
          if (f.cpuRoom(b) + busyCores(w) + 1e-9 < busyCores(vm) || f.limits[b]!.memoryBytes - f.usedMemory[b]! + footprint(f, w, b) < footprint(f, vm, b)) continue;
          f.remove(w, b);
          const fitsHere = s.canPlace(vm, b);
          const c = fitsHere ? direct(w, b) : undefined;
          f.add(w, b);
          if (c === undefined) continue;
          move(w, b, c);
          move(vm, lightest, b);
          return true;
        }
      }
      return false;
    };
    let ok = true;
    for (const vm of members) {
      const to = direct(vm, lightest);
      if (to !== undefined) move(vm, lightest, to);
      else if (!swapIn(vm)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      open.delete(lightest);
      emptied.add(lightest);
      for (const m of log) s.moved.set(m.vm.name, m.to);
    } else {
      for (const m of log.reverse()) f.move(m.vm, m.to, m.from);
      f.setReceiving(lightest, true);
    }
  }
  return emptied;
}
