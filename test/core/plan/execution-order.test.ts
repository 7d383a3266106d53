import { describe, expect, it } from 'vitest';
import type { Move } from '../../../src/core/plan/types.js';
import { executionOrder, planMakespan, withHops } from '../../../src/core/plan/execute.js';
import { simulateMoves } from '../../../src/core/migration/migrate.js';
import { stateFrom, twoFullHosts } from '../../helpers/dc.js';

// Three hosts of 2 cores (4 vCPUs at overcommit 2); h1 and h2 full with two 2-vCPU VMs each.
const FULL = twoFullHosts();

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

  it('a swap, where each move needs the room of the other, goes by way of a third host with room (a temporary hop)', () => {
    const swap = [move('x', 'h1', 'h2'), move('z', 'h2', 'h1')];
    const order = executionOrder(state, swap);
    expect(order.moves.map((m) => [m.vm, m.from, m.to])).toEqual([['x', 'h1', 'h3'], ['z', 'h2', 'h1'], ['x', 'h3', 'h2']]);
    expect(order.after).toEqual([[], [0], [1]]);
    expect(withHops(state, swap).map((m) => [m.vm, m.from, m.to, m.hop ?? false])).toEqual([['x', 'h1', 'h3', true], ['z', 'h2', 'h1', false], ['x', 'h3', 'h2', false]]);
  });

  it('with no third host to hop through, a swap still runs in plan order', () => {
    const full = stateFrom(FULL.replace("        - { name: h3, cpu: { cores: 2 }, memory: 8GiB }\n", ''));
    const order = executionOrder(full, [move('x', 'h1', 'h2'), move('z', 'h2', 'h1')]);
    expect(order.moves.map((m) => m.vm)).toEqual(['x', 'z']);
    expect(order.hops.size).toBe(0);
  });
});
