import type { Host, Vm } from '../model.js';
import { holdsResources } from '../model.js';
import { wattsAt } from '../power.js';
import { busyCores, WorkingFleet } from '../plan/fleet.js';
import type { MovePredictor } from '../plan/predict.js';
import { immovable } from '../plan/predict.js';
import type { State } from '../state.js';
import type { ConsolidationStrategy } from './consolidate.js';
import { improvePacking } from './eliminate.js';
import { VmClasses, withoutRedundantMoves } from '../plan/fewer-moves.js';
import { binHostPairs } from './match-weights.js';

/** A VM the plan moves: host indices, and why it goes there. */
export interface RepackedMove {
  vm: Vm;
  from: number;
  to: number;
  why: string;
}

export interface Repacked {
  fleet: WorkingFleet;
  /** The VMs that change host, in the state's order. */
  moves: RepackedMove[];
  kept: { vm: string; host: string; reason: string }[];
}

/** What a host draws per core of capacity when loaded to the ceiling (Infinity without a power model). */
function wattsPerCoreAtCeiling(host: Host, ceiling: number): number {
  return host.power ? wattsAt(host.power, ceiling) / (ceiling * host.cores) : Infinity;
}

/**
 * Pack every movable VM again from scratch, largest first (by its dominant share of the largest
 * host), into as few hosts as the strategy finds: hosts holding VMs that cannot move are open from
 * the start; a VM goes to an open host (ffd: the first in definition order; bfd: the one left with
 * the least CPU room; pabfd: the one whose power grows least) and a new host is opened only when
 * none fits (ffd/bfd: the largest closed host first; pabfd: the most power-efficient one, fewest
 * watts per core when loaded to the ceiling, as Beloglazov, Abawajy & Buyya's MBFD fills "the most
 * power-efficient nodes first"; the host will be filled, so its cost for this one VM alone would
 * be a myopic choice; ties go to the host cheapest to run this VM). Then bins
 * are matched to interchangeable hosts so that as many VMs as possible stay where they are.
 * Returns null when some VM fits nowhere (the caller falls back to evacuation).
 */
export function repack(state: State, strategy: ConsolidationStrategy, ceiling: number, predictor: MovePredictor): Repacked | null {
  const dc = state.datacenter!;
  const hosts = dc.hosts;
  const index = new Map(hosts.map((h, i) => [h.name, i]));
  const kept: Repacked['kept'] = [];
  // Movable VMs in the state's order; per VM (by position): current host, host after the plan, why.
  const movable: Vm[] = [];
  const fixed: Vm[] = [];
  for (const vm of state.vms) {
    if (!vm.host || !holdsResources(vm.state)) continue;
    const why = immovable(vm);
    if (why) {
      fixed.push(vm);
      kept.push({ vm: vm.name, host: vm.host, reason: why });
    } else movable.push(vm);
  }
  const currentOf = Int32Array.from(movable, (vm) => index.get(vm.host!)!);
  const finalOf = new Int32Array(movable.length);
  const why: string[] = new Array(movable.length);
  const fleet = new WorkingFleet(dc, fixed, ceiling, strategy === 'pabfd' ? 'power' : 'index');
  const hasFixed = new Uint8Array(hosts.length);
  for (const vm of fixed) hasFixed[index.get(vm.host!)!] = 1;
  hosts.forEach((h, i) => fleet.setReceiving(i, h.state === 'on' && hasFixed[i] === 1));

  // Opening order: the largest hosts first (CPU room at the ceiling, then memory), then definition order.
  const order = hosts.map((_h, i) => i).filter((i) => hosts[i]!.state === 'on' && hasFixed[i] === 0)
    .sort((a, b) => fleet.cpuRoom(b) - fleet.cpuRoom(a) || fleet.limits[b]!.memoryBytes - fleet.limits[a]!.memoryBytes || a - b);
  // Closed hosts grouped by interchangeable kind: only the next closed host of each kind is ever a candidate.
  const closedByKind = new Map<string, number[]>();
  for (const i of order) {
    const key = fleet.interchangeKey(i);
    const list = closedByKind.get(key) ?? [];
    list.push(i);
    closedByKind.set(key, list);
  }
  const nextClosed = () => [...closedByKind.values()].filter((l) => l.length > 0).map((l) => l[0]!);
  const rankInOrder = new Map(order.map((i, k) => [i, k]));

  const largest = Math.max(1, ...hosts.map((_h, i) => fleet.cpuRoom(i)));
  const largestMemory = Math.max(1, ...fleet.limits.map((l) => l.memoryBytes));
  const share = Float64Array.from(movable, (vm) => busyCores(vm) / largest + vm.memoryBytes / largestMemory);
  const byShare = Array.from(movable, (_vm, k) => k).sort((a, b) => share[b]! - share[a]! || (movable[a]!.name < movable[b]!.name ? -1 : movable[a]!.name > movable[b]!.name ? 1 : 0));

  const greedyReason = strategy === 'ffd' ? 'first open host that fits' : strategy === 'bfd' ? 'open host left with the least CPU room' : 'open host whose power grows least';
  for (const k of byShare) {
    const vm = movable[k]!;
    const current = currentOf[k]!;
    const source = hosts[current]!;
    const skip = (i: number) => i !== current && !predictor.acceptable(vm, source, hosts[i]!);
    let to = strategy === 'ffd' ? fleet.firstFit(vm, source, skip) : strategy === 'bfd' ? fleet.bestFit(vm, source, skip) : fleet.leastPower(vm, source, skip);
    let reason = greedyReason;
    if (to < 0) {
      // Open a host: try the next closed host of each kind.
      let best = -1;
      let bestRank = [Infinity, Infinity];
      for (const i of nextClosed()) {
        fleet.setReceiving(i, true);
        const ok = fleet.fits(vm, i, source) && !skip(i);
        const rank = !ok ? [Infinity, Infinity] : strategy === 'pabfd' ? [wattsPerCoreAtCeiling(hosts[i]!, ceiling), fleet.powerCost(vm, i)] : [rankInOrder.get(i)!, 0];
        fleet.setReceiving(i, false);
        if (rank[0]! < bestRank[0]! || (rank[0] === bestRank[0] && rank[1]! < bestRank[1]!)) {
          best = i;
          bestRank = rank;
        }
      }
      if (best < 0) return null;
      to = best;
      closedByKind.get(fleet.interchangeKey(best))!.shift();
      fleet.setReceiving(best, true);
      reason = strategy === 'pabfd' ? `wakes the most power-efficient free host (${bestRank[0]!.toFixed(2)} W per core at the ceiling)` : 'opens the largest free host';
    }
    fleet.add(vm, to);
    finalOf[k] = to;
    why[k] = reason;
  }

  // Local search: empty the lightest hosts by moves and swaps (same rules as the greedy pass).
  const opened = [...new Set(finalOf)].filter((i) => !hasFixed[i]);
  const position = new Map(movable.map((vm, k) => [vm.name, k]));
  const relocated = improvePacking(fleet, opened, (vm, i) => {
    const current = index.get(vm.host!)!;
    return fleet.fits(vm, i, hosts[current]!) && (i === current || predictor.acceptable(vm, hosts[current]!, hosts[i]!));
  }, (vm) => position.has(vm.name));
  for (const [name, i] of relocated) {
    const k = position.get(name)!;
    finalOf[k] = i;
    why[k] = 'moved by the local search that empties the lightest hosts';
  }

  // Match bins to interchangeable hosts, keeping as many bytes in place as possible.
  const bins = new Map<number, number[]>();
  movable.forEach((_vm, k) => {
    const i = finalOf[k]!;
    if (hasFixed[i]) return;
    const list = bins.get(i) ?? [];
    list.push(k);
    bins.set(i, list);
  });
  const vmClasses = new VmClasses();
  const classOf = Int32Array.from(movable, (vm) => vmClasses.of(vm));
  const pairs = binHostPairs(movable, classOf, vmClasses.size, currentOf, hosts.length, bins, (bin, host) => !hasFixed[host] && fleet.interchangeKey(host) === fleet.interchangeKey(bin));
  pairs.sort((a, b) => b.bytes - a.bytes || a.bin - b.bin || a.host - b.host);
  const binTo = new Map<number, number>();
  const taken = new Set<number>();
  for (const p of pairs) {
    if (binTo.has(p.bin) || taken.has(p.host)) continue;
    binTo.set(p.bin, p.host);
    taken.add(p.host);
  }
  const unassigned = [...bins.keys()].filter((b) => !binTo.has(b)).sort((a, b) => a - b);
  // Free hosts of each kind, those not holding a bin first, in opening order.
  const freeByKind = new Map<string, number[]>();
  for (const i of [...order.filter((i) => !bins.has(i)), ...order.filter((i) => bins.has(i))]) {
    const list = freeByKind.get(fleet.interchangeKey(i)) ?? [];
    list.push(i);
    freeByKind.set(fleet.interchangeKey(i), list);
  }
  for (const bin of unassigned) {
    // Prefer the bin's own host, else the first free interchangeable host.
    let host = bin;
    if (taken.has(bin)) {
      const list = freeByKind.get(fleet.interchangeKey(bin))!;
      while (taken.has(list[0]!)) list.shift();
      host = list[0]!;
    }
    binTo.set(bin, host);
    taken.add(host);
  }
  fleet.relabel(binTo);
  const planned: (RepackedMove & { cls: number })[] = [];
  movable.forEach((vm, k) => {
    const to = binTo.get(finalOf[k]!) ?? finalOf[k]!;
    if (to !== currentOf[k]) planned.push({ vm, from: currentOf[k]!, to, why: why[k]!, cls: fleet.classOf(currentOf[k]!) * vmClasses.size + classOf[k]! });
  });
  // No move whose removal leaves the same end state up to identical VMs (swaps, chains).
  const moves = withoutRedundantMoves(planned, (m) => (m as (typeof planned)[number]).cls,
    (vm, from, to) => predictor.acceptable(vm, hosts[from]!, hosts[to]!));
  if (moves.length < planned.length) {
    // The fleet holds the planned VM objects; put each where the shorter plan leaves it (the same load per host).
    const plannedHost = new Map(planned.map((m) => [m.vm, m.to]));
    const finalHost = new Map(moves.map((m) => [m.vm, m.to]));
    for (const m of planned) {
      const now = plannedHost.get(m.vm)!;
      const then = finalHost.get(m.vm) ?? m.from;
      if (now !== then) fleet.move(m.vm, now, then);
    }
  }
  return { fleet, moves, kept };
}
