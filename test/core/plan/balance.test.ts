import { describe, expect, it } from 'vitest';
import { planBalance } from '../../../src/core/balance/balance.js';
import { planConsolidation } from '../../../src/core/consolidation/consolidate.js';
import { isRefusal } from '../../../src/core/errors.js';
import { executePlan } from '../../../src/core/plan/execute.js';
import { dcYaml, stateFrom } from '../../helpers/dc.js';

const yaml = (vmsOnH1: number, busy = '50%') => dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 8 }, memory: 64GiB }
        - { name: h2, cpu: { cores: 8 }, memory: 64GiB }
  vms:
${Array.from({ length: vmsOnH1 }, (_, i) => `    - { name: v${i}, cpus: 2, memory: 2GiB, host: h1, workload: { cpu: ${busy} } }`).join('\n')}
`, '{ overhead: none, overcommit: { cpu: 4, memory: 1 } }');

const request = { metric: 'cpu' as const, threshold: 0.1, aggressiveness: 3, ceiling: 0.8, maxMoves: null, maxConcurrent: 2, migrationMode: 'live' as const };

describe('balance (DRS-style)', () => {
  it('four VMs of 1 busy core on h1, h2 empty: sigma 25% -> 12.5% -> 0 in two moves', () => {
    const plan = planBalance(stateFrom(yaml(4)), request);
    expect(plan.before.utilizationStdDev).toBeCloseTo(0.25, 12);
    expect(plan.moves.map((m) => [m.from, m.to])).toEqual([['h1', 'h2'], ['h1', 'h2']]);
    expect(plan.after.utilizationStdDev).toBeCloseTo(0, 12);
    expect(plan.moves[0]!.reason).toContain('lowers imbalance by 12.5%');
  });
  it('tolerates the threshold: at aggressiveness 2 (tolerates 20 %) one move is enough', () => {
    const plan = planBalance(stateFrom(yaml(4)), { ...request, aggressiveness: 2 });
    expect(plan.moves).toHaveLength(1);
    expect(plan.after.utilizationStdDev).toBeCloseTo(0.125, 12);
  });
  it('aggressiveness 1 relieves hot spots only', () => {
    expect(planBalance(stateFrom(yaml(4)), { ...request, aggressiveness: 1 }).moves).toEqual([]);
    // 4 VMs of 1.8 busy cores = 90 % > 80 %: one move relieves the hot spot
    const hot = planBalance(stateFrom(yaml(4, '90%')), { ...request, aggressiveness: 1 });
    expect(hot.before.hotSpots).toBe(1);
    expect(hot.moves).toHaveLength(1);
    expect(hot.moves[0]!.reason).toContain('relieves hot spot h1 (90% CPU)');
    expect(hot.after.hotSpots).toBe(0);
  });
  it('never raises the imbalance and moves each VM at most once', () => {
    const plan = planBalance(stateFrom(yaml(5)), { ...request, aggressiveness: 5 });
    expect(plan.after.utilizationStdDev).toBeLessThanOrEqual(plan.before.utilizationStdDev);
    expect(new Set(plan.moves.map((m) => m.vm)).size).toBe(plan.moves.length);
  });
  it('a gain is the drop of the total squared deviation: moving 1 busy core of 8 from a host at 50 % to one at 0 % gains 2 x 0.125 x 0.375 = 0.09375', () => {
    // h1: 4 VMs x 1 core = 4/8 = 0.5; the move takes x = 0.125 to h2: Σ dev² falls by 2x(0.5 - 0 - x).
    // At aggressiveness 3 the least gain is 0.01, so the move is taken; sigma 25 % -> 12.5 %.
    const plan = planBalance(stateFrom(yaml(4)), { ...request, maxMoves: 1 });
    expect(plan.moves).toHaveLength(1);
    const n = 2;
    expect(n * (plan.before.utilizationStdDev ** 2 - plan.after.utilizationStdDev ** 2)).toBeCloseTo(0.09375, 12);
  });
  it('spreads a packed fleet: 200 hosts, 71 full after a consolidation, every move small but together most of the imbalance', () => {
    // 4 clusters of 50 hosts (32 cores, 256 GiB); 1,000 VMs of mixed sizes placed worst-fit, then packed by bfd.
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)]!;
    const clusters = Array.from({ length: 4 }, (_, c) => `    - name: c${c}\n      hypervisor: { product: kvm }\n      hosts:\n        - { name: h${c}, count: 50, cpu: { cores: 32 }, memory: 256GiB }`).join('\n');
    const vms = Array.from({ length: 1000 }, (_, i) => `    - { name: v${i}, cpus: ${pick([1, 2, 4, 8])}, memory: ${pick([2, 4, 8, 16])}GiB, workload: { cpu: ${pick([20, 40, 60, 80])}% } }`).join('\n');
    const spread = stateFrom(dcYaml(`  clusters:\n${clusters}\n  vms:\n${vms}\n`, '{ placement: worst-fit, overcommit: { cpu: 4, memory: 1 } }'));
    const packing = planConsolidation(spread, { strategy: 'bfd', targetUtilization: 0.8, powerOff: false, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });
    const executed = executePlan(spread, packing, 2, new Map(), 'consolidation');
    if (isRefusal(executed)) throw new Error(executed.message);
    const packed = executed.state;
    const plan = planBalance(packed, request);
    expect(plan.before.utilizationStdDev).toBeGreaterThan(0.3);
    expect(plan.moves.length).toBeGreaterThan(100);
    expect(plan.after.utilizationStdDev).toBeLessThanOrEqual(0.1 + 1e-9); // down to the tolerated 10 %
    expect(plan.after.hotSpots).toBe(0);
  });
});
