import { describe, expect, it } from 'vitest';
import type { Move } from '../../../src/core/plan/types.js';
import { executionOrder, planMakespan } from '../../../src/core/plan/execute.js';
import { simulateMoves } from '../../../src/core/migration/migrate.js';
import { dcYaml, stateFrom } from '../../helpers/dc.js';

// Three hosts of 2 cores (4 vCPUs at overcommit 2); h1 and h2 full with two 2-vCPU VMs each.
const FULL = dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 2 }, memory: 8GiB }
        - { name: h2, cpu: { cores: 2 }, memory: 8GiB }
        - { name: h3, cpu: { cores: 2 }, memory: 8GiB }
  vms:
    - { name: x, cpus: 2, memory: 1GiB, host: h1 }
    - { name: y, cpus: 2, memory: 1GiB, host: h1 }
    - { name: z, cpus: 2, memory: 1GiB, host: h2 }
    - { name: w, cpus: 2, memory: 1GiB, host: h2 }
`);

const move = (vm: string, from: string, to: string): Move => ({ vm, from, to, mode: 'live', reason: '', predictedTimeSec: 0, predictedDowntimeMs: 0 });

describe('plans run departures before the arrivals that need their room', () => {
  const state = stateFrom(FULL);
  const moves = [move('z', 'h2', 'h1'), move('x', 'h1', 'h3')];

  it('orders the departure first and makes the arrival wait for it', () => {
    const order = executionOrder(state, moves);
    expect(order.moves.map((m) => m.vm)).toEqual(['x', 'z']);
    expect(order.after).toEqual([[], [0]]);
  });

  it('the engine starts the arrival only when the departure has finished, even with room for two at a time', () => {
    const order = executionOrder(state, moves);
    const { timelines, makespanSec } = simulateMoves(state, order.resolved, { preset: 'qemu', overrides: {}, maxConcurrent: 2 }, order.after);
    expect(timelines[1]!.startSec).toBeCloseTo(timelines[0]!.totalTimeSec, 9);
    expect(makespanSec).toBeCloseTo(timelines[0]!.totalTimeSec + timelines[1]!.totalTimeSec, 9);
    expect(planMakespan(state, moves, 2)).toBeCloseTo(makespanSec, 9);
  });

  it('a swap, where each move needs the room of the other, still runs in plan order', () => {
    const swap = [move('x', 'h1', 'h2'), move('z', 'h2', 'h1')];
    const order = executionOrder(state, swap);
    expect(order.moves.map((m) => m.vm)).toEqual(['x', 'z']);
  });
});
