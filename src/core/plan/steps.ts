import type { State } from '../state.js';
import type { PlanStepSpec } from './document.js';
import { executionOrder } from './execute.js';
import type { Move } from './types.js';

/**
 * A planner's moves as a plan's steps: a move goes in the step after the last of the moves it
 * waits for (the departures that free its room, an earlier move of the same VM, a must
 * anti-affinity partner leaving its target); moves that wait for nothing share the first step.
 * Within a step the order is executionOrder's (the planner's, but where a move waits).
 */
export function planSteps(state: State, moves: readonly Move[]): Move[][] {
  return stepsOf(state, moves).steps;
}

/** The steps, and the VMs whose anti-affinity waits form a cycle (no order keeps the rule; the check reports it). */
export function stepsOf(state: State, moves: readonly Move[]): { steps: Move[][]; unsettled: string[] } {
  if (moves.length === 0) return { steps: [], unsettled: [] };
  const order = executionOrder(state, moves);
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  const n = order.moves.length;
  const antiOf = (m: Move) => {
    const group = vms.get(m.vm)?.group;
    return group?.enforcement === 'must' && group.rule === 'anti-affinity' ? group.name : null;
  };
  // host + must anti-affinity group -> the moves by which a member leaves that host.
  const antiDepartures = new Map<string, number[]>();
  order.moves.forEach((m, i) => {
    const anti = antiOf(m);
    if (anti !== null) antiDepartures.set(`${m.from}\0${anti}`, [...(antiDepartures.get(`${m.from}\0${anti}`) ?? []), i]);
  });
  const previousOf: (number | undefined)[] = [];
  const lastOf = new Map<string, number>();
  order.moves.forEach((m, i) => {
    previousOf.push(lastOf.get(m.vm));
    lastOf.set(m.vm, i);
  });
  // Levels to a fixed point: the departure a member's arrival waits for may come later in the
  // order. A cycle of such waits never settles; after n passes the check reports what is left.
  const level = new Array<number>(n).fill(1);
  let changed = true;
  for (let pass = 0; changed && pass <= n; pass++) {
    changed = false;
    order.moves.forEach((m, i) => {
      let l = 1;
      for (const d of order.after[i]!) l = Math.max(l, level[d]! + 1);
      const previous = previousOf[i];
      if (previous !== undefined) l = Math.max(l, level[previous]! + 1);
      const anti = antiOf(m);
      if (anti !== null) for (const d of antiDepartures.get(`${m.to}\0${anti}`) ?? []) if (d !== i) l = Math.max(l, level[d]! + 1);
      if (l !== level[i]) {
        level[i] = Math.min(l, n);
        changed = true;
      }
    });
  }
  const steps: Move[][] = [];
  order.moves.forEach((m, i) => {
    (steps[level[i]! - 1] ??= []).push(m);
  });
  return { steps: steps.filter((s) => s.length > 0), unsettled: changed ? [...new Set(order.moves.filter((m) => antiOf(m) !== null).map((m) => m.vm))] : [] };
}

/** The steps as a plan file writes them (from and mode always given). */
export function stepSpecs(steps: readonly (readonly Move[])[]): PlanStepSpec[] {
  return steps.map((moves) => ({ moves: moves.map((m) => ({ vm: m.vm, from: m.from, to: m.to, mode: m.mode })) }));
}
