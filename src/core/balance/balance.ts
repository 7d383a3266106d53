import { requireDatacenter } from '../lookup.js';
import type { Vm } from '../model.js';
import { memoryFootprintBytes } from '../placement/capacity.js';
import type { MigrationMode } from '../migration/types.js';
import { busyCores, WorkingFleet } from '../plan/fleet.js';
import { planMakespan, withHops } from '../plan/execute.js';
import { fleetMetrics, lowerBoundHosts, memoryLoad } from '../plan/metrics.js';
import { immovable, MovePredictor } from '../plan/predict.js';
import type { Move, Plan } from '../plan/types.js';
import type { State } from '../state.js';
import { formatDuration, formatPercent } from '../units.js';

export const BALANCE_METRICS = ['cpu', 'memory', 'both'] as const;
export type BalanceMetric = (typeof BALANCE_METRICS)[number];

export interface BalanceRequest {
  metric: BalanceMetric;
  /** Imbalance (standard deviation of host load) tolerated at aggressiveness 3. */
  threshold: number;
  /** 1..5 like DRS's migration threshold: 1 only relieves hot spots, 5 takes the smallest gains. */
  aggressiveness: number;
  /** CPU ceiling: hosts above it are hot spots; no move may push a target above it. */
  ceiling: number;
  maxMoves: number | null;
  maxConcurrent: number;
  migrationMode: Extract<MigrationMode, 'live' | 'postcopy'>;
}

/**
 * DRS-style aggressiveness: the imbalance tolerated (a multiple of --threshold) and the least gain
 * a move must bring, as the reduction of the hosts' total squared deviation of load (Σ (load −
 * mean)², the variance times the host count). Level 1 balances nothing and only relieves hot spots.
 */
export const AGGRESSIVENESS = [
  { level: 1, toleratedFactor: Infinity, minBenefit: Infinity },
  { level: 2, toleratedFactor: 2, minBenefit: 0.02 },
  { level: 3, toleratedFactor: 1, minBenefit: 0.01 },
  { level: 4, toleratedFactor: 0.5, minBenefit: 0.005 },
  { level: 5, toleratedFactor: 0.25, minBenefit: 0.001 },
] as const;

/** Running sums of the hosts' loads, so a move's effect on the standard deviation is O(1). */
class LoadSums {
  n = 0;
  s1 = 0;
  s2 = 0;
  add(x: number, sign = 1): void {
    this.n += sign;
    this.s1 += sign * x;
    this.s2 += sign * x * x;
  }
  std(swapOut: number[] = [], swapIn: number[] = []): number {
    let s1 = this.s1;
    let s2 = this.s2;
    for (const x of swapOut) { s1 -= x; s2 -= x * x; }
    for (const x of swapIn) { s1 += x; s2 += x * x; }
    if (this.n === 0) return 0;
    const mean = s1 / this.n;
    return Math.sqrt(Math.max(0, s2 / this.n - mean * mean));
  }
}

const CANDIDATE_TARGETS = 16;
const CANDIDATE_SOURCES = 4;

/**
 * Load balancing as VMware DRS does it: the imbalance is the standard deviation of host load
 * over powered-on hosts; while it exceeds the tolerated level, or a host is above the ceiling,
 * take the move with the best benefit (imbalance removed) for its cost (predicted migration time
 * and downtime), from the most loaded hosts to the least loaded. Every move must lower the
 * imbalance, and each VM moves at most once.
 */
export function planBalance(state: State, request: BalanceRequest): Plan {
  const dc = requireDatacenter(state);
  const fleet = new WorkingFleet(dc, state.vms, request.ceiling);
  const off = new Set(dc.hosts.filter((h) => h.state === 'off').map((h) => h.name));
  const before = fleetMetrics(fleet, off);
  const bound = lowerBoundHosts(fleet);
  const predictor = new MovePredictor(state, request.migrationMode);
  const level = AGGRESSIVENESS[Math.min(5, Math.max(1, Math.round(request.aggressiveness))) - 1]!;
  const tolerated = request.threshold * level.toleratedFactor;
  const on = dc.hosts.map((_h, i) => i).filter((i) => dc.hosts[i]!.state !== 'off');
  const cpu = new LoadSums();
  const mem = new LoadSums();
  for (const i of on) {
    cpu.add(fleet.utilization(i));
    mem.add(memoryLoad(fleet, i));
  }
  const imbalance = (cOut: number[] = [], cIn: number[] = [], mOut: number[] = [], mIn: number[] = []) =>
    request.metric === 'cpu' ? cpu.std(cOut, cIn) : request.metric === 'memory' ? mem.std(mOut, mIn) : (cpu.std(cOut, cIn) + mem.std(mOut, mIn)) / 2;
  const load = (i: number) => (request.metric === 'cpu' ? fleet.utilization(i) : request.metric === 'memory' ? memoryLoad(fleet, i) : (fleet.utilization(i) + memoryLoad(fleet, i)) / 2);
  const moved = new Set<string>();
  const moves: Move[] = [];
  const kept = new Map<string, Plan['kept'][number]>();
  const receivers = on.filter((i) => dc.hosts[i]!.state === 'on');

  while (request.maxMoves === null || moves.length < request.maxMoves) {
    const current = imbalance();
    const hot = on.filter((i) => fleet.utilization(i) > request.ceiling + 1e-9);
    if (current <= tolerated + 1e-12 && hot.length === 0) break;
    const sources = (hot.length > 0 ? hot : on).slice().sort((a, b) => load(b) - load(a) || a - b).slice(0, CANDIDATE_SOURCES);
    const targets = receivers.slice().sort((a, b) => load(a) - load(b) || a - b).slice(0, CANDIDATE_TARGETS);
    let best: { vm: Vm; from: number; to: number; benefit: number; score: number; time: number; downtime: number } | null = null;
    for (const s of sources) {
      const source = dc.hosts[s]!;
      const relieving = fleet.utilization(s) > request.ceiling + 1e-9;
      for (const vm of fleet.vmsOn[s]!) {
        const name = vm.name;
        if (moved.has(name)) continue;
        const why = immovable(vm);
        if (why) {
          kept.set(name, { vm: name, host: source.name, reason: why });
          continue;
        }
        const b = busyCores(vm);
        for (const t of targets) {
          if (t === s || !fleet.fits(vm, t, source)) continue;
          const target = dc.hosts[t]!;
          const fS = memoryFootprintBytes(vm, source, dc) / fleet.limits[s]!.memoryBytes;
          const fT = memoryFootprintBytes(vm, target, dc) / fleet.limits[t]!.memoryBytes;
          const uS = fleet.utilization(s);
          const uT = fleet.utilization(t);
          const mS = memoryLoad(fleet, s);
          const mT = memoryLoad(fleet, t);
          const after = imbalance([uS, uT], [uS - b / source.cores, uT + b / target.cores], [mS, mT], [mS - fS, mT + fT]);
          const benefit = current - after;
          // The gain is what the move removes from the hosts' total squared deviation (n x the
          // variance): a move between two hosts gains as much in a fleet of 200 as in one of 4,
          // where the standard deviation itself moves by 1/n. So small moves that together lower
          // the imbalance a lot are not each rejected for moving it by little.
          const gain = on.length * (current * current - after * after);
          if (benefit <= 1e-12 || (!relieving && gain < level.minBenefit)) continue;
          if (!predictor.acceptable(vm, source, target)) continue;
          const prediction = predictor.predict(vm, source, target);
          // DRS weighs the gain against the cost of getting it: here the predicted migration time (a minute costs as much as the gain).
          const score = (gain + (relieving ? 1 : 0)) / (1 + prediction.totalTimeSec / 60 + prediction.downtimeMs / 1000);
          if (!best || score > best.score) best = { vm, from: s, to: t, benefit, score, time: prediction.totalTimeSec, downtime: prediction.downtimeMs };
        }
      }
    }
    if (!best) break;
    const { vm, from, to } = best;
    const uFrom = fleet.utilization(from);
    fleet.move(vm, from, to);
    moved.add(vm.name);
    kept.delete(vm.name);
    cpu.add(uFrom, -1);
    cpu.add(fleet.utilization(from));
    const targetBefore = (fleet.busy[to]! - busyCores(vm)) / dc.hosts[to]!.cores;
    cpu.add(targetBefore, -1);
    cpu.add(fleet.utilization(to));
    mem.n = 0; mem.s1 = 0; mem.s2 = 0;
    for (const i of on) mem.add(memoryLoad(fleet, i));
    const relieved = uFrom > request.ceiling + 1e-9;
    moves.push({
      vm: vm.name, from: dc.hosts[from]!.name, to: dc.hosts[to]!.name, mode: request.migrationMode,
      reason: `${relieved ? `relieves hot spot ${dc.hosts[from]!.name} (${formatPercent(uFrom, 0)} CPU); ` : ''}lowers imbalance by ${formatPercent(best.benefit, 2)} for ${formatDuration(best.time)} of migration`,
      predictedTimeSec: best.time, predictedDowntimeMs: best.downtime,
    });
  }

  const after = fleetMetrics(fleet, off);
  const warnings: string[] = [];
  if (level.level === 1) warnings.push('aggressiveness 1: only hot spots are relieved');
  const residual = imbalance();
  if (residual > tolerated + 1e-12 && level.level > 1) warnings.push(`imbalance ${formatPercent(residual, 1)} stays above the tolerated ${formatPercent(tolerated, 1)}: no move of a movable VM lowers it enough to pay for itself`);
  const runnable = withHops(state, moves);
  return {
    strategy: `balance-${request.metric}-a${level.level}`, moves: runnable, before, after, hostsFreed: [], hostsPoweredOff: [], hostsEmptyBefore: [],
    lowerBoundHosts: bound, movesLowerBound: null, makespanSec: planMakespan(state, runnable, request.maxConcurrent), kept: [...kept.values()], warnings,
  };
}
