import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../src/core/errors.js';
import { failureHeadroom, headroom, survivesFailures } from '../../src/core/placement/headroom.js';
import type { State } from '../../src/core/state.js';
import { emptyState } from '../../src/core/state.js';
import { createVm, defaultPolicy } from '../../src/core/vm-ops.js';
import { datacenterArb, vmFromShape, vmShapeArb } from '../helpers/arbitraries.js';
import { kvmRack, spec, stateFrom, THREE_HOSTS } from '../helpers/dc.js';

const BEST = { policy: 'best-fit' as const, cursor: -1 };

describe('capacity: how many more of a shape fit', () => {
  it('per host the resource that stops it first: h1 4 by vCPUs (8 / 2) = memory, h2 8, h3 2 by memory (8 GiB / 4 GiB)', () => {
    const state = stateFrom(THREE_HOSTS);
    const room = headroom(state.datacenter!, state.vms, spec('f', 2, 4), BEST);
    expect(room.hosts.map((h) => [h.host, h.fits, h.limitedBy])).toEqual([['h1', 4, 'cpu'], ['h2', 8, 'cpu'], ['h3', 2, 'memory']]);
    expect(room).toMatchObject({ total: 14, clusters: [{ cluster: 'r1', fits: 14 }] });
  });

  it('a must anti-affinity group: one per host, none where a member runs; a must affinity group with no member: the best single host', () => {
    const state = stateFrom(THREE_HOSTS);
    const anti = { name: 'web', rule: 'anti-affinity' as const, enforcement: 'must' as const };
    const placed = createVm(state, spec('web-1', 1, 1, { group: anti }), { policy: 'first-fit' });
    if (isRefusal(placed)) throw new Error(placed.message);
    const room = headroom(placed.state.datacenter!, placed.state.vms, spec('f', 2, 4, { group: anti }), BEST);
    expect(room.hosts.map((h) => [h.host, h.fits, h.limitedBy])).toEqual([['h1', 0, 'anti-affinity'], ['h2', 1, 'anti-affinity'], ['h3', 1, 'anti-affinity']]);
    expect(room.total).toBe(2);
    // best-fit puts the first on h3 (least room left), where 2 fit; worst-fit on h2, where 8 do.
    const db = spec('f', 2, 4, { group: { name: 'db', rule: 'affinity', enforcement: 'must' } });
    expect(headroom(state.datacenter!, state.vms, db, BEST).total).toBe(2);
    expect(headroom(state.datacenter!, state.vms, db, { policy: 'worst-fit', cursor: -1 }).total).toBe(8);
  });

  it('N+1: two hosts of 4 vCPUs each with 2 in use survive losing either; the room that keeps it is what the other could still absorb', () => {
    const state = stateFrom(kvmRack(['{ name: h1, cpu: { cores: 2 }, memory: 8GiB }', '{ name: h2, cpu: { cores: 2 }, memory: 8GiB }'], ['{ name: a, cpus: 2, memory: 1GiB, host: h1 }']));
    const dc = state.datacenter!;
    expect(survivesFailures(dc, state.vms, 1)).toMatchObject({ survives: true, blockers: [], exhaustive: true });
    const room = headroom(dc, state.vms, spec('f', 1, 1), BEST);
    expect(room.total).toBe(6);
    // 8 vCPUs in all; losing a host must leave room for its VMs on the other: 4 vCPUs in use at most, a (2) + 2 more.
    expect(failureHeadroom(dc, state.vms, spec('f', 1, 1), 1, room.total, 'first-fit', -1).fitsWithReserve).toBe(2);
    expect(survivesFailures(dc, state.vms, 2)).toMatchObject({ survives: false, blockers: [{ cluster: 'r', failedHosts: ['h1', 'h2'], vms: ['a'] }] });
  });

  it('property: placing `total` more with vm create succeeds, and one more fails', () => {
    const scenario = fc.record({ dc: datacenterArb, shapes: fc.array(vmShapeArb, { maxLength: 12 }), flavor: vmShapeArb });
    fc.assert(fc.property(scenario, ({ dc, shapes, flavor }) => {
      let state: State = { ...emptyState(), datacenter: dc };
      shapes.forEach((shape, i) => {
        const outcome = createVm(state, vmFromShape(`v${i}`, shape));
        if (!isRefusal(outcome)) state = outcome.state;
      });
      const room = headroom(dc, state.vms, vmFromShape('f', flavor), { policy: defaultPolicy(dc), cursor: state.placementCursor });
      fc.pre(room.total <= 400);
      for (let i = 0; i < room.total; i++) {
        const outcome = createVm(state, vmFromShape(`f-${i}`, flavor));
        if (isRefusal(outcome)) throw new Error(`VM ${i + 1} of ${room.total} did not fit: ${outcome.message}`);
        state = outcome.state;
      }
      expect(isRefusal(createVm(state, vmFromShape('one-more', flavor)))).toBe(true);
    }), { numRuns: 150 });
  });
});
