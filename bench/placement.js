// Time to place 100,000 VMs on 10,000 hosts with each policy (the batch placer that dc apply
// uses), plus the naive filter-every-host path on a smaller fleet for comparison.
import { BatchPlacer } from '../dist/core/placement/batch.js';
import { placeVm } from '../dist/core/placement/place.js';
import { POLICY_NAMES } from '../dist/core/placement/policies.js';
import { buildView, chargeVm } from '../dist/core/placement/view.js';
import { fmt, timeIt } from './lib.js';

const GiB = 2 ** 30;
const kvm = { product: 'kvm', level: 'hardware', type: 1, kernel: 'monolithic', virtualization: 'hardware-assisted', paging: 'nested' };
const SHAPES = [[1, 2], [2, 4], [2, 8], [4, 8], [4, 16], [8, 32]];

export function fleet(hostCount) {
  // Three host types, two clusters, in a repeating pattern.
  const types = [[32, 256], [48, 384], [64, 512]];
  const hosts = Array.from({ length: hostCount }, (_, i) => {
    const [cores, memGiB] = types[i % 3];
    return { name: `h${i}`, cluster: i % 2 ? 'r1' : 'r0', cores, mhz: 2400, arch: 'x86_64', memoryBytes: memGiB * GiB, diskBytes: null, nicBytesPerSec: 1.25e9, os: 'linux', containers: false, hypervisor: kvm, overcommit: { cpu: 4, memory: 1 }, reserve: { cores: 0, memoryBytes: 0 }, power: null, state: 'on' };
  });
  return { name: 'bench', defaults: { overcommit: { cpu: 4, memory: 1 }, placement: 'best-fit', overhead: 'modelled' }, network: { bandwidthBytesPerSec: 1.25e9, links: [] }, clusters: ['r0', 'r1'].map((name) => ({ name, hypervisor: kvm, hosts: hosts.filter((h) => h.cluster === name).map((h) => h.name) })), hosts, tenants: [] };
}

export function vms(count) {
  return Array.from({ length: count }, (_, i) => {
    const [cpus, memGiB] = SHAPES[(i * 7) % SHAPES.length];
    return { name: `vm${i}`, tenant: null, kind: 'vm', cpus, memoryBytes: memGiB * GiB, io: 'paravirtual', guest: { os: 'linux', arch: null, paravirtualized: true }, workload: { cpu: 0.3, profile: 'compute', dirtyRateBytesPerSec: null, workingSetBytes: null }, sla: { maxDowntimeSec: null }, group: null, requestedHost: null, pinned: false };
  });
}

export function runPlacement() {
  const dc = fleet(10_000);
  const specs = vms(100_000);
  console.log('placement of 100,000 VMs on 10,000 hosts (target < 2 s each)');
  const results = {};
  for (const policy of POLICY_NAMES) {
    const { ms, value } = timeIt(() => {
      const placer = new BatchPlacer(dc, [], -1);
      let placed = 0;
      for (const vm of specs) if (placer.place(vm, policy).host) placed++;
      return placed;
    });
    results[policy] = ms;
    console.log(`  ${policy.padEnd(12)} ${fmt(ms).padStart(8)}   ${value} placed, ${(ms * 1000 / specs.length).toFixed(1)} us per VM`);
  }
  // The naive path (every filter on every host, as vm create explains itself) on 1,000 hosts / 10,000 VMs.
  const small = fleet(1_000);
  const smallVms = vms(10_000);
  const { ms: naiveMs } = timeIt(() => {
    const view = buildView(small, []);
    for (const vm of smallVms) {
      const p = placeVm(view, { vm, policy: 'best-fit', cursor: -1 });
      if (p.host) chargeVm(view, vm, p.host);
    }
  });
  const { ms: batchMs } = timeIt(() => {
    const placer = new BatchPlacer(small, [], -1);
    for (const vm of smallVms) placer.place(vm, 'best-fit');
  });
  console.log(`  naive filters, best-fit, 10,000 VMs on 1,000 hosts: ${fmt(naiveMs)}; batch placer: ${fmt(batchMs)} (${(naiveMs / batchMs).toFixed(0)}x)`);
  return { ...results, naiveSmallMs: naiveMs, batchSmallMs: batchMs };
}

if (import.meta.url === `file://${process.argv[1]}`) runPlacement();
