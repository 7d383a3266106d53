import fc from 'fast-check';
import type { Datacenter, Host, HypervisorProduct, Tenant, VmSpec } from '../../src/core/model.js';
import { GiB } from '../../src/core/units.js';

const HYPERVISORS: Record<string, Host['hypervisor']> = {
  kvm: { product: 'kvm', level: 'hardware', type: 1, kernel: 'monolithic', virtualization: 'hardware-assisted', paging: 'nested' },
  xen: { product: 'xen', level: 'hardware', type: 1, kernel: 'microkernel', virtualization: 'para', paging: 'direct' },
  esxi: { product: 'esxi', level: 'hardware', type: 1, kernel: 'monolithic', virtualization: 'full', paging: 'shadow' },
  docker: { product: 'docker', level: 'os', type: null, kernel: null, virtualization: null, paging: null },
};

const hostArb = fc.record({
  cores: fc.constantFrom(2, 4, 8, 16),
  memoryGiB: fc.constantFrom(4, 8, 16, 32),
  cpuRatio: fc.constantFrom(1, 2, 4),
  memoryRatio: fc.constantFrom(1, 1.5),
  product: fc.constantFrom('kvm', 'xen', 'esxi', 'docker'),
  state: fc.constantFrom('on', 'on', 'on', 'maintenance', 'off'),
  cluster: fc.constantFrom('c0', 'c1', 'c2'),
  count: fc.integer({ min: 1, max: 3 }),
});

/** Small random datacenters: up to 18 hosts in 3 clusters, mixed hypervisors, one private tenant. */
export const datacenterArb = fc.record({
  hosts: fc.array(hostArb, { minLength: 1, maxLength: 6 }),
  overhead: fc.constantFrom('modelled', 'none'),
}).map(({ hosts, overhead }): Datacenter => {
  const expanded: Host[] = hosts.flatMap((h, i) => Array.from({ length: h.count }, (_, j) => ({
    name: `h${i}-${j}`, cluster: h.cluster, cores: h.cores, mhz: 2000, arch: 'x86_64', memoryBytes: h.memoryGiB * GiB, diskBytes: null,
    nicBytesPerSec: 1.25e9, os: 'linux', containers: h.product === 'docker', hypervisor: HYPERVISORS[h.product]!,
    overcommit: { cpu: h.cpuRatio, memory: h.memoryRatio }, reserve: { cores: 0, memoryBytes: 0 }, power: null, state: h.state as Host['state'],
  })));
  const tenants: Tenant[] = [
    { name: 'priv', deployment: 'private', clusters: ['c0'], community: null },
    { name: 'pub', deployment: 'public', clusters: [], community: null },
  ];
  return {
    name: 'random', defaults: { overcommit: { cpu: 4, memory: 1 }, placement: 'best-fit', overhead: overhead as 'modelled' | 'none' },
    network: { bandwidthBytesPerSec: 1.25e9, links: [] },
    clusters: ['c0', 'c1', 'c2'].map((c) => ({ name: c, hypervisor: HYPERVISORS.kvm!, hosts: expanded.filter((h) => h.cluster === c).map((h) => h.name) })),
    hosts: expanded, tenants,
  };
});

export const vmShapeArb = fc.record({
  cpus: fc.constantFrom(1, 2, 4, 8),
  memoryGiB: fc.constantFrom(0.5, 1, 2, 4, 8),
  kind: fc.constantFrom('vm', 'vm', 'vm', 'container'),
  tenant: fc.constantFrom(null, null, 'priv', 'pub'),
  guestOs: fc.constantFrom('linux', 'linux', 'windows'),
  group: fc.constantFrom(null, null, 'g-anti-must', 'g-aff-must', 'g-anti-should'),
  cpuLoad: fc.constantFrom(0, 0.25, 0.5, 1),
});

export function vmFromShape(name: string, shape: fc.Infer<typeof vmShapeArb>): VmSpec {
  const group = shape.group === null ? null : {
    name: shape.group,
    rule: shape.group.includes('aff-') && !shape.group.includes('anti') ? 'affinity' as const : 'anti-affinity' as const,
    enforcement: shape.group.endsWith('should') ? 'should' as const : 'must' as const,
  };
  return {
    name, tenant: shape.tenant, kind: shape.kind as VmSpec['kind'], cpus: shape.cpus, memoryBytes: shape.memoryGiB * GiB, io: 'paravirtual',
    guest: { os: shape.guestOs, arch: null, paravirtualized: shape.guestOs === 'linux' },
    workload: { cpu: shape.cpuLoad, profile: 'compute', dirtyRateBytesPerSec: null, workingSetBytes: null },
    sla: { maxDowntimeSec: null }, group, requestedHost: null, pinned: false,
  };
}

export type Product = HypervisorProduct;
