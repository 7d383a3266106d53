import { requireDatacenter } from '../lookup.js';
import type { Vm } from '../model.js';
import { holdsResources } from '../model.js';
import { repack } from './repack.js';
import type { MigrationMode } from '../migration/types.js';
import { busyCores, WorkingFleet } from '../plan/fleet.js';
import { planMakespan, withHops } from '../plan/execute.js';
import { fleetMetrics, lowerBoundHosts } from '../plan/metrics.js';
import { immovable, MovePredictor } from '../plan/predict.js';
import type { Move, Plan } from '../plan/types.js';
import type { State } from '../state.js';
import { formatBytes, formatPercent } from '../units.js';

export const CONSOLIDATION_STRATEGIES = {
  ffd: 'first-fit decreasing: each VM, largest first, to the first host (definition order) that fits',
  bfd: 'best-fit decreasing: each VM, largest first, to the host left with the least CPU room',
  pabfd: 'power-aware best-fit decreasing (Beloglazov & Buyya 2012): each VM to the host whose power grows least',
} as const;
export type ConsolidationStrategy = keyof typeof CONSOLIDATION_STRATEGIES;
export const CONSOLIDATION_STRATEGY_NAMES = Object.keys(CONSOLIDATION_STRATEGIES) as [ConsolidationStrategy, ...ConsolidationStrategy[]];

export interface ConsolidateRequest {
  strategy: ConsolidationStrategy;
  /** CPU utilization ceiling of every host after the plan (0..1). */
  targetUtilization: number;
  powerOff: boolean;
  maxConcurrent: number;
  maxMoves: number | null;
  migrationMode: Extract<MigrationMode, 'live' | 'postcopy'>;
}

/** Largest first: busy cores, then memory, then name (deterministic). */
const decreasing = (a: Vm, b: Vm) => busyCores(b) - busyCores(a) || b.memoryBytes - a.memoryBytes || a.name.localeCompare(b.name);

/**
 * Server consolidation. First a full re-pack (repack.ts): every movable VM placed again, largest
 * first, with the strategy, into as few hosts as it finds, then matched to interchangeable hosts
 * so that most VMs stay put. When the re-pack cannot place everything, needs more moves than
 * --max-moves allows, or saves no host, consolidation falls back to evacuation (below).
 */
export function planConsolidation(state: State, request: ConsolidateRequest): Plan {
  const dc = requireDatacenter(state);
  const predictor = new MovePredictor(state, request.migrationMode);
  const initial = new WorkingFleet(dc, state.vms, request.targetUtilization);
  const start: Start = { before: fleetMetrics(initial, offHosts(state)), lowerBoundHosts: lowerBoundHosts(initial) };
  const activeBefore = new Set(initial.vmsOn.flatMap((vms, i) => (vms.size > 0 ? [i] : [])));
  const repacked = repack(state, request.strategy, request.targetUtilization, predictor);
  if (repacked) {
    const fleet = repacked.fleet;
    const hostsAfter = new Set(fleet.vmsOn.flatMap((vms, i) => (vms.size > 0 ? [i] : [])));
    if (hostsAfter.size < activeBefore.size && (request.maxMoves === null || repacked.moves.length <= request.maxMoves)) {
      const emptiedSet = new Set([...activeBefore].filter((h) => !hostsAfter.has(h)));
      const emptied = dc.hosts.flatMap((h, i) => (emptiedSet.has(i) ? [h.name] : []));
      const moves = repacked.moves.map(({ vm, from, to, why }): Move => {
        const source = dc.hosts[from]!;
        const target = dc.hosts[to]!;
        const prediction = predictor.predict(vm, source, target);
        return {
          vm: vm.name, from: source.name, to: target.name, mode: request.migrationMode,
          reason: `${why}: ${target.name} at ${formatPercent(fleet.utilization(to), 0)} after${emptiedSet.has(from) ? `; frees ${source.name}` : ''}`,
          predictedTimeSec: prediction.totalTimeSec, predictedDowntimeMs: prediction.downtimeMs,
        };
      });
      return finish(state, request, start, fleet, moves, emptied, repacked.kept);
    }
  }
  return evacuate(state, request, predictor, start);
}

/** What the plan is measured against, computed once before planning. */
interface Start {
  before: Plan['before'];
  lowerBoundHosts: number;
}

const offHosts = (state: State) => new Set(requireDatacenter(state).hosts.filter((h) => h.state === 'off').map((h) => h.name));

/**
 * Hosts that are on and hold nothing before the plan (no VM registered at all, not even a stopped
 * or suspended one) and receive nothing in it: they draw idle power for nobody.
 */
function alreadyEmpty(state: State, fleet: WorkingFleet, moves: readonly Move[]): string[] {
  const registered = new Set(state.vms.flatMap((v) => (v.host ? [v.host] : [])));
  const receiving = new Set(moves.map((m) => m.to));
  return fleet.hosts.flatMap((h, i) => (h.state === 'on' && fleet.vmsOn[i]!.size === 0 && !registered.has(h.name) && !receiving.has(h.name) ? [h.name] : []));
}

/**
 * The fewest moves that reach `activeAfter` active hosts: at least (active now - activeAfter) of
 * today's active hosts must be emptied, all of their VMs moving; at best the hosts with the fewest
 * VMs, among those whose VMs can all move.
 */
export function fewestMovesFor(state: State, activeAfter: number): number {
  const counts = new Map<string, number>();
  const fixed = new Set<string>();
  for (const vm of state.vms) {
    if (!vm.host || !holdsResources(vm.state)) continue;
    counts.set(vm.host, (counts.get(vm.host) ?? 0) + 1);
    if (immovable(vm)) fixed.add(vm.host);
  }
  const toEmpty = counts.size - activeAfter;
  if (toEmpty <= 0) return 0;
  const emptiable = [...counts].filter(([h]) => !fixed.has(h)).map(([, n]) => n).sort((a, b) => a - b);
  return emptiable.slice(0, toEmpty).reduce((a, b) => a + b, 0);
}

function finish(state: State, request: ConsolidateRequest, start: Start, fleet: WorkingFleet, planned: Move[], emptied: string[], kept: Plan['kept']): Plan {
  const moves = withHops(state, planned);
  const idle = alreadyEmpty(state, fleet, planned);
  const after = fleetMetrics(fleet, new Set([...offHosts(state), ...(request.powerOff ? [...emptied, ...idle] : [])]));
  const poweredOff = request.powerOff ? [...emptied, ...idle] : [];
  const warnings: string[] = [];
  if (!request.powerOff && emptied.length + idle.length > 0) {
    warnings.push(`${emptied.length + idle.length} empty host(s) stay on and draw idle power (${[...emptied, ...idle].slice(0, 5).join(', ')}${emptied.length + idle.length > 5 ? ', ...' : ''}); --power-off turns them off`);
  }
  return {
    strategy: request.strategy, moves, before: start.before, after,
    hostsFreed: emptied, hostsPoweredOff: poweredOff, hostsEmptyBefore: idle, lowerBoundHosts: start.lowerBoundHosts,
    movesLowerBound: fewestMovesFor(state, after.activeHosts),
    makespanSec: planMakespan(state, moves, request.maxConcurrent), kept, warnings,
  };
}

/**
 * Server consolidation by evacuation (the consolidation phase of OpenStack Watcher's
 * vm_workload_consolidation and of Beloglazov & Buyya's underload handling): take the active
 * hosts from the least loaded up; try to place all of a host's VMs, largest first, on the other
 * active hosts with the strategy; all or nothing. Hosts that received VMs are not emptied later,
 * so no move undoes another. Targets keep the overcommit limits, the CPU ceiling, every filter and
 * every group rule, and each move's predicted downtime must meet the VM's SLA.
 */
function evacuate(state: State, request: ConsolidateRequest, predictor: MovePredictor, start: Start): Plan {
  const dc = requireDatacenter(state);
  const fleet = new WorkingFleet(dc, state.vms, request.targetUtilization);
  const moves: Move[] = [];
  const kept: Plan['kept'] = [];
  const emptied: string[] = [];
  const received = new Set<number>();
  // Only hosts that already run VMs receive: consolidation never wakes a host.
  dc.hosts.forEach((_h, i) => fleet.setReceiving(i, dc.hosts[i]!.state === 'on' && fleet.vmsOn[i]!.size > 0));

  const candidates = dc.hosts.map((_h, i) => i)
    .filter((i) => fleet.vmsOn[i]!.size > 0 && dc.hosts[i]!.state === 'on')
    .sort((a, b) => fleet.utilization(a) - fleet.utilization(b) || fleet.vmsOn[a]!.size - fleet.vmsOn[b]!.size || a - b);

  for (const h of candidates) {
    if (received.has(h)) continue;
    const host = dc.hosts[h]!;
    const vms = [...fleet.vmsOn[h]!].sort(decreasing);
    const stuck = vms.map((vm) => ({ vm, reason: immovable(vm) })).filter((x) => x.reason !== null);
    if (stuck.length > 0) {
      for (const { vm, reason } of stuck) kept.push({ vm: vm.name, host: host.name, reason: reason! });
      continue;
    }
    if (request.maxMoves !== null && moves.length + vms.length > request.maxMoves) continue;
    const utilizationBefore = fleet.utilization(h);
    fleet.setReceiving(h, false);
    const tentative: { vm: Vm; to: number; why: string }[] = [];
    let failed: Vm | null = null;
    for (const vm of vms) {
      const skip = (i: number) => !predictor.acceptable(vm, host, dc.hosts[i]!);
      let to = -1;
      let why = '';
      if (request.strategy === 'ffd') {
        to = fleet.firstFit(vm, host, skip);
        why = 'first host that fits';
      } else if (request.strategy === 'bfd') {
        to = fleet.bestFit(vm, host, skip);
        if (to >= 0) why = `least CPU room left (${(fleet.cpuRoom(to) - busyCores(vm)).toFixed(2)} cores)`;
      } else {
        to = fleet.leastPower(vm, host, skip);
        if (to >= 0) why = `least power increase (+${fleet.powerCost(vm, to).toFixed(1)} W)`;
      }
      if (to < 0) {
        failed = vm;
        break;
      }
      fleet.move(vm, h, to);
      tentative.push({ vm, to, why });
    }
    if (failed) {
      const vm = failed;
      kept.push({ vm: vm.name, host: host.name, reason: `${host.name} stays: ${fleet.explain(vm, host, (i) => (predictor.acceptable(vm, host, dc.hosts[i]!) ? null : 'SLA downtime'))}` });
      for (const t of tentative.reverse()) fleet.move(t.vm, t.to, h);
      fleet.setReceiving(h, true);
      continue;
    }
    emptied.push(host.name);
    const utilization = formatPercent(utilizationBefore, 0);
    for (const t of tentative) {
      received.add(t.to);
      const target = dc.hosts[t.to]!;
      const prediction = predictor.predict(t.vm, host, target);
      moves.push({
        vm: t.vm.name, from: host.name, to: target.name, mode: request.migrationMode,
        reason: `empties ${host.name} (${utilization} busy): ${t.why}; ${target.name} at ${formatPercent(fleet.utilization(t.to), 0)} after, ${formatBytes(fleet.limits[t.to]!.memoryBytes - fleet.usedMemory[t.to]!)} memory free`,
        predictedTimeSec: prediction.totalTimeSec, predictedDowntimeMs: prediction.downtimeMs,
      });
    }
  }

  return finish(state, request, start, fleet, moves, emptied, kept);
}
