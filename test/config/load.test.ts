import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatacenter } from '../../src/config/load.js';
import { datacenterJsonSchema } from '../../src/config/schema.js';
import { GiB, MiB } from '../../src/core/units.js';
import { dcYaml, load } from '../helpers/dc.js';

const fixture = (name: string) => loadDatacenter(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', name)), name);

describe('the contract example', () => {
  const loaded = fixture('issue-example.yaml');
  const dc = loaded.datacenter;

  it('expands count: 3 into a2-1..a2-3 after a1', () => {
    expect(dc.hosts.map((h) => h.name)).toEqual(['a1', 'a2-1', 'a2-2', 'a2-3']);
  });
  it('merges overcommit: cluster cpu 8 over the default memory 1.0', () => {
    expect(dc.hosts[0]!.overcommit).toEqual({ cpu: 8, memory: 1 });
  });
  it('converts units', () => {
    const a1 = dc.hosts[0]!;
    expect(a1).toMatchObject({ cores: 16, mhz: 2600, memoryBytes: 64 * GiB, nicBytesPerSec: 1.25e9, power: { kind: 'linear', idleW: 86, maxW: 117, standbyW: 0 } });
    expect(dc.hosts[1]!.nicBytesPerSec).toBe(1.25e9); // network default
  });
  it('resolves the hypervisor', () => {
    expect(dc.clusters[0]!.hypervisor).toEqual({ product: 'xen', level: 'hardware', type: 1, kernel: 'microkernel', virtualization: 'para', paging: 'direct' });
  });
  it('converts the VM', () => {
    expect(loaded.vms[0]).toEqual({
      name: 'web-1', tenant: 'acme', kind: 'vm', cpus: 2, memoryBytes: 4 * GiB, io: 'paravirtual',
      guest: { os: 'linux', arch: null, paravirtualized: true },
      workload: { cpu: 0.4, profile: 'compute', dirtyRateBytesPerSec: 40 * MiB, workingSetBytes: 512 * MiB },
      sla: { maxDowntimeSec: 0.3 }, group: { name: 'web', rule: 'anti-affinity', enforcement: 'must' },
      requestedHost: 'a1', pinned: false,
    });
  });
  it('warns (does not fail) about a link to a cluster it does not define', () => {
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatchObject({ line: 11, message: expect.stringContaining('link end rack-b is not a cluster or host') });
  });
});

describe('defaults', () => {
  const dc = load(dcYaml(`  clusters:
    - name: r
      hypervisor: { product: esxi }
      hosts: [ { name: h, cpu: { cores: 4 }, memory: 8GiB } ]
`, '{}')).datacenter;
  it('uses Nova\'s initial allocation ratios, best-fit, modelled overhead and 10 Gbit/s', () => {
    expect(dc.defaults).toEqual({ overcommit: { cpu: 4, memory: 1 }, placement: 'best-fit', overhead: 'modelled' });
    expect(dc.network.bandwidthBytesPerSec).toBe(1.25e9);
  });
  it('fills the hypervisor from its product table', () => {
    expect(dc.hosts[0]!.hypervisor).toEqual({ product: 'esxi', level: 'hardware', type: 1, kernel: 'monolithic', virtualization: 'hardware-assisted', paging: 'nested' });
    expect(dc.hosts[0]).toMatchObject({ arch: 'x86_64', os: 'linux', state: 'on', containers: false, mhz: null, reserve: { cores: 0, memoryBytes: 0 } });
  });
  it('a hyper-v host runs windows and a docker host runs containers', () => {
    const more = load(dcYaml(`  clusters:
    - name: w
      hypervisor: { product: hyper-v }
      hosts: [ { name: hv, cpu: { cores: 4 }, memory: 8GiB } ]
    - name: d
      hypervisor: { product: docker }
      hosts: [ { name: dk, cpu: { cores: 4 }, memory: 8GiB } ]
`)).datacenter;
    expect(more.hosts.map((h) => [h.os, h.containers, h.hypervisor.level])).toEqual([['windows', false, 'hardware'], ['linux', true, 'os']]);
  });
  it('an unmodified windows guest is not paravirtualized unless told', () => {
    const vms = load(dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      hosts: [ { name: h, cpu: { cores: 4 }, memory: 8GiB } ]
  vms:
    - { name: w, cpus: 1, memory: 1GiB, guest: { os: windows } }
    - { name: l, cpus: 1, memory: 1GiB }
`)).vms;
    expect(vms.map((v) => v.guest.paravirtualized)).toEqual([false, true]);
  });
  it('a SPECpower table is kept as 11 points', () => {
    const [host] = fixture('lab-dc.yaml').datacenter.hosts.filter((h) => h.power?.kind === 'table');
    expect(host!.power).toEqual({ kind: 'table', tableW: [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135], standbyW: 0 });
  });
});

describe('JSON Schema', () => {
  const schema = datacenterJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
  it('is generated from the validating schema, strict and with unit patterns', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    const text = JSON.stringify(schema);
    expect(text).toContain('"enum":["first-fit","best-fit","worst-fit","round-robin"]');
    expect(text).toContain('GiB');
    expect(text).toContain('"enum":["esxi","xen","kvm","hyper-v","virtualbox","vmware-workstation","qemu","docker","lxc"]');
  });
});
