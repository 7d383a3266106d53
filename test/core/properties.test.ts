import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../src/core/errors.js';
import { LIFECYCLE_ACTIONS, transitionVm } from '../../src/core/lifecycle.js';
import type { Datacenter, Vm } from '../../src/core/model.js';
import { holdsResources } from '../../src/core/model.js';
import { BatchPlacer } from '../../src/core/placement/batch.js';
import { CAPACITY_EPSILON, hostLimits } from '../../src/core/placement/capacity.js';
import { placeVm } from '../../src/core/placement/place.js';
import { POLICY_NAMES } from '../../src/core/placement/policies.js';
import { buildView, chargeVm } from '../../src/core/placement/view.js';
import type { State } from '../../src/core/state.js';
import { emptyState } from '../../src/core/state.js';
import { createVm, deleteVm } from '../../src/core/vm-ops.js';
import { datacenterArb, vmFromShape, vmShapeArb } from '../helpers/arbitraries.js';

function assertInvariants(state: State, expectedNames: Set<string>): void {
  const dc = state.datacenter!;
  // No VM lost or duplicated.
  expect(new Set(state.vms.map((v) => v.name))).toEqual(expectedNames);
  expect(state.vms.length).toBe(expectedNames.size);
  const view = buildView(dc, state.vms);
  for (const host of dc.hosts) {
    const usage = view.usage.get(host.name)!;
    const limits = hostLimits(host);
    // No host over its overcommit limits.
    expect(usage.vcpus).toBeLessThanOrEqual(limits.vcpus + CAPACITY_EPSILON);
    expect(usage.memoryBytes).toBeLessThanOrEqual(limits.memoryBytes + CAPACITY_EPSILON);
    // Hosts that are off or in maintenance receive nothing (they started empty).
    if (host.state !== 'on') expect(usage.vms).toEqual([]);
  }
  for (const vm of state.vms) {
    if (holdsResources(vm.state)) expect(dc.hosts.some((h) => h.name === vm.host)).toBe(true);
    // Anti-affinity must-rules hold among VMs holding resources.
    if (vm.group?.rule === 'anti-affinity' && vm.group.enforcement === 'must' && holdsResources(vm.state)) {
      const sameHost = state.vms.filter((o) => o.name !== vm.name && o.group?.name === vm.group!.name && o.host === vm.host && holdsResources(o.state));
      expect(sameHost).toEqual([]);
    }
  }
}

const commandArb = fc.oneof(
  fc.record({ op: fc.constant('create' as const), shape: vmShapeArb, policy: fc.constantFrom(...POLICY_NAMES) }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('lifecycle' as const), pick: fc.nat(), action: fc.constantFrom(...LIFECYCLE_ACTIONS) }),
);

describe('properties over random datacenters and command sequences', () => {
  it('no VM is lost, no host exceeds its limits, must-rules hold, refusals change nothing', () => {
    fc.assert(fc.property(datacenterArb, fc.array(commandArb, { maxLength: 40 }), (dc, commands) => {
      let state: State = { ...emptyState(), datacenter: dc };
      const names = new Set<string>();
      commands.forEach((command, step) => {
        const before = state;
        let outcome;
        if (command.op === 'create') outcome = createVm(state, vmFromShape(`vm${step}`, command.shape), { policy: command.policy });
        else if (state.vms.length === 0) return;
        else {
          const name = state.vms[command.pick % state.vms.length]!.name;
          outcome = command.op === 'delete' ? deleteVm(state, name) : transitionVm(state, name, command.action);
        }
        if (isRefusal(outcome)) {
          expect(state).toBe(before);
          return;
        }
        state = outcome.state;
        if (command.op === 'create') names.add(`vm${step}`);
        if (command.op === 'delete') names.delete((outcome.result as { vm: string }).vm);
        assertInvariants(state, names);
      });
    }), { numRuns: 150 });
  });

  it('the batch placer decides exactly as the filters and policies do, VM after VM', () => {
    fc.assert(fc.property(datacenterArb, fc.array(vmShapeArb, { minLength: 1, maxLength: 60 }), fc.constantFrom(...POLICY_NAMES), fc.nat(30), (dc: Datacenter, shapes, policy, already) => {
      // The first VMs are placed one by one and stored; the batch placer starts from them.
      const view = buildView(dc, []);
      const existing: Vm[] = [];
      let cursor = -1;
      shapes.slice(0, already).forEach((shape, i) => {
        const vm = vmFromShape(`pre${i}`, shape);
        const placement = placeVm(view, { vm, policy, cursor });
        if (!placement.host) return;
        chargeVm(view, vm, placement.host);
        cursor = placement.cursor;
        existing.push({ ...vm, state: 'active', host: placement.host, origin: 'cli', createdAtSec: 0 });
      });
      const batch = new BatchPlacer(dc, existing, cursor);
      shapes.slice(already).forEach((shape, i) => {
        const vm = vmFromShape(`v${i}`, shape);
        const naive = placeVm(view, { vm, policy, cursor });
        const fast = batch.place(vm, policy);
        expect(fast.host).toBe(naive.host);
        expect(fast.warnings).toEqual(naive.warnings);
        if (naive.host) {
          chargeVm(view, vm, naive.host);
          cursor = naive.cursor;
          expect(fast.cursor).toBe(naive.cursor);
        } else {
          expect(fast.rejections).toEqual(naive.rejections);
        }
      });
    }), { numRuns: 300 });
  });
});
