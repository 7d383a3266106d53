import { describe, expect, it } from 'vitest';
import { planBalance } from '../../../src/core/balance/balance.js';
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
});
