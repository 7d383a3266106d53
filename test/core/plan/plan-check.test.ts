import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../../src/core/plan/check.js';
import type { PlanMoveSpec } from '../../../src/core/plan/document.js';
import { kvmRack, stateFrom, twoFullHosts } from '../../helpers/dc.js';

// h1 and h2 full (x, y; z, w pinned), h3 empty, h4 off: 2 cores each, 4 vCPUs at overcommit 2.
const FULL = stateFrom(twoFullHosts({ hosts: ['{ name: h4, cpu: { cores: 2 }, memory: 8GiB, state: off }'], vm: { w: 'pinned: true' } }));

// Two members of a must anti-affinity group on h1 and h2; h3 empty; room everywhere.
const ANTI = stateFrom(kvmRack(['h1', 'h2', 'h3'].map((h) => `{ name: ${h}, cpu: { cores: 8 }, memory: 32GiB }`), [
  '{ name: a, cpus: 1, memory: 1GiB, host: h1, group: { name: web, rule: anti-affinity } }',
  '{ name: b, cpus: 1, memory: 1GiB, host: h2, group: { name: web, rule: anti-affinity } }',
  '{ name: c, cpus: 1, memory: 4GiB, host: h2, sla: { maxDowntime: 1ms }, workload: { dirtyRate: 200MiB/s, workingSet: 2GiB } }',
]));

const steps = (...moves: PlanMoveSpec[][]) => ({ steps: moves.map((m) => ({ moves: m })) });
const mv = (vm: string, to: string, from?: string): PlanMoveSpec => (from ? { vm, to, from } : { vm, to });
const kinds = (c: ReturnType<typeof checkPlan>) => c.problems.map((p) => `${p.kind}@${p.step}.${p.move}`);

describe('a move that needs another to go first', () => {
  it('x leaves h1 in step 1, z takes its room in step 2: valid, and z waits for x (room) even with two at a time', () => {
    const c = checkPlan(FULL, steps([mv('x', 'h3', 'h1')], [mv('z', 'h1', 'h2')]), 2);
    expect(c.valid).toBe(true);
    expect(c.moves.map((m) => m.waitsFor)).toEqual([[], [{ on: 0, why: 'room' }]]);
    expect(c.timelines[1]!.startSec).toBeCloseTo(c.timelines[0]!.totalTimeSec, 9);
    expect(c.makespanSec).toBeCloseTo(c.timelines[0]!.totalTimeSec + c.timelines[1]!.totalTimeSec, 9);
  });

  it('the same two moves in one step are refused: x still holds h1 while z reserves it (6 of 4 vCPUs)', () => {
    const c = checkPlan(FULL, steps([mv('z', 'h1'), mv('x', 'h3')]), 2);
    expect(kinds(c)).toEqual(['capacity@1.1']);
    expect(c.problems[0]!.host).toBe('h1');
    expect(c.problems[0]!.message).toContain('6 vCPUs of 4 allowed');
  });

  it('two moves that need nothing of each other run together', () => {
    const c = checkPlan(FULL, steps([mv('x', 'h3'), mv('y', 'h3')]), 2);
    expect(c.valid).toBe(true);
    expect(c.timelines.map((t) => t.startSec)).toEqual([0, 0]);
  });

  it('a swap has no valid order under reservations: refused in every arrangement', () => {
    expect(kinds(checkPlan(FULL, steps([mv('x', 'h2'), mv('z', 'h1')]), 2))).toEqual(['capacity@1.1', 'capacity@1.2']);
    expect(kinds(checkPlan(FULL, steps([mv('x', 'h2')], [mv('z', 'h1')]), 2))).toEqual(['capacity@1.1']);
  });
});

describe('an edited plan that breaks a rule on the way, not at the end', () => {
  it('b onto h1 before a has left breaks anti-affinity in step 1, though a on h3 and b on h1 would be fine at the end', () => {
    const c = checkPlan(ANTI, steps([mv('b', 'h1')], [mv('a', 'h3')]), 2);
    expect(kinds(c)).toEqual(['anti-affinity@1.1']);
    expect(c.problems[0]!.message).toBe('during step 1, h1 would hold a and b of must anti-affinity group web');
  });

  it('in one step too: a still runs on h1 while b arrives (a move holds both hosts until it is done)', () => {
    expect(kinds(checkPlan(ANTI, steps([mv('a', 'h3'), mv('b', 'h1')]), 2))).toEqual(['anti-affinity@1.2']);
  });

  it('a first, then b: valid, and b waits for a to leave h1', () => {
    const c = checkPlan(ANTI, steps([mv('a', 'h3')], [mv('b', 'h1')]), 2);
    expect(c.valid).toBe(true);
    expect(c.moves[1]!.waitsFor).toEqual([{ on: 0, why: 'anti-affinity' }]);
  });
});

describe('what a plan may not ask for', () => {
  it('names each problem with its step and move', () => {
    const c = checkPlan(FULL, steps(
      [mv('x', 'h3', 'h2'), mv('nope', 'h3'), mv('y', 'h1'), mv('w', 'h3'), mv('z', 'h4'), mv('z', 'h3')],
      [mv('y', 'h9')],
    ), 2);
    expect(kinds(c)).toEqual(['wrong-source@1.1', 'unknown-vm@1.2', 'same-host@1.3', 'vm-pinned@1.4', 'host-state@1.5', 'duplicate-vm@1.6', 'unknown-host@2.1']);
    expect(c.problems[0]!.message).toBe('x is on h1, not h2 as the plan says');
    expect(c.problems[4]!.message).toContain('host is powered off');
  });

  it('a host the plan powers off must end up empty', () => {
    const c = checkPlan(FULL, { ...steps([mv('x', 'h3')]), hostStates: { h1: 'off' } }, 2);
    expect(kinds(c)).toEqual(['host-not-empty@null.null']);
    expect(c.problems[0]!.message).toContain('h1 would still carry y');
    expect(checkPlan(FULL, { ...steps([mv('x', 'h3'), mv('y', 'h3')]), hostStates: { h1: 'off' } }, 2).valid).toBe(true);
  });

  it('a move whose downtime on the run breaks its SLA (1 ms) is refused', () => {
    const c = checkPlan(ANTI, steps([mv('c', 'h3')]), 2);
    expect(kinds(c)).toEqual(['sla-breach@1.1']);
    expect(c.problems[0]!.message).toContain('above its SLA of 1 ms');
  });

  it('a VM moved twice: the second move starts from where the first left it and waits for it', () => {
    const c = checkPlan(FULL, steps([mv('x', 'h3')], [mv('x', 'h1', 'h3')]), 2);
    expect(c.valid).toBe(true);
    expect(c.moves[1]).toMatchObject({ from: 'h3', to: 'h1', waitsFor: [{ on: 0, why: 'same-vm' }] });
    expect(kinds(checkPlan(FULL, steps([mv('x', 'h3')], [mv('x', 'h1', 'h1')]), 2))).toEqual(['wrong-source@2.1']);
  });
});
