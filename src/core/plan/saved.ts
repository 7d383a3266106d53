import { requireDatacenter } from '../lookup.js';
import type { HostState } from '../model.js';
import type { State } from '../state.js';
import type { PlanDocument } from './document.js';
import type { FingerprintPart } from './fingerprint.js';
import { changedParts, stateFingerprint } from './fingerprint.js';
import { WorkingFleet } from './fleet.js';
import { lowerBoundHosts } from './metrics.js';
import type { PlanOutlook } from './outlook.js';
import { planOutlook } from './outlook.js';
import { planSteps, stepSpecs } from './steps.js';
import type { Plan } from './types.js';

export interface SaveRequest {
  name: string;
  /** The command line that made the plan. */
  createdBy: string;
  maxConcurrent: number;
  /** Host states the plan sets when its moves are done (consolidate --power-off, maintenance). */
  hostStates: ReadonlyMap<string, HostState>;
}

/**
 * A planner's plan as a plan file: its moves in steps (core/plan/steps.ts) with the engine's
 * prediction of each (the whole plan run together, as `plan apply` runs it), the fingerprint of
 * what it depends on, and the predicted effect.
 */
export function planDocument(state: State, plan: Plan, request: SaveRequest): PlanDocument {
  const fingerprint = stateFingerprint(state);
  const steps = stepSpecs(planSteps(state, plan.moves));
  const reasons = new Map(plan.moves.map((m) => [m.vm, m.reason]));
  const hostStates = Object.fromEntries(request.hostStates);
  const outlook = planOutlook(state, { steps, hostStates }, request.maxConcurrent);
  const predictions = new Map(outlook.check.moves.map((m) => [`${m.step}/${m.move}`, m]));
  steps.forEach((step, s) => step.moves.forEach((move, j) => {
    const reason = reasons.get(move.vm);
    if (reason) move.reason = reason;
    const p = predictions.get(`${s + 1}/${j + 1}`);
    if (p) move.predicted = { timeSec: round(p.predictedTimeSec, 3), downtimeMs: round(p.predictedDowntimeMs, 3) };
  }));
  const { before, after } = outlook;
  return {
    apiVersion: 'dcctl/v1',
    kind: 'Plan',
    metadata: { name: request.name, createdBy: request.createdBy, createdAtSec: state.clockSec },
    spec: {
      strategy: plan.strategy,
      fingerprint: fingerprint.sha256,
      basis: { ...fingerprint.parts, nextEventId: state.nextEventId },
      maxConcurrent: request.maxConcurrent,
      ...(request.hostStates.size > 0 ? { hostStates } : {}),
      steps,
    },
    predicted: {
      makespanSec: round(outlook.check.makespanSec, 3),
      moves: plan.moves.length,
      bytesSent: outlook.bytesSent,
      worstDowntimeMs: round(outlook.worstDowntimeMs, 3),
      activeHosts: { before: before.activeHosts, after: after.activeHosts },
      hostsOn: { before: before.hostsOn, after: after.hostsOn },
      powerWatts: { before: round(before.powerWatts, 3), after: round(after.powerWatts, 3) },
      energyPerDayKWh: { before: round(before.energyPerDayKWh, 4), after: round(after.energyPerDayKWh, 4) },
    },
  };
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Whether a plan was written against the state as it is now. */
export interface Freshness {
  /** The fingerprint the plan recorded (null: written by hand, checked in full without one). */
  recorded: string | null;
  current: string;
  /** null when the plan has no fingerprint. */
  fresh: boolean | null;
  /** Parts of the state that changed since (placements, hostStates, vmSizes, datacenter). */
  changed: FingerprintPart[];
}

export function planFreshness(plan: PlanDocument, state: State): Freshness {
  const now = stateFingerprint(state);
  const recorded = plan.spec.fingerprint ?? null;
  if (recorded === null) return { recorded, current: now.sha256, fresh: null, changed: [] };
  const fresh = recorded === now.sha256;
  return { recorded, current: now.sha256, fresh, changed: fresh ? [] : changedParts(plan.spec.basis, now) };
}

/** A plan file's plan in the shape the planners return (for plan apply's result and renderer). */
export function planOfDocument(state: State, plan: PlanDocument, outlook: PlanOutlook): Plan {
  const dc = requireDatacenter(state);
  const reasons = new Map(plan.spec.steps.flatMap((s, i) => s.moves.map((m, j) => [`${i + 1}/${j + 1}`, m.reason] as const)));
  const { check, before, after } = outlook;
  const occupiedBefore = new Set(state.vms.map((v) => v.host));
  const occupiedAfter = new Set(state.vms.map((v) => check.finalHosts.get(v.name) ?? v.host));
  const hostStates = Object.entries(plan.spec.hostStates ?? {});
  return {
    strategy: plan.spec.strategy ?? 'hand-written',
    moves: check.moves.map((m) => ({ vm: m.vm, from: m.from, to: m.to, mode: m.mode, reason: reasons.get(`${m.step}/${m.move}`) ?? `step ${m.step} of ${plan.metadata.name}`, predictedTimeSec: m.predictedTimeSec, predictedDowntimeMs: m.predictedDowntimeMs })),
    before, after,
    hostsFreed: dc.hosts.filter((h) => occupiedBefore.has(h.name) && !occupiedAfter.has(h.name)).map((h) => h.name),
    hostsPoweredOff: hostStates.filter(([h, s]) => s === 'off' && !occupiedAfter.has(h)).map(([h]) => h),
    hostsEmptyBefore: [],
    lowerBoundHosts: lowerBoundHosts(new WorkingFleet(dc, state.vms, 1)),
    movesLowerBound: null,
    makespanSec: check.makespanSec,
    kept: [],
    warnings: [],
  };
}
