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
 * Worked by hand (consolidation-lab.yaml, ceiling 80 %: big 16 cores -> 12.8, the others 8 -> 6.4).
 * Busy cores: v1 6 (big), v2 5 (h1), v3 3 (h2), v4 2 (eff), v5 1 (h2). Power: big 200..300 W, h1 100..200 W,
 * h2 60..300 W, eff 150..160 W. Every VM is placed again, largest first; a host opens only when no open one fits
 * (ffd/bfd: the largest free host; pabfd: the fewest W per core at the ceiling: big 280/12.8 = 21.9,
 * eff 158/6.4 = 24.7, h1 180/6.4 = 28.1, h2 252/6.4 = 39.4).
 * ffd:   v1 -> big; v2 -> big (11); v3 -> opens h1 (3); v4 -> h1 (5, big would be 13); v5 -> big (12, first open).
 * bfd:   v1, v2 -> big; v3 -> opens h1; v4 -> h1; v5 -> h1 (0.4 cores left, big would keep 0.8).
 * pabfd: v1 wakes big (the most efficient); v2 -> big (11, +31.25 W); v3 wakes eff (big would be 14);
 *        v4 -> eff (big would be 13); v5 -> eff (+1.25 W vs big +6.25 W).
 * Power after (freed hosts off): ffd big 12/16 -> 275 + h1 5/8 -> 162.5 = 437.5 W; bfd big 11/16 -> 268.75 + h1 6/8 -> 175
 * = 443.75 W; pabfd big 11/16 -> 268.75 + eff 6/8 -> 157.5 = 426.25 W, the least. Before: 237.5 + 162.5 + 180 + 152.5 = 732.5 W.
 * Lower bound: 17 busy cores; 12.8 + 6.4 >= 17 -> 2 hosts.
 */
describe('consolidation strategies choose differently', () => {
  it.each<[ConsolidationStrategy, [string, string, string][], string[], number, number]>([
    ['ffd', [['v2', 'h1', 'big'], ['v3', 'h2', 'h1'], ['v4', 'eff', 'h1'], ['v5', 'h2', 'big']], ['h2', 'eff'], 437.5, 2],
    ['bfd', [['v2', 'h1', 'big'], ['v3', 'h2', 'h1'], ['v4', 'eff', 'h1'], ['v5', 'h2', 'h1']], ['h2', 'eff'], 443.75, 2],
    ['pabfd', [['v2', 'h1', 'big'], ['v3', 'h2', 'eff'], ['v5', 'h2', 'eff']], ['h1', 'h2'], 426.25, 2],
  ])('%s', (strategy, moves, freed, wattsAfter, active) => {
    const plan = planConsolidation(lab, request(strategy));
    expect(plan.moves.map((m) => [m.vm, m.from, m.to])).toEqual(moves);
    expect(plan.hostsFreed).toEqual(freed);
    expect(plan.hostsPoweredOff).toEqual(freed);
    expect(plan.before.powerWatts).toBeCloseTo(732.5, 9);
    expect(plan.after.powerWatts).toBeCloseTo(wattsAfter, 9);
    expect(plan.before.activeHosts).toBe(4);
    expect(plan.after.activeHosts).toBe(active);
    expect(plan.lowerBoundHosts).toBe(2);
    expect(plan.kept).toEqual([]);
  });

  it('without --power-off the freed hosts stay on at idle power, and the plan says so', () => {
    const plan = planConsolidation(lab, { ...request('ffd'), powerOff: false });
    expect(plan.after.powerWatts).toBeCloseTo(437.5 + 60 + 150, 9);
    expect(plan.warnings[0]).toContain('--power-off');
  });

  it('--max-moves below what the re-pack needs falls back to emptying hosts one by one', () => {
    // evacuation from the least loaded (eff 25 %): v4 to the first active host that fits (big); nothing else fits in one more move
    expect(planConsolidation(lab, { ...request('ffd'), maxMoves: 1 }).moves.map((m) => [m.vm, m.from, m.to])).toEqual([['v4', 'eff', 'big']]);
  });

  it('VMs that may not move keep their host active and are listed with the reason', () => {
    const pinned = { ...lab, vms: lab.vms.map((v) => (v.name === 'v4' ? { ...v, pinned: true } : v)) };
    const plan = planConsolidation(pinned, request('ffd'));
    expect(plan.kept).toEqual([{ vm: 'v4', host: 'eff', reason: 'pinned to eff' }]);
    expect(plan.moves.some((m) => m.vm === 'v4')).toBe(false);
  });

  it('executing the plan moves the VMs, powers off the freed hosts and advances the clock by the makespan', () => {
    const plan = planConsolidation(lab, request('pabfd'));
    const outcome = executePlan(lab, plan, 2, new Map(plan.hostsPoweredOff.map((h) => [h, 'off' as const])), 'consolidation');
    if (isRefusal(outcome)) throw new Error(outcome.message);
    const { state } = outcome;
    expect(state.vms.map((v) => [v.name, v.host])).toEqual([['v1', 'big'], ['v2', 'big'], ['v3', 'eff'], ['v4', 'eff'], ['v5', 'eff']]);
    expect(state.datacenter!.hosts.map((h) => h.state)).toEqual(['on', 'off', 'off', 'on']);
    expect(state.clockSec).toBeCloseTo(plan.makespanSec, 9);
    // a dry run and the real run agree
    expect(planConsolidation(lab, request('pabfd')).moves).toEqual(plan.moves);
  });
});
