import { requireDatacenter } from '../lookup.js';
import type { HostState } from '../model.js';
import type { State } from '../state.js';
import type { PlanCheck } from './check.js';
import { checkPlan } from './check.js';
import type { PlanSpec } from './document.js';
import { WorkingFleet } from './fleet.js';
import { fleetMetrics } from './metrics.js';
import type { FleetMetrics } from './types.js';

/**
 * Energy of one live migration, Liu et al. 2011 ("Performance and energy modeling for live
 * migration of virtual machines", HPDC; Xen, source and target together): E = 0.512 J/MB x data
 * sent + 20.165 J. MB is read as MiB. The hosts' idle power during the move is not counted twice
 * (they are on before and after).
 */
export const MIGRATION_JOULES_PER_MIB = 0.512;
export const MIGRATION_JOULES_FIXED = 20.165;

export function migrationEnergyJoules(bytesSent: number): number {
  return MIGRATION_JOULES_PER_MIB * (bytesSent / 2 ** 20) + MIGRATION_JOULES_FIXED;
}

/** What a plan would do, as `plan show` and `plan compare` print it. */
export interface PlanOutlook {
  check: PlanCheck;
  before: FleetMetrics;
  after: FleetMetrics;
  bytesSent: number;
  worstDowntimeMs: number;
  /** Energy the migrations themselves take (joules). */
  migrationEnergyJoules: number;
  /** Power before minus power after (watts; negative when the plan costs power). */
  wattsSaved: number;
  /** Seconds after which the watts saved have paid for the migrations' energy; null when nothing is saved. */
  paybackSec: number | null;
}

/** The fleet before and after a plan (moves that complete; host states the plan sets where the host ends up empty). */
export function planOutlook(state: State, spec: Pick<PlanSpec, 'steps' | 'hostStates'>, maxConcurrent: number, ceiling = 0.8): PlanOutlook {
  const dc = requireDatacenter(state);
  const check = checkPlan(state, spec, maxConcurrent);
  const moved = new Map(check.timelines.filter((t) => t.outcome === 'completed').map((t) => [t.vm, t.to]));
  const vmsAfter = state.vms.map((v) => (moved.has(v.name) ? { ...v, host: moved.get(v.name)! } : v));
  const occupied = new Set(vmsAfter.map((v) => v.host));
  const changes = new Map(Object.entries(spec.hostStates ?? {}).filter(([h, s]) => s === 'on' || !occupied.has(h)) as [string, HostState][]);
  const hostsAfter = dc.hosts.map((h) => (changes.has(h.name) ? { ...h, state: changes.get(h.name)! } : h));
  const offBefore = new Set(dc.hosts.filter((h) => h.state === 'off').map((h) => h.name));
  const offAfter = new Set(hostsAfter.filter((h) => h.state === 'off').map((h) => h.name));
  const before = fleetMetrics(new WorkingFleet(dc, state.vms, ceiling), offBefore);
  const after = fleetMetrics(new WorkingFleet({ ...dc, hosts: hostsAfter }, vmsAfter, ceiling), offAfter);
  const bytesSent = check.timelines.reduce((a, t) => a + t.bytesSent, 0);
  const worstDowntimeMs = check.timelines.reduce((a, t) => Math.max(a, t.downtimeMs), 0);
  const joules = check.timelines.reduce((a, t) => a + migrationEnergyJoules(t.bytesSent), 0);
  const wattsSaved = before.powerWatts - after.powerWatts;
  return { check, before, after, bytesSent, worstDowntimeMs, migrationEnergyJoules: joules, wattsSaved, paybackSec: wattsSaved > 1e-9 ? joules / wattsSaved : null };
}
