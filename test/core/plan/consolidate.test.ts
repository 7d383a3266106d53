import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsolidationStrategy } from '../../../src/core/consolidation/consolidate.js';
import { planConsolidation } from '../../../src/core/consolidation/consolidate.js';
import { isRefusal } from '../../../src/core/errors.js';
import { executePlan } from '../../../src/core/plan/execute.js';
import { stateFrom } from '../../helpers/dc.js';

const lab = stateFrom(readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'consolidation-lab.yaml'), 'utf8'));
const request = (strategy: ConsolidationStrategy) => ({ strategy, targetUtilization: 0.8, powerOff: true, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' as const });

/**
 * Worked by hand (consolidation-lab.yaml; 8 cores each, ceiling 80 % = 6.4 cores):
 * busy cores h1 2 (a), h2 4 (b), h3 1.5 (c), h4 1 (d); power h1/h4 100..200 W, h2 60..300 W, h3 150..160 W.
 * Hosts are emptied from the least loaded: h4, h3, h1, h2.
 * ffd:   d -> h1 (first that fits), c -> h1; b cannot leave h2 (h1 would reach 8.5 cores). Freed h4, h3.
 * bfd:   d -> h2 (room left 1.4 cores, the least), c -> h1 (h2 has 1.4 left). Freed h4, h3.
 * pabfd: d -> h3 (+1.25 W; h1 +12.5 W, h2 +30 W), then h3 received so it stays; a -> h3 (+2.5 W vs h2 +60 W). Freed h4, h1.
 * Power after (freed hosts off): ffd h1 4.5/8 -> 156.25 + h2 180 = 336.25 W; bfd h2 5/8 -> 210 + h1 3.5/8 -> 143.75 = 353.75 W;
 * pabfd h2 180 + h3 4.5/8 -> 155.625 = 335.625 W. Before: 125 + 180 + 151.875 + 112.5 = 569.375 W.
 * Lower bound: 8.5 busy cores over 6.4 per host -> 2 hosts.
 */
describe('consolidation strategies choose differently', () => {
  it.each<[ConsolidationStrategy, [string, string, string][], string[], number, string[]]>([
    ['ffd', [['d', 'h4', 'h1'], ['c', 'h3', 'h1']], ['h4', 'h3'], 336.25, ['b']],
    ['bfd', [['d', 'h4', 'h2'], ['c', 'h3', 'h1']], ['h4', 'h3'], 353.75, []], // h1 and h2 both received: neither is emptied
    ['pabfd', [['d', 'h4', 'h3'], ['a', 'h1', 'h3']], ['h4', 'h1'], 335.625, ['b']],
  ])('%s', (strategy, moves, freed, wattsAfter, keptVms) => {
    const plan = planConsolidation(lab, request(strategy));
    expect(plan.moves.map((m) => [m.vm, m.from, m.to])).toEqual(moves);
    expect(plan.hostsFreed).toEqual(freed);
    expect(plan.hostsPoweredOff).toEqual(freed);
    expect(plan.before.powerWatts).toBeCloseTo(569.375, 9);
    expect(plan.after.powerWatts).toBeCloseTo(wattsAfter, 9);
    expect(plan.before.activeHosts).toBe(4);
    expect(plan.after.activeHosts).toBe(2);
    expect(plan.lowerBoundHosts).toBe(2);
    expect(plan.kept.map((k) => k.vm)).toEqual(keptVms);
    for (const k of plan.kept) expect(k.reason).toContain('CPU ceiling 80%');
  });

  it('without --power-off the freed hosts stay on at idle power, and the plan says so', () => {
    const plan = planConsolidation(lab, { ...request('ffd'), powerOff: false });
    expect(plan.after.powerWatts).toBeCloseTo(336.25 + 150 + 100, 9);
    expect(plan.warnings[0]).toContain('--power-off');
  });

  it('a lower ceiling frees fewer hosts; --max-moves caps the plan', () => {
    // ceiling 35 % = 2.8 cores: d fits only on h3 (2.5 cores), then nothing else can move
    expect(planConsolidation(lab, { ...request('ffd'), targetUtilization: 0.35 }).moves.map((m) => [m.vm, m.to])).toEqual([['d', 'h3']]);
    expect(planConsolidation(lab, { ...request('ffd'), maxMoves: 1 }).moves).toHaveLength(1);
  });

  it('executing the plan moves the VMs, powers off the freed hosts and advances the clock by the makespan', () => {
    const plan = planConsolidation(lab, request('pabfd'));
    const outcome = executePlan(lab, plan, 2, new Map(plan.hostsPoweredOff.map((h) => [h, 'off' as const])), 'consolidation');
    if (isRefusal(outcome)) throw new Error(outcome.message);
    const { state } = outcome;
    expect(state.vms.map((v) => [v.name, v.host])).toEqual([['a', 'h3'], ['b', 'h2'], ['c', 'h3'], ['d', 'h3']]);
    expect(state.datacenter!.hosts.map((h) => h.state)).toEqual(['off', 'on', 'on', 'off']);
    expect(state.clockSec).toBeCloseTo(plan.makespanSec, 9);
    // a dry run and the real run agree
    expect(planConsolidation(lab, request('pabfd')).moves).toEqual(plan.moves);
  });
});
