import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../src/core/errors.js';
import { carve, multiplexReport } from '../../src/core/multiplex.js';
import { GiB, MiB } from '../../src/core/units.js';
import { dcYaml, spec, stateFrom } from '../helpers/dc.js';

const yaml = (defaults?: string) => dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      overcommit: { cpu: 4, memory: 1.5 }
      hosts: [ { name: h, cpu: { cores: 8 }, memory: 32GiB } ]
  vms:
    - { name: a, cpus: 4, memory: 8GiB, host: h, workload: { cpu: 50% } }
    - { name: b, cpus: 4, memory: 8GiB, host: h, workload: { cpu: 25% } }
`, defaults);
const { name: _n, requestedHost: _r, ...template } = spec('t', 2, 4);

describe('multiplex report', () => {
  it('shows allocation against limits and utilization from workload (no overhead)', () => {
    const r = multiplexReport(stateFrom(yaml()), 'h');
    expect(r.cpu).toMatchObject({ physicalCores: 8, vcpusAllocated: 8, vcpuLimit: 32, ratio: 1, ratioLimit: 4, busyCores: 3, utilization: 3 / 8, risk: 'none' });
    expect(r.memory).toMatchObject({ physicalBytes: 32 * GiB, allocatedBytes: 16 * GiB, limitBytes: 48 * GiB, ratio: 0.5, ratioLimit: 1.5, risk: 'none' });
  });
  it('counts KVM overhead when modelled', () => {
    const r = multiplexReport(stateFrom(yaml('{ overcommit: { cpu: 2, memory: 1 } }')), 'h');
    // each 4 vCPU / 8 GiB VM: 16 + 220 + 32 = 268 MiB
    expect(r.memory.overheadBytes).toBe(2 * 268 * MiB);
    expect(r.memory.allocatedBytes).toBe(16 * GiB + 536 * MiB);
  });
});

describe('carve', () => {
  it('stops at the vCPU limit and says so', () => {
    // vCPU limit 32, 8 used: 12 more 2-vCPU VMs; memory limit 48 GiB, 16 used: 8 more 4-GiB VMs -> memory binds first.
    const outcome = carve(stateFrom(yaml()), 'h', { count: 20, prefix: 'h-vm', template });
    if (isRefusal(outcome)) throw new Error(outcome.message);
    expect(outcome.result.created).toHaveLength(8);
    expect(outcome.result.stoppedBy).toMatchObject({ filter: 'capacity', resource: 'memory' });
    expect(outcome.result.roomAfter).toEqual({ byVcpus: 4, byMemory: 0 });
  });
  it('binds on vCPUs when VMs are small in memory', () => {
    const { name: _a, requestedHost: _b, ...small } = spec('t', 4, 1);
    const outcome = carve(stateFrom(yaml()), 'h', { count: 10, prefix: 'h-vm', template: small });
    if (isRefusal(outcome)) throw new Error(outcome.message);
    expect(outcome.result.created).toEqual(['h-vm-1', 'h-vm-2', 'h-vm-3', 'h-vm-4', 'h-vm-5', 'h-vm-6']);
    expect(outcome.result.stoppedBy).toMatchObject({ resource: 'vcpus', reason: 'needs 4 vCPU, 0 of 32 free (8 cores x 4 overcommit)' });
  });
  it('creates all when they fit, and reports the room left', () => {
    const outcome = carve(stateFrom(yaml()), 'h', { count: 3, prefix: 'h-vm', template });
    if (isRefusal(outcome)) throw new Error(outcome.message);
    expect(outcome.result.created).toHaveLength(3);
    expect(outcome.result.stoppedBy).toBeNull();
    expect(outcome.result.roomAfter).toEqual({ byVcpus: 9, byMemory: 5 });
    expect(outcome.result.report.cpu.vcpusAllocated).toBe(14);
  });
  it('refuses when a non-capacity filter rejects the very first VM', () => {
    const outcome = carve(stateFrom(yaml()), 'h', { count: 3, prefix: 'h-vm', template: { ...template, kind: 'container' } });
    expect(isRefusal(outcome) && outcome.code).toBe('carve-refused');
  });
});

describe('carve says how many fit and what stopped it', () => {
  it('fit and limitedBy', () => {
    const outcome = carve(stateFrom(yaml()), 'h', { count: 20, prefix: 'h-vm', template });
    if (isRefusal(outcome)) throw new Error(outcome.message);
    expect(outcome.result).toMatchObject({ requested: 20, fit: 8, limitedBy: 'memory' });
  });
});
