import type { State } from '../state.js';
import type { PlanStepSpec } from './document.js';
import { executionOrder } from './execute.js';
import type { Move } from './types.js';

/**
 * A planner's moves as a plan's steps: a move goes in the step after the last of the moves it
 * waits for (the departures that free its room, an earlier move of the same VM, a must
 * anti-affinity partner leaving its target); moves that wait for nothing share the first step.
 * Within a step the planner's order is kept.
 */
export function planSteps(state: State, moves: readonly Move[]): Move[][] {
  if (moves.length === 0) return [];
  const order = executionOrder(state, moves);
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  const level: number[] = [];
  const lastOf = new Map<string, number>();
  // host + must anti-affinity group -> the latest step a member leaves that host in.
  const antiDepartures = new Map<string, number>();
  order.moves.forEach((m, i) => {
    let l = 1;
    for (const d of order.after[i]!) l = Math.max(l, level[d]! + 1);
    const previous = lastOf.get(m.vm);
    if (previous !== undefined) l = Math.max(l, level[previous]! + 1);
    const group = vms.get(m.vm)?.group;
    const anti = group?.enforcement === 'must' && group.rule === 'anti-affinity' ? group.name : null;
    if (anti !== null) l = Math.max(l, (antiDepartures.get(`${m.to}\0${anti}`) ?? 0) + 1);
    level.push(l);
    if (anti !== null) antiDepartures.set(`${m.from}\0${anti}`, Math.max(l, antiDepartures.get(`${m.from}\0${anti}`) ?? 0));
    lastOf.set(m.vm, i);
  });
  const steps: Move[][] = [];
  order.moves.forEach((m, i) => {
    (steps[level[i]! - 1] ??= []).push(m);
  });
  return steps.filter((s) => s.length > 0);
}

/** The steps as a plan file writes them (from and mode always given). */
export function stepSpecs(steps: readonly (readonly Move[])[]): PlanStepSpec[] {
  return steps.map((moves) => ({ moves: moves.map((m) => ({ vm: m.vm, from: m.from, to: m.to, mode: m.mode })) }));
}
