import type { Refusal } from '../errors.js';
import { refusal } from '../errors.js';
import { requireDatacenter } from '../lookup.js';
import type { Host, HostState } from '../model.js';
import { holdsResources } from '../model.js';
import { fitsCapacity, hostLimits, memoryFootprintBytes } from '../placement/capacity.js';
import { StaticFitCache } from '../placement/profiles.js';
import { MovePredictor } from './predict.js';
import type { ResolvedMove } from '../migration/migrate.js';
import { commitMigrations, simulateMakespan } from '../migration/migrate.js';
import type { StepMove } from './dag.js';
import { moveDependencies } from './dag.js';
import type { PlanCheck } from './check.js';
import { checkPlan } from './check.js';
import { planSteps, stepSpecs } from './steps.js';
import type { Timeline } from '../migration/types.js';
import type { NewEvent, Outcome, State } from '../state.js';
import { recordEvents } from '../state.js';
import type { Move, Plan } from './types.js';

export interface PlanResult {
  plan: Plan;
  executed: boolean;
  /** The migrations carried out (empty for --dry-run). */
  migrations: Timeline[];
  /** Moves of an executed plan that did not complete (a migration aborted): the command fails. */
  movesUndone: { vm: string; from: string; to: string; reason: string }[];
  clockSec: number;
}

/** A plan printed, not carried out (--dry-run). */
export function planned(state: State, plan: Plan): PlanResult {
  return { plan, executed: false, migrations: [], movesUndone: [], clockSec: state.clockSec };
}

/**
 * The order moves run in, and what each waits for, so that no host is ever over its overcommit
 * limits on the way: a move goes as soon as its target has room, counting earlier moves as done;
 * where it needs VMs to leave its target first, it waits for those departures to finish. Moves
 * that only fit in a cycle (a swap) go by way of a temporary hop (below). Plan order is kept otherwise.
 */
export function executionOrder(state: State, moves: readonly Move[]): ExecutionOrder {
  // A planner asks twice for the same moves (withHops, then the makespan's steps): the last answer is kept.
  if (lastOrder?.state === state && lastOrder.moves === moves) return lastOrder.order;
  const order = computeOrder(state, moves);
  lastOrder = { state, moves, order };
  return order;
}

export interface ExecutionOrder {
  moves: Move[];
  resolved: ResolvedMove[];
  after: number[][];
  hops: Map<string, Move>;
  forced: string[];
}

let lastOrder: { state: State; moves: readonly Move[]; order: ExecutionOrder } | null = null;

function computeOrder(state: State, moves: readonly Move[]): ExecutionOrder {
  const dc = requireDatacenter(state);
  const index = new Map(dc.hosts.map((h, i) => [h.name, i]));
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  const limits = dc.hosts.map(hostLimits);
  const usedVcpus = new Float64Array(dc.hosts.length);
  const usedMemory = new Float64Array(dc.hosts.length);
  for (const vm of state.vms) {
    if (!vm.host || !holdsResources(vm.state)) continue;
    const i = index.get(vm.host)!;
    usedVcpus[i]! += vm.cpus;
    usedMemory[i]! += memoryFootprintBytes(vm, dc.hosts[i]!, dc);
  }
  // Each move resolved once: hosts by index, the VM's vCPUs and footprints on both hosts.
  const resolved = moves.map((move) => {
    const vm = vms.get(move.vm)!;
    const from = index.get(move.from)!;
    const to = index.get(move.to)!;
    return { move, vm, from, to, cpus: vm.cpus, footprintFrom: memoryFootprintBytes(vm, dc.hosts[from]!, dc), footprintTo: memoryFootprintBytes(vm, dc.hosts[to]!, dc) };
  });
  type Resolved = (typeof resolved)[number];
  const departedVcpus = new Float64Array(dc.hosts.length);
  const departedMemory = new Float64Array(dc.hosts.length);
  const departures: number[][] = dc.hosts.map(() => []);
  const ordered: Move[] = [];
  const resolvedInOrder: ResolvedMove[] = [];
  const after: number[][] = [];
  const fits = (m: Resolved, withDepartures: boolean) => fitsCapacity(limits[m.to]!,
    usedVcpus[m.to]! + (withDepartures ? departedVcpus[m.to]! : 0), usedMemory[m.to]! + (withDepartures ? departedMemory[m.to]! : 0), m.cpus, m.footprintTo);
  const place = (m: Resolved) => {
    after.push(fits(m, true) ? [] : [...departures[m.to]!]);
    usedVcpus[m.from]! -= m.cpus;
    usedMemory[m.from]! -= m.footprintFrom;
    departedVcpus[m.from]! += m.cpus;
    departedMemory[m.from]! += m.footprintFrom;
    departures[m.from]!.push(ordered.length);
    usedVcpus[m.to]! += m.cpus;
    usedMemory[m.to]! += m.footprintTo;
    ordered.push(m.move);
    resolvedInOrder.push({ vm: m.vm, source: dc.hosts[m.from]!, target: dc.hosts[m.to]!, mode: m.move.mode });
  };
  // A cycle (each move needs room another holds, a swap) has no order: one of its VMs goes by way
  // of a third host with room for it while every VM still holds its place (a temporary hop), then
  // on to its target once that has room. Where no host can take it, it goes anyway (in plan order).
  const statics = new StaticFitCache(dc);
  const hops = new Map<string, Move>();
  const forced: string[] = [];
  // Only a VM whose leaving frees room another waiting move needs breaks the cycle; it hops to a
  // host no waiting move needs, where there is one.
  const hopFor = (m: Resolved, waiting: readonly Resolved[]): Resolved | null => {
    if (m.vm.group?.enforcement === 'must' || !holdsResources(m.vm.state)) return null;
    if (!waiting.some((w) => w !== m && w.to === m.from)) return null;
    const needed = new Set(waiting.map((w) => w.to));
    const source = dc.hosts[m.from]!.hypervisor;
    const candidates = dc.hosts.map((_h, h) => h).sort((a, b) => Number(needed.has(a)) - Number(needed.has(b)) || a - b);
    for (const h of candidates) {
      const host = dc.hosts[h]!;
      if (h === m.from || h === m.to || host.state !== 'on' || host.hypervisor.product !== source.product || host.hypervisor.virtualization !== source.virtualization || !statics.fits(m.vm, h)) continue;
      const footprint = memoryFootprintBytes(m.vm, host, dc);
      if (!fitsCapacity(limits[h]!, usedVcpus[h]! + departedVcpus[h]!, usedMemory[h]! + departedMemory[h]!, m.cpus, footprint)) continue;
      const hop: Move = { ...m.move, to: host.name, hop: true, reason: `temporary hop: ${m.move.to} has room for ${m.vm.name} only once VMs that wait for room on ${dc.hosts[m.from]!.name} have left`, predictedTimeSec: 0, predictedDowntimeMs: 0 };
      hops.set(m.vm.name, hop);
      return { ...m, move: hop, to: h, footprintTo: footprint };
    }
    return null;
  };
  // Passes in plan order: place what has room, defer the rest; when a pass places nothing, the
  // first deferred move that can hop does, else the first goes anyway, and the passes go on.
  let queue = resolved;
  while (queue.length > 0) {
    let deferred: Resolved[] = [];
    for (const m of queue) {
      if (fits(m, false)) place(m);
      else deferred.push(m);
    }
    if (deferred.length === queue.length) {
      const at = deferred.findIndex((m) => !hops.has(m.vm.name) && hopFor(m, deferred) !== null);
      if (at >= 0) {
        const m = deferred[at]!;
        const hop = { ...m, move: hops.get(m.vm.name)!, to: index.get(hops.get(m.vm.name)!.to)! };
        place({ ...hop, footprintTo: memoryFootprintBytes(m.vm, dc.hosts[hop.to]!, dc) });
        const onward = { ...m, from: hop.to, footprintFrom: memoryFootprintBytes(m.vm, dc.hosts[hop.to]!, dc), move: { ...m.move, from: hop.move.to } };
        deferred = deferred.map((d, i) => (i === at ? onward : d));
      } else {
        forced.push(deferred[0]!.vm.name);
        place(deferred.shift()!);
      }
    }
    queue = deferred;
  }
  return { moves: ordered, resolved: resolvedInOrder, after, hops, forced };
}

/**
 * A planner's moves as they can run: a VM caught in a cycle goes by way of its temporary hop
 * (executionOrder), so the plan lists that move too, before the VM's own (which then starts
 * there), and the moves come in the order they run.
 */
export function withHops(state: State, moves: Move[]): Move[] {
  const { hops, moves: ordered } = executionOrder(state, moves);
  if (hops.size === 0) return moves;
  const dc = requireDatacenter(state);
  const host = new Map(dc.hosts.map((h) => [h.name, h]));
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  const predictor = new MovePredictor(state, 'live');
  const predicted = (m: Move): Move => {
    const p = predictor.predict(vms.get(m.vm)!, host.get(m.from)!, host.get(m.to)!, m.mode);
    return { ...m, predictedTimeSec: p.totalTimeSec, predictedDowntimeMs: p.downtimeMs };
  };
  // In the order they run: run again, every move then fits at its turn, so no second hop appears.
  return ordered.map((m) => (hops.has(m.vm) ? predicted(m) : m));
}

/** The plan's moves in steps, checked and simulated as `plan apply` runs them (the commands' own execution is the same run). */
export function runOfMoves(state: State, moves: readonly Move[], maxConcurrent: number): PlanCheck {
  return checkPlan(state, { steps: stepSpecs(planSteps(state, moves)) }, maxConcurrent);
}

/**
 * Makespan of a plan's moves on the shared network under the concurrency limit, in steps: the run
 * runOfMoves checks and simulates, by the engine's makespan-only path (planners ask on every plan).
 */
export function planMakespan(state: State, moves: readonly Move[], maxConcurrent: number): number {
  if (moves.length === 0) return 0;
  const dc = requireDatacenter(state);
  const index = new Map(dc.hosts.map((h, i) => [h.name, i]));
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  const stepped: StepMove[] = planSteps(state, moves).flatMap((step, s) => step.map((m) => ({ step: s + 1, vm: vms.get(m.vm)!, source: index.get(m.from)!, target: index.get(m.to)!, mode: m.mode })));
  const after = moveDependencies(dc, state.vms, stepped).map((w) => w.map((x) => x.on));
  return simulateMakespan(state, stepped.map((m) => ({ vm: m.vm, source: dc.hosts[m.source]!, target: dc.hosts[m.target]!, mode: m.mode })), { preset: 'qemu', overrides: {}, maxConcurrent }, after);
}

export function withHostStates(state: State, changes: ReadonlyMap<string, HostState>): State {
  const dc = requireDatacenter(state);
  if (changes.size === 0) return state;
  const hosts: Host[] = dc.hosts.map((h) => (changes.has(h.name) ? { ...h, state: changes.get(h.name)! } : h));
  return { ...state, datacenter: { ...dc, hosts } };
}

/**
 * Carry a plan out: its moves as migrations on the simulated clock (under the concurrency limit),
 * then the host state changes (power off freed hosts, mark maintenance). A host is only powered
 * off or put in maintenance when every VM actually left it.
 */
export function executePlan(state: State, plan: Plan, maxConcurrent: number, hostStates: ReadonlyMap<string, HostState>, what: string): Outcome<PlanResult> | Refusal {
  const run = plan.moves.length > 0 ? runOfMoves(state, plan.moves, maxConcurrent) : null;
  return commitRun(state, run?.timelines ?? [], run?.makespanSec ?? 0, hostStates, what, plan);
}

/**
 * Commit a run: the migrations, then the host state changes (a host is only powered off or put
 * in maintenance when every VM actually left it), and the plan's summary event.
 */
export function commitRun(state: State, timelines: Timeline[], makespanSec: number, hostStates: ReadonlyMap<string, HostState>, what: string, plan: Plan): Outcome<PlanResult> | Refusal {
  const migrations = timelines;
  let next = timelines.length > 0 ? commitMigrations(state, timelines, makespanSec) : state;
  const stillThere = new Set(next.vms.filter((v) => v.host !== null).map((v) => v.host!));
  const blocked = [...hostStates.keys()].filter((h) => stillThere.has(h) && hostStates.get(h) !== 'on');
  if (blocked.length > 0 && plan.moves.length === 0) {
    return refusal('host-not-empty', `${blocked.join(', ')} still carr${blocked.length === 1 ? 'ies' : 'y'} VMs`, 'move them first', { hosts: blocked });
  }
  const applied = new Map([...hostStates].filter(([h, s]) => s === 'on' || !stillThere.has(h)));
  next = withHostStates(next, applied);
  const events: NewEvent[] = [{ type: `${what}-executed`, message: `${what} (${plan.strategy}): ${plan.moves.length} move(s), ${plan.hostsFreed.length} host(s) freed` }];
  for (const [host, s] of applied) events.push({ type: `host-${s === 'off' ? 'powered-off' : s === 'on' ? 'powered-on' : 'maintenance'}`, host, message: `${host} is now ${s}` });
  next = recordEvents(next, events);
  const movesUndone = migrations.filter((m) => m.outcome !== 'completed')
    .map((m) => ({ vm: m.vm, from: m.from, to: m.to, reason: `migration ${m.id} ${m.outcome} (${m.stopReason}); ${m.vm} stays on ${m.from}` }));
  return { state: next, result: { plan, executed: true, migrations, movesUndone, clockSec: next.clockSec } };
}
