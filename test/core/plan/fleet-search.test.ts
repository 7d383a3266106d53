import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Datacenter, PowerModel, Vm } from '../../../src/core/model.js';
import { busyCores, WorkingFleet } from '../../../src/core/plan/fleet.js';
import { GiB } from '../../../src/core/units.js';
import { datacenterArb, vmFromShape, vmShapeArb } from '../../helpers/arbitraries.js';

/**
 * The segment-tree searches (pruned by CPU room per memory level, by the power bound, in index
 * or power-class leaf order) must answer what a scan of every host answers.
 */
const powerArb: fc.Arbitrary<PowerModel | null> = fc.oneof(
  fc.constant(null),
  fc.record({ idleW: fc.integer({ min: 40, max: 200 }), spanW: fc.integer({ min: 0, max: 300 }) })
    .map(({ idleW, spanW }): PowerModel => ({ kind: 'linear', idleW, maxW: idleW + spanW, standbyW: 0 })),
  fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 10, maxLength: 10 }).map((steps): PowerModel => {
    const tableW = [80];
    for (const step of steps) tableW.push(tableW.at(-1)! + step);
    return { kind: 'table', tableW, standbyW: 0 };
  }),
);

const scenarioArb = fc.record({
  dc: datacenterArb,
  powers: fc.array(powerArb, { minLength: 18, maxLength: 18 }),
  placed: fc.array(fc.record({ shape: vmShapeArb, host: fc.nat() }), { maxLength: 40 }),
  probes: fc.array(vmShapeArb, { minLength: 1, maxLength: 8 }),
  ceiling: fc.constantFrom(0.5, 0.8, 1),
});

function build({ dc, powers, placed, ceiling }: fc.Infer<typeof scenarioArb>, order: 'index' | 'power') {
  const datacenter: Datacenter = { ...dc, hosts: dc.hosts.map((h, i) => ({ ...h, power: powers[i % powers.length]! })) };
  const fleet = new WorkingFleet(datacenter, [], ceiling, order);
  placed.forEach(({ shape, host }, k) => {
    const vm: Vm = { ...vmFromShape(`p${k}`, { ...shape, group: null }), state: 'active', host: null, origin: 'cli', createdAtSec: 0 };
    const i = host % datacenter.hosts.length;
    if (fleet.fits(vm, i, null)) fleet.add(vm, i);
  });
  return fleet;
}

const tolerance = (cost: number) => 1e-9 * Math.max(1, Math.abs(cost));

/** Every host in index order; a later host must be better by more than the tie margin. */
function bruteForce(fleet: WorkingFleet, vm: Vm, cost: ((i: number) => number) | null): number {
  let best = -1;
  let bestCost = Infinity;
  for (let i = 0; i < fleet.hosts.length; i++) {
    if (!fleet.fits(vm, i, null)) continue;
    if (cost === null) return i;
    const c = cost(i);
    if (best < 0 || c < bestCost - tolerance(bestCost)) {
      best = i;
      bestCost = c;
    }
  }
  return best;
}

describe('target searches', () => {
  it('first fit, best fit and least power answer as a scan of every host, in either leaf order', () => {
    fc.assert(fc.property(scenarioArb, (scenario) => {
      for (const order of ['index', 'power'] as const) {
        const fleet = build(scenario, order);
        scenario.probes.forEach((shape, k) => {
          const vm: Vm = { ...vmFromShape(`q${k}`, { ...shape, group: null }), state: 'active', host: null, origin: 'cli', createdAtSec: 0 };
          expect(fleet.firstFit(vm, null)).toBe(bruteForce(fleet, vm, null));
          expect(fleet.bestFit(vm, null)).toBe(bruteForce(fleet, vm, (i) => fleet.roomLeft(vm, i)));
          expect(fleet.leastPower(vm, null)).toBe(bruteForce(fleet, vm, (i) => fleet.powerCost(vm, i)));
        });
      }
    }), { numRuns: 300 });
  });

  it('a VM needing more memory than any single host has left finds nothing, even when the room is spread over hosts', () => {
    const dc: Datacenter = {
      name: 't', defaults: { overcommit: { cpu: 4, memory: 1 }, placement: 'first-fit', overhead: 'none' },
      network: { bandwidthBytesPerSec: 1.25e9, links: [] }, clusters: [], tenants: [],
      hosts: [0, 1].map((i) => ({
        name: `h${i}`, cluster: 'c', cores: 8, mhz: 2000, arch: 'x86_64', memoryBytes: 16 * GiB, diskBytes: null, nicBytesPerSec: 1.25e9, os: 'linux',
        containers: false, hypervisor: { product: 'kvm', level: 'hardware', type: 1, kernel: 'monolithic', virtualization: 'hardware-assisted', paging: 'nested' },
        overcommit: { cpu: 4, memory: 1 }, reserve: { cores: 0, memoryBytes: 0 }, power: null, state: 'on',
      })),
    };
    const vm = (name: string, cpus: number, memoryGiB: number, cpu: number): Vm => ({
      ...vmFromShape(name, { cpus, memoryGiB, kind: 'vm', tenant: null, guestOs: 'linux', group: null, cpuLoad: cpu }), state: 'active', host: null, origin: 'cli', createdAtSec: 0,
    });
    const fleet = new WorkingFleet(dc, [], 1);
    fleet.add(vm('cpu-heavy', 8, 2, 1), 0); // h0: no CPU left, 14 GiB free
    fleet.add(vm('memory-heavy', 1, 14, 0), 1); // h1: 7 cores free, 2 GiB free
    const probe = vm('probe', 2, 4, 0.5);
    expect(busyCores(probe)).toBe(1);
    expect(fleet.firstFit(probe, null)).toBe(-1);
    expect(fleet.firstFit(vm('small', 1, 2, 0.5), null)).toBe(1);
  });

  it('relabel hands whole hosts to interchangeable ones, and refuses hosts that are not', () => {
    const hosts = [8, 8, 8, 16].map((cores, i) => ({
      name: `h${i}`, cluster: 'c', cores, mhz: 2000, arch: 'x86_64', memoryBytes: 16 * GiB, diskBytes: null, nicBytesPerSec: 1.25e9, os: 'linux',
      containers: false, hypervisor: { product: 'kvm' as const, level: 'hardware' as const, type: 1 as const, kernel: 'monolithic' as const, virtualization: 'hardware-assisted' as const, paging: 'nested' as const },
      overcommit: { cpu: 4, memory: 1 }, reserve: { cores: 0, memoryBytes: 0 }, power: null, state: 'on' as const,
    }));
    const dc: Datacenter = { name: 't', defaults: { overcommit: { cpu: 4, memory: 1 }, placement: 'first-fit', overhead: 'none' }, network: { bandwidthBytesPerSec: 1.25e9, links: [] }, clusters: [], tenants: [], hosts };
    const vm = (name: string): Vm => ({ ...vmFromShape(name, { cpus: 2, memoryGiB: 4, kind: 'vm', tenant: null, guestOs: 'linux', group: null, cpuLoad: 0.5 }), state: 'active', host: null, origin: 'cli', createdAtSec: 0 });
    const fleet = new WorkingFleet(dc, [], 1);
    const [a, b, c] = [vm('a'), vm('b'), vm('c')];
    fleet.add(a, 0);
    fleet.add(b, 0);
    fleet.add(c, 1);
    fleet.relabel(new Map([[0, 2], [1, 0]])); // h0's content to h2, h1's to h0
    expect([...fleet.vmsOn[2]!]).toEqual([a, b]);
    expect([...fleet.vmsOn[0]!]).toEqual([c]);
    expect(fleet.vmsOn[1]!.size).toBe(0);
    expect([fleet.busy[0], fleet.busy[1], fleet.busy[2]]).toEqual([1, 0, 2]);
    expect([fleet.usedMemory[0], fleet.usedMemory[1], fleet.usedMemory[2]]).toEqual([4 * GiB, 0, 8 * GiB]);
    expect(fleet.firstFit(vm('d'), null)).toBe(0); // the tree follows: h0 has room again
    expect(() => fleet.relabel(new Map([[2, 3]]))).toThrow(/not interchangeable/);
  });
});
