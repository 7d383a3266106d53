import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../../src/config/plan-load.js';
import { planBalance } from '../../../src/core/balance/balance.js';
import { planConsolidation } from '../../../src/core/consolidation/consolidate.js';
import { isRefusal } from '../../../src/core/errors.js';
import type { Datacenter, HostState } from '../../../src/core/model.js';
import { checkPlan } from '../../../src/core/plan/check.js';
import { commitRun, executePlan, executionOrder } from '../../../src/core/plan/execute.js';
import { planFreshness, planDocument } from '../../../src/core/plan/saved.js';
import { stepsOf } from '../../../src/core/plan/steps.js';
import type { Plan } from '../../../src/core/plan/types.js';
import type { State } from '../../../src/core/state.js';
import { emptyState } from '../../../src/core/state.js';
import { createVm } from '../../../src/core/vm-ops.js';
import { planYaml } from '../../../src/plan-file.js';
import { datacenterArb, vmFromShape, vmShapeArb } from '../../helpers/arbitraries.js';

/** A random powered datacenter filled worst-fit (something to consolidate and to balance). */
const scenarioArb = fc.record({ dc: datacenterArb, shapes: fc.array(vmShapeArb, { minLength: 1, maxLength: 30 }) }).map(({ dc, shapes }) => {
  const powered: Datacenter = { ...dc, hosts: dc.hosts.map((h, i) => ({ ...h, power: { kind: 'linear' as const, idleW: 80 + (i % 3) * 10, maxW: 200 + (i % 2) * 40, standbyW: 0 } })) };
  let state: State = { ...emptyState(), datacenter: powered };
  shapes.forEach((shape, i) => {
    const outcome = createVm(state, vmFromShape(`v${i}`, { ...shape, group: shape.group === 'g-aff-must' ? null : shape.group }), { policy: 'worst-fit' });
    if (!isRefusal(outcome)) state = outcome.state;
  });
  return state;
});

const take = <T>(value: T | { refused: true; message: string }): T => {
  if (isRefusal(value)) throw new Error(value.message);
  return value as T;
};

/** The plan written to YAML and read back, as plan apply reads it. */
function roundTrip(state: State, plan: Plan, hostStates: Map<string, HostState>) {
  const doc = planDocument(state, plan, { name: 'p', createdBy: 'test', maxConcurrent: 2, hostStates });
  return loadPlan(Buffer.from(planYaml(doc)), 'p.yaml').plan;
}

describe('a saved plan', () => {
  it('of a planner passes plan check, and plan apply of it ends where the command itself ends (same migrations, placements, host states)', () => {
    fc.assert(fc.property(scenarioArb, fc.constantFrom('ffd' as const, 'bfd' as const, 'pabfd' as const, 'balance' as const), (state, planner) => {
      const plan = planner === 'balance'
        ? planBalance(state, { metric: 'cpu', threshold: 0.05, aggressiveness: 4, ceiling: 0.8, maxMoves: null, maxConcurrent: 2, migrationMode: 'live' })
        : planConsolidation(state, { strategy: planner, targetUtilization: 0.8, powerOff: true, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });
      const hostStates = new Map(plan.hostsPoweredOff.map((h) => [h, 'off' as const]));
      const doc = roundTrip(state, plan, hostStates);
      expect(planFreshness(doc, state).fresh).toBe(true);
      const check = checkPlan(state, doc.spec, 2);
      // A cycle no third host can break (no room for a hop), or members of an anti-affinity group
      // trading places, has no order under reservations: the check says so rather than pass a
      // plan that could not run.
      if (executionOrder(state, plan.moves).forced.length > 0 || stepsOf(state, plan.moves).unsettled.length > 0) {
        expect(check.valid).toBe(false);
        return;
      }
      expect(check.problems).toEqual([]);
      expect(check.moves.length).toBe(plan.moves.length);
      const own = take(executePlan(state, plan, 2, hostStates, 'consolidation'));
      const applied = take(commitRun(state, check.timelines, check.makespanSec, new Map(Object.entries(doc.spec.hostStates ?? {}) as [string, HostState][]), 'consolidation', plan));
      const summary = (s: State) => ({ vms: s.vms.map((v) => [v.name, v.host, v.state]), hosts: s.datacenter!.hosts.map((h) => [h.name, h.state]), clock: s.clockSec });
      expect(summary(applied.state)).toEqual(summary(own.state));
      const run = (r: typeof own.result) => r.migrations.map((t) => [t.id, t.vm, t.from, t.to, t.startSec, t.totalTimeSec, t.downtimeMs, t.outcome]);
      expect(run(applied.result)).toEqual(run(own.result));
    }), { numRuns: 80 });
  });

  it('goes stale when what it depends on changes, and names the part', () => {
    fc.assert(fc.property(scenarioArb.filter((s) => s.vms.length > 0), (state) => {
      const plan = planConsolidation(state, { strategy: 'bfd', targetUtilization: 0.8, powerOff: false, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });
      const doc = roundTrip(state, plan, new Map());
      expect(planFreshness(doc, { ...state, clockSec: state.clockSec + 100 }).fresh).toBe(true);
      const vm = state.vms[0]!;
      const bigger = { ...state, vms: state.vms.map((v) => (v === vm ? { ...v, cpus: v.cpus + 1 } : v)) };
      expect(planFreshness(doc, bigger)).toMatchObject({ fresh: false, changed: ['vmSizes'] });
      const stopped = { ...state, vms: state.vms.map((v) => (v === vm ? { ...v, state: 'inactive' as const } : v)) };
      expect(planFreshness(doc, stopped)).toMatchObject({ fresh: false, changed: ['placements'] });
      const dc = state.datacenter!;
      const off = { ...state, datacenter: { ...dc, hosts: dc.hosts.map((h, i) => (i === 0 ? { ...h, state: h.state === 'off' ? 'on' as const : 'off' as const } : h)) } };
      expect(planFreshness(doc, off)).toMatchObject({ fresh: false, changed: ['hostStates'] });
    }), { numRuns: 20 });
  });
});
