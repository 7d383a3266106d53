import { planBalance } from '../balance/balance.js';
import type { ConsolidationStrategy } from '../consolidation/consolidate.js';
import { CONSOLIDATION_STRATEGY_NAMES, planConsolidation } from '../consolidation/consolidate.js';
import { kWhPerDay } from '../power.js';
import type { State } from '../state.js';
import { planOutlook } from './outlook.js';
import { planSteps, stepSpecs } from './steps.js';
import type { Plan } from './types.js';

export interface ComparedPlan {
  /** ffd, bfd, pabfd (consolidate) or balance. */
  planner: ConsolidationStrategy | 'balance';
  activeHosts: number;
  hostsOn: number;
  moves: number;
  bytesSent: number;
  makespanSec: number;
  worstDowntimeMs: number;
  powerWatts: number;
  energyPerDayKWh: number;
  energySavedPerDayKWh: number;
  /** Energy of the migrations themselves (Liu et al. 2011, core/plan/outlook.ts). */
  migrationEnergyJoules: number;
  /** When the watts saved have paid for the migrations (null: the plan saves no power). */
  paybackSec: number | null;
  /** Hosts above the CPU ceiling after the plan. */
  hotSpots: number;
  utilizationStdDev: number;
  /** The plan passes plan check on the current state (the run together, every intermediate state). */
  valid: boolean;
  problems: number;
}

export interface PlanComparison {
  targetUtilization: number;
  maxConcurrent: number;
  powerOff: boolean;
  before: { activeHosts: number; hostsOn: number; powerWatts: number; energyPerDayKWh: number; hotSpots: number; utilizationStdDev: number };
  plans: ComparedPlan[];
}

export interface CompareRequest {
  targetUtilization: number;
  maxConcurrent: number;
  /** Consolidation plans power off the hosts they empty (the energy is only saved then). */
  powerOff: boolean;
}

/** Every planner on the same state, each plan run as `plan apply` would run it; nothing changes. */
export function comparePlans(state: State, request: CompareRequest): PlanComparison {
  const rows: ComparedPlan[] = [];
  let before: PlanComparison['before'] | null = null;
  const add = (planner: ComparedPlan['planner'], plan: Plan, hostStates: Record<string, 'off'>) => {
    const outlook = planOutlook(state, { steps: stepSpecs(planSteps(state, plan.moves)), hostStates }, request.maxConcurrent, request.targetUtilization);
    const b = outlook.before;
    before ??= { activeHosts: b.activeHosts, hostsOn: b.hostsOn, powerWatts: b.powerWatts, energyPerDayKWh: b.energyPerDayKWh, hotSpots: b.hotSpots, utilizationStdDev: b.utilizationStdDev };
    const a = outlook.after;
    rows.push({
      planner, activeHosts: a.activeHosts, hostsOn: a.hostsOn, moves: plan.moves.length, bytesSent: outlook.bytesSent,
      makespanSec: outlook.check.makespanSec, worstDowntimeMs: outlook.worstDowntimeMs,
      powerWatts: a.powerWatts, energyPerDayKWh: a.energyPerDayKWh, energySavedPerDayKWh: kWhPerDay(outlook.wattsSaved),
      migrationEnergyJoules: outlook.migrationEnergyJoules, paybackSec: plan.moves.length === 0 ? null : outlook.paybackSec,
      hotSpots: a.hotSpots, utilizationStdDev: a.utilizationStdDev,
      valid: outlook.check.valid, problems: outlook.check.problems.length,
    });
  };
  for (const strategy of CONSOLIDATION_STRATEGY_NAMES) {
    const plan = planConsolidation(state, { strategy, targetUtilization: request.targetUtilization, powerOff: request.powerOff, maxConcurrent: request.maxConcurrent, maxMoves: null, migrationMode: 'live' });
    add(strategy, plan, Object.fromEntries(plan.hostsPoweredOff.map((h) => [h, 'off' as const])));
  }
  const balance = planBalance(state, { metric: 'cpu', threshold: 0.1, aggressiveness: 3, ceiling: request.targetUtilization, maxMoves: null, maxConcurrent: request.maxConcurrent, migrationMode: 'live' });
  add('balance', balance, {});
  return { targetUtilization: request.targetUtilization, maxConcurrent: request.maxConcurrent, powerOff: request.powerOff, before: before!, plans: rows };
}
