import type { Refusal } from '../errors.js';
import { refusal } from '../errors.js';
import { requireDatacenter } from '../lookup.js';
import type { Host, HostState } from '../model.js';
import { holdsResources } from '../model.js';
import { fitsCapacity, hostLimits, memoryFootprintBytes } from '../placement/capacity.js';
import type { ResolvedMove } from '../migration/migrate.js';
import { commitMigrations } from '../migration/migrate.js';
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
 * that only fit in a cycle (a swap) go in plan order. Plan order is kept otherwise.
 */
export function executionOrder(state: State, moves: readonly Move[]): { moves: Move[]; resolved: ResolvedMove[]; after: number[][] } {
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
  // Passes in plan order: place what has room, defer the rest; when a pass places nothing, the
  // first deferred move goes anyway (a cycle) and the passes go on.
  let queue = resolved;
  while (queue.length > 0) {
    const deferred: Resolved[] = [];
    for (const m of queue) {
      if (fits(m, false)) place(m);
      else deferred.push(m);
    }
    if (deferred.length === queue.length) place(deferred.shift()!);
    queue = deferred;
  }
  return { moves: ordered, resolved: resolvedInOrder, after };
}

/** The plan's moves in steps, checked and simulated as `plan apply` runs them (the commands' own execution is the same run). */
export function runOfMoves(state: State, moves: readonly Move[], maxConcurrent: number): PlanCheck {
  return checkPlan(state, { steps: stepSpecs(planSteps(state, moves)) }, maxConcurrent);
}

/** Makespan of a plan's moves on the shared network under the concurrency limit, in steps. */
export function planMakespan(state: State, moves: readonly Move[], maxConcurrent: number): number {
  return moves.length === 0 ? 0 : runOfMoves(state, moves, maxConcurrent).makespanSec;
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
