import type { Refusal } from '../errors.js';
import { refusal } from '../errors.js';
import { requireDatacenter } from '../lookup.js';
import type { Host, HostState } from '../model.js';
import type { ResolvedMove } from '../migration/migrate.js';
import { commitMigrations, simulateMoves } from '../migration/migrate.js';
import type { Timeline } from '../migration/types.js';
import type { NewEvent, Outcome, State } from '../state.js';
import { recordEvents } from '../state.js';
import type { Move, Plan } from './types.js';

export interface PlanResult {
  plan: Plan;
  executed: boolean;
  /** The migrations carried out (empty for --dry-run). */
  migrations: Timeline[];
  clockSec: number;
}

export function resolveMoves(state: State, moves: readonly Move[]): ResolvedMove[] {
  const dc = requireDatacenter(state);
  const hosts = new Map(dc.hosts.map((h) => [h.name, h]));
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  return moves.map((m) => ({ vm: vms.get(m.vm)!, source: hosts.get(m.from)!, target: hosts.get(m.to)!, mode: m.mode }));
}

/** Makespan of a plan's moves on the shared network under the concurrency limit. */
export function planMakespan(state: State, moves: readonly Move[], maxConcurrent: number): number {
  if (moves.length === 0) return 0;
  return simulateMoves(state, resolveMoves(state, moves), { preset: 'qemu', overrides: {}, maxConcurrent }).makespanSec;
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
  let next = state;
  let migrations: Timeline[] = [];
  if (plan.moves.length > 0) {
    const { timelines, makespanSec } = simulateMoves(state, resolveMoves(state, plan.moves), { preset: 'qemu', overrides: {}, maxConcurrent });
    migrations = timelines;
    next = commitMigrations(state, timelines, makespanSec);
  }
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
  return { state: next, result: { plan, executed: true, migrations, clockSec: next.clockSec } };
}
