import { describe, expect, it } from 'vitest';
import type { Host, VmSpec } from '../../src/core/model.js';
import { affinityFilter } from '../../src/core/placement/filters/affinity.js';
import { capacityFilter } from '../../src/core/placement/filters/capacity.js';
import { hostStateFilter } from '../../src/core/placement/filters/host-state.js';
import { hypervisorFilter } from '../../src/core/placement/filters/hypervisor.js';
import { tenancyFilter } from '../../src/core/placement/filters/tenancy.js';
import { buildView } from '../../src/core/placement/view.js';
import { GiB } from '../../src/core/units.js';
import { dcYaml, load, running, spec } from '../helpers/dc.js';

const dc = load(dcYaml(`  clusters:
    - name: xen-pv
      hypervisor: { product: xen, virtualization: para }
      hosts: [ { name: x1, cpu: { cores: 8 }, memory: 32GiB } ]
    - name: kvm
      hypervisor: { product: kvm }
      hosts:
        - { name: k1, cpu: { cores: 8 }, memory: 32GiB }
        - { name: k2, cpu: { cores: 8 }, memory: 32GiB, state: maintenance }
        - { name: k3, cpu: { cores: 8 }, memory: 32GiB, state: off }
        - { name: k4, cpu: { cores: 8 }, memory: 32GiB, containers: true }
    - name: arm
      hypervisor: { product: qemu }
      hosts: [ { name: q1, cpu: { cores: 8 }, memory: 32GiB } ]
    - name: desk
      hypervisor: { product: virtualbox }
      hosts: [ { name: vb1, cpu: { cores: 4 }, memory: 16GiB } ]
    - name: edge
      hypervisor: { product: docker }
      hosts:
        - { name: d1, cpu: { cores: 4 }, memory: 8GiB }
        - { name: w1, cpu: { cores: 4 }, memory: 8GiB, os: windows }
    - name: shared
      hypervisor: { product: kvm }
      hosts: [ { name: s1, cpu: { cores: 8 }, memory: 32GiB } ]
  tenants:
    - { name: acme, deployment: private, clusters: [xen-pv] }
    - { name: globex, deployment: public }
    - { name: initech, deployment: hybrid, clusters: [kvm] }
    - { name: uni-a, deployment: community, community: research, clusters: [shared] }
    - { name: uni-b, deployment: community, community: research }
`)).datacenter;
const host = (name: string): Host => dc.hosts.find((h) => h.name === name)!;
const emptyView = buildView(dc, []);

describe('host-state filter', () => {
  it.each([
    ['k1', true, ''],
    ['k2', false, 'host is in maintenance'],
    ['k3', false, 'host is powered off'],
  ])('%s fits=%s', (name, fits, reason) => {
    const verdict = hostStateFilter.check(spec('v', 1, 1), host(name), emptyView);
    expect(verdict.fits).toBe(fits);
    if (!fits) expect(verdict.reasons[0]!.text).toBe(reason);
  });
});

describe('capacity filter (cpu overcommit 2, memory 1, no overhead)', () => {
  const view = buildView(dc, [running(spec('a', 10, 20), 'k1')]);
  it('fits what is left exactly', () => expect(capacityFilter.check(spec('v', 6, 12), host('k1'), view).fits).toBe(true));
  it('reports vCPUs with requested, free and capacity', () => {
    const verdict = capacityFilter.check(spec('v', 7, 1), host('k1'), view);
    expect(verdict).toEqual({
      filter: 'capacity', fits: false,
      reasons: [{ resource: 'vcpus', requested: 7, free: 6, capacity: 16, text: 'needs 7 vCPU, 6 of 16 free (8 cores x 2 overcommit)' }],
    });
  });
  it('reports memory', () => {
    const verdict = capacityFilter.check(spec('v', 1, 13), host('k1'), view);
    expect(verdict.reasons).toEqual([{ resource: 'memory', requested: 13 * GiB, free: 12 * GiB, capacity: 32 * GiB, text: 'needs 13 GiB, 12 GiB of 32 GiB free (x1 overcommit)' }]);
    expect(verdict.unresolvable).toBeUndefined();
  });
  it('is unresolvable when even the empty host is too small', () => {
    expect(capacityFilter.check(spec('v', 17, 1), host('k1'), view)).toMatchObject({ fits: false, unresolvable: true });
  });
});

describe('tenancy filter', () => {
  const vm = (tenant: string) => spec('v', 1, 1, { tenant });
  it.each([
    ['acme', 'x1', true],
    ['acme', 'k1', false],
    ['globex', 'x1', false],
    ['globex', 'k1', false],
    ['globex', 'q1', true],
    ['initech', 'k1', true],
    ['initech', 'q1', true],
    ['initech', 'x1', false],
    ['uni-a', 's1', true],
    ['uni-b', 's1', true],
    ['uni-b', 'q1', false],
    ['globex', 's1', false],
  ])('%s on %s fits=%s', (tenant, hostName, fits) => {
    expect(tenancyFilter.check(vm(tenant), host(hostName), emptyView).fits).toBe(fits);
  });
  it('a VM without a tenant is the provider\'s and runs anywhere', () => {
    expect(tenancyFilter.check(spec('v', 1, 1), host('x1'), emptyView).fits).toBe(true);
  });
  it('names the owner of a private cluster', () => {
    expect(tenancyFilter.check(vm('globex'), host('x1'), emptyView).reasons[0]!.text).toBe('xen-pv is private to acme, not part of the public cloud');
  });
});

describe('hypervisor filter', () => {
  const cases: [string, Partial<VmSpec>, string, string | null][] = [
    ['linux PV guest on Xen PV', {}, 'x1', null],
    ['unmodified windows guest on Xen PV', { guest: { os: 'windows', arch: null, paravirtualized: false } }, 'x1', 'xen in para mode runs only paravirtualized (modified) guests; windows here is unmodified'],
    ['windows guest on KVM (hardware-assisted)', { guest: { os: 'windows', arch: null, paravirtualized: false } }, 'k1', null],
    ['aarch64 guest as a plain VM on x86_64', { guest: { os: 'linux', arch: 'aarch64', paravirtualized: true } }, 'k1', 'guest arch aarch64 differs from host x86_64: use kind: emulated on a hypervisor that emulates (qemu)'],
    ['emulated aarch64 guest on KVM', { kind: 'emulated', guest: { os: 'linux', arch: 'aarch64', paravirtualized: false } }, 'k1', 'kvm does not emulate instruction sets; an emulated (aarch64) guest needs e.g. qemu'],
    ['emulated aarch64 guest on QEMU', { kind: 'emulated', guest: { os: 'linux', arch: 'aarch64', paravirtualized: false } }, 'q1', null],
    ['container on KVM without a container runtime', { kind: 'container' }, 'k1', 'a container needs OS-level virtualization (docker, lxc or containers: true); host runs kvm'],
    ['container on a KVM host with containers: true', { kind: 'container' }, 'k4', null],
    ['linux container on docker', { kind: 'container' }, 'd1', null],
    ['linux container on a windows docker host', { kind: 'container' }, 'w1', 'a container shares the host kernel: guest os linux, host os windows'],
    ['VM on a docker host', {}, 'd1', 'host runs docker (OS-level): it has no hypervisor for a VM'],
    ['passthrough on VirtualBox', { io: 'passthrough' }, 'vb1', 'virtualbox cannot pass a device through (no direct I/O / IOMMU support)'],
    ['passthrough on KVM', { io: 'passthrough' }, 'k1', null],
  ];
  it.each(cases)('%s', (_name, extra, hostName, reason) => {
    const verdict = hypervisorFilter.check(spec('v', 1, 1, extra), host(hostName), emptyView);
    expect(verdict.fits).toBe(reason === null);
    if (reason) expect(verdict.reasons.map((r) => r.text)).toContain(reason);
  });
});

describe('affinity filter', () => {
  const web = (name: string, rule: 'affinity' | 'anti-affinity', enforcement: 'must' | 'should' = 'must') => spec(name, 1, 1, { group: { name: 'web', rule, enforcement } });
  it('anti-affinity keeps members apart', () => {
    const view = buildView(dc, [running(web('w1', 'anti-affinity'), 'k1')]);
    expect(affinityFilter.check(web('w2', 'anti-affinity'), host('k1'), view)).toMatchObject({ fits: false, reasons: [{ text: 'anti-affinity group web: 1 member(s) already on this host' }] });
    expect(affinityFilter.check(web('w2', 'anti-affinity'), host('k4'), view).fits).toBe(true);
  });
  it('affinity keeps members together once one is placed', () => {
    const view = buildView(dc, [running(web('w1', 'affinity'), 'k1')]);
    expect(affinityFilter.check(web('w2', 'affinity'), host('k1'), view).fits).toBe(true);
    expect(affinityFilter.check(web('w2', 'affinity'), host('k4'), view)).toMatchObject({ fits: false, reasons: [{ text: 'affinity group web: members run on k1' }] });
  });
  it('a VM does not conflict with itself', () => {
    const view = buildView(dc, [running(web('w1', 'anti-affinity'), 'k1')]);
    expect(affinityFilter.check(web('w1', 'anti-affinity'), host('k1'), view).fits).toBe(true);
  });
  it('should-rules never filter', () => {
    const view = buildView(dc, [running(web('w1', 'anti-affinity', 'should'), 'k1')]);
    expect(affinityFilter.check(web('w2', 'anti-affinity', 'should'), host('k1'), view).fits).toBe(true);
  });
});
