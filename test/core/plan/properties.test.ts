import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBalance } from '../../../src/core/balance/balance.js';
import { planConsolidation } from '../../../src/core/consolidation/consolidate.js';
import { isRefusal } from '../../../src/core/errors.js';
import type { Datacenter, Host } from '../../../src/core/model.js';
import { GiB } from '../../../src/core/units.js';
import { holdsResources } from '../../../src/core/model.js';
import { CAPACITY_EPSILON, hostLimits } from '../../../src/core/placement/capacity.js';
import { buildView } from '../../../src/core/placement/view.js';
import { executePlan } from '../../../src/core/plan/execute.js';
import { VmClasses } from '../../../src/core/plan/fewer-moves.js';
import type { Plan } from '../../../src/core/plan/types.js';
import type { State } from '../../../src/core/state.js';
import { emptyState } from '../../../src/core/state.js';
import { createVm } from '../../../src/core/vm-ops.js';
import { datacenterArb, vmFromShape, vmShapeArb } from '../../helpers/arbitraries.js';

/** A random datacenter with power models, filled by worst-fit so there is something to consolidate. */
const scenarioArb = fc.record({
  dc: datacenterArb,
  shapes: fc.array(vmShapeArb, { minLength: 1, maxLength: 40 }),
  idle: fc.integer({ min: 50, max: 150 }),
  span: fc.integer({ min: 10, max: 200 }),
}).map(({ dc, shapes, idle, span }) => {
  const powered: Datacenter = { ...dc, hosts: dc.hosts.map((h, i) => ({ ...h, power: { kind: 'linear' as const, idleW: idle + (i % 3) * 10, maxW: idle + span + (i % 2) * 40, standbyW: 0 } })) };
  let state: State = { ...emptyState(), datacenter: powered };
  shapes.forEach((shape, i) => {
    const outcome = createVm(state, vmFromShape(`v${i}`, { ...shape, group: shape.group === 'g-aff-must' ? null : shape.group }), { policy: 'worst-fit' });
    if (!isRefusal(outcome)) state = outcome.state;
  });
  return state;
});

/**
 * Moves a shorter plan would not need: per class of identical VMs (same shape, same hypervisor
 * class), a host that both loses and receives VMs of the class could keep one instead.
 */
export function redundantMoves(state: State, plan: Plan): number {
  const dc = state.datacenter!;
  const vms = new Map(state.vms.map((v) => [v.name, v]));
  const hvClass = (host: string) => { const h = dc.hosts.find((x) => x.name === host)!.hypervisor; return `${h.product}|${h.virtualization}`; };
  const classes = new VmClasses();
  const flow = new Map<string, { out: number; in: number }>();
  const at = (key: string) => flow.get(key) ?? flow.set(key, { out: 0, in: 0 }).get(key)!;
  for (const m of plan.moves) {
    const key = `${hvClass(m.from)}|${classes.of(vms.get(m.vm)!)}`;
    at(`${key}@${m.from}`).out++;
    at(`${key}@${m.to}`).in++;
  }
  return [...flow.values()].reduce((sum, f) => sum + Math.min(f.out, f.in), 0);
}

function checkState(before: State, after: State): void {
  const dc = after.datacenter!;
  expect(after.vms.map((v) => v.name).sort()).toEqual(before.vms.map((v) => v.name).sort());
  const view = buildView(dc, after.vms);
  for (const host of dc.hosts) {
    const usage = view.usage.get(host.name)!;
    const limits = hostLimits(host);
    expect(usage.vcpus).toBeLessThanOrEqual(limits.vcpus + CAPACITY_EPSILON);
    expect(usage.memoryBytes).toBeLessThanOrEqual(limits.memoryBytes + CAPACITY_EPSILON);
    if (host.state === 'off') expect(after.vms.filter((v) => v.host === host.name)).toEqual([]);
  }
  for (const vm of after.vms) {
    if (vm.group?.rule !== 'anti-affinity' || vm.group.enforcement !== 'must' || !holdsResources(vm.state)) continue;
    expect(after.vms.filter((o) => o.name !== vm.name && o.group?.name === vm.group!.name && o.host === vm.host && holdsResources(o.state))).toEqual([]);
  }
}

describe('planner properties over random datacenters', () => {
  it('consolidation: nothing lost, limits and must-rules kept, off hosts empty, never more hosts than before nor fewer than the bound', () => {
    fc.assert(fc.property(scenarioArb, fc.constantFrom('ffd' as const, 'bfd' as const, 'pabfd' as const), fc.constantFrom(0.5, 0.8, 1), fc.boolean(), (state, strategy, ceiling, powerOff) => {
      const plan = planConsolidation(state, { strategy, targetUtilization: ceiling, powerOff, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });
      expect(plan.after.activeHosts).toBeLessThanOrEqual(plan.before.activeHosts);
      expect(plan.after.activeHosts).toBeGreaterThanOrEqual(plan.lowerBoundHosts);
      // A VM moves once, but for a temporary hop that breaks a cycle (then twice, the hop first).
      const own = plan.moves.filter((m) => !m.hop);
      expect(new Set(own.map((m) => m.vm)).size).toBe(own.length);
      expect(redundantMoves(state, { ...plan, moves: own })).toBe(0);
      expect(own.length).toBeGreaterThanOrEqual(plan.movesLowerBound!);
      const outcome = executePlan(state, plan, 2, new Map(plan.hostsPoweredOff.map((h) => [h, 'off' as const])), 'consolidation');
      if (isRefusal(outcome)) throw new Error(outcome.message);
      checkState(state, outcome.state);
      for (const h of plan.hostsFreed) expect(outcome.state.vms.filter((v) => v.host === h && holdsResources(v.state))).toEqual([]);
    }), { numRuns: 120 });
  });

  it('consolidation: no move is redundant up to identical VMs (fleets of few shapes spread worst-fit), and never fewer moves than the bound', () => {
    const fleetArb = fc.record({
      hosts: fc.integer({ min: 3, max: 14 }),
      shapes: fc.array(fc.record({ cpus: fc.constantFrom(1, 2, 4), memoryGiB: fc.constantFrom(1, 2, 4), cpuLoad: fc.constantFrom(0.25, 0.5) }), { minLength: 1, maxLength: 3 }),
      picks: fc.array(fc.nat(), { minLength: 4, maxLength: 40 }),
    }).map(({ hosts, shapes, picks }) => {
      const kvm: Host['hypervisor'] = { product: 'kvm', level: 'hardware', type: 1, kernel: 'monolithic', virtualization: 'hardware-assisted', paging: 'nested' };
      const fleet: Host[] = Array.from({ length: hosts }, (_, i) => ({
        name: `h${i}`, cluster: 'c', cores: 16, mhz: 2000, arch: 'x86_64', memoryBytes: 64 * GiB, diskBytes: null, nicBytesPerSec: 1.25e9, os: 'linux',
        containers: false, hypervisor: kvm, overcommit: { cpu: 4, memory: 1 }, reserve: { cores: 0, memoryBytes: 0 },
        power: { kind: 'linear', idleW: 100, maxW: 200, standbyW: 0 }, state: 'on',
      }));
      const dc: Datacenter = {
        name: 'same', defaults: { overcommit: { cpu: 4, memory: 1 }, placement: 'worst-fit', overhead: 'modelled' }, network: { bandwidthBytesPerSec: 1.25e9, links: [] },
        clusters: [{ name: 'c', hypervisor: kvm, hosts: fleet.map((h) => h.name) }], tenants: [], hosts: fleet,
      };
      let state: State = { ...emptyState(), datacenter: dc };
      picks.forEach((p, i) => {
        const shape = shapes[p % shapes.length]!;
        const outcome = createVm(state, vmFromShape(`v${i}`, { ...shape, kind: 'vm', tenant: null, guestOs: 'linux', group: null }), { policy: 'worst-fit' });
        if (!isRefusal(outcome)) state = outcome.state;
      });
      return state;
    });
    fc.assert(fc.property(fleetArb, fc.constantFrom('ffd' as const, 'bfd' as const, 'pabfd' as const), (state, strategy) => {
      const plan = planConsolidation(state, { strategy, targetUtilization: 0.8, powerOff: false, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });
      expect(redundantMoves(state, plan)).toBe(0);
      expect(plan.moves.length).toBeGreaterThanOrEqual(plan.movesLowerBound!);
      const outcome = executePlan(state, plan, 2, new Map(), 'consolidation');
      if (isRefusal(outcome)) throw new Error(outcome.message);
      checkState(state, outcome.state);
      const active = new Set(outcome.state.vms.filter((v) => v.host && holdsResources(v.state)).map((v) => v.host));
      expect(active.size).toBe(plan.after.activeHosts);
    }), { numRuns: 150 });
  });

  it('balance never increases the standard deviation it balances, and keeps every rule', () => {
    fc.assert(fc.property(scenarioArb, fc.constantFrom('cpu' as const, 'memory' as const), fc.integer({ min: 1, max: 5 }), (state, metric, aggressiveness) => {
      const plan = planBalance(state, { metric, threshold: 0.05, aggressiveness, ceiling: 0.8, maxMoves: null, maxConcurrent: 2, migrationMode: 'live' });
      const key = metric === 'cpu' ? 'utilizationStdDev' : 'memoryStdDev';
      expect(plan.after[key]).toBeLessThanOrEqual(plan.before[key] + 1e-12);
      expect(plan.after.hotSpots).toBeLessThanOrEqual(plan.before.hotSpots);
      const outcome = executePlan(state, plan, 2, new Map(), 'balance');
      if (isRefusal(outcome)) throw new Error(outcome.message);
      checkState(state, outcome.state);
    }), { numRuns: 120 });
  });
});
