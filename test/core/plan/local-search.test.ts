import { describe, expect, it } from 'vitest';
import { improvePacking } from '../../../src/core/consolidation/eliminate.js';
import { WorkingFleet } from '../../../src/core/plan/fleet.js';
import { dcYaml, running, spec, stateFrom } from '../../helpers/dc.js';

const THREE = dcYaml(`  clusters:
    - name: r1
      hypervisor: { product: kvm }
      hosts:
        - { name: a, cpu: { cores: 10 }, memory: 10GiB }
        - { name: b, cpu: { cores: 10 }, memory: 10GiB }
        - { name: c, cpu: { cores: 10 }, memory: 10GiB }
`);

const busy = (name: string, cores: number, memoryGiB: number, host: string) =>
  running(spec(name, cores, memoryGiB, { workload: { cpu: 1, profile: 'compute', dirtyRateBytesPerSec: null, workingSetBytes: null } }), host);

describe('local search after the greedy re-pack', () => {
  // Worked by hand (ceiling 100 %): a is CPU-bound (6+4 cores, 2 GiB), b memory-bound (2 cores,
  // 6+4 GiB), c light (3 cores, 3 GiB). c fits nowhere as is. Round 1 swaps a1 (6 cores, 1 GiB)
  // for b1 (1 core, 6 GiB): dominant loads 1 + 1 -> 0.7 + 0.7 (a: 5 cores / 7 GiB, b: 7 / 5).
  // Round 2: b is now CPU-bound and a memory-bound; swapping a1 back for a2 (4, 1) gives
  // a 7 / 7 and b 5 / 5: 0.7 + 0.5. Then c1 goes to the fullest host that takes it, a (10 / 10),
  // and c is empty: 2 hosts, the lower bound (15 cores, 15 GiB).
  it('swaps between a CPU-bound and a memory-bound host, then empties the light one', () => {
    const dc = stateFrom(THREE).datacenter!;
    const vms = [busy('a1', 6, 1, 'a'), busy('a2', 4, 1, 'a'), busy('b1', 1, 6, 'b'), busy('b2', 1, 4, 'b'), busy('c1', 3, 3, 'c')];
    const fleet = new WorkingFleet(dc, vms, 1);
    const moved = improvePacking(fleet, [0, 1, 2], (vm, i) => fleet.fits(vm, i, null), () => true);
    expect(Object.fromEntries(moved)).toEqual({ a1: 0, a2: 1, b1: 0, c1: 0 });
    expect([...fleet.vmsOn[0]!].map((v) => v.name).sort()).toEqual(['a1', 'b1', 'c1']);
    expect([...fleet.vmsOn[1]!].map((v) => v.name).sort()).toEqual(['a2', 'b2']);
    expect(fleet.vmsOn[2]!.size).toBe(0);
    expect(fleet.receiving[2]).toBe(0);
    expect(fleet.busy[0]).toBe(10);
    expect(fleet.usedMemory[0]).toBe(10 * 2 ** 30);
  });

  it('leaves a host whose VMs cannot all go elsewhere exactly as it was (all or nothing)', () => {
    const dc = stateFrom(THREE).datacenter!;
    const vms = [busy('a1', 9, 9, 'a'), busy('b1', 9, 9, 'b'), busy('c1', 2, 2, 'c'), busy('c2', 1, 1, 'c')];
    const fleet = new WorkingFleet(dc, vms, 1);
    const moved = improvePacking(fleet, [0, 1, 2], (vm, i) => fleet.fits(vm, i, null), () => true);
    expect(moved.size).toBe(0);
    expect([...fleet.vmsOn[2]!].map((v) => v.name).sort()).toEqual(['c1', 'c2']);
    expect(fleet.receiving[2]).toBe(1);
  });
});
