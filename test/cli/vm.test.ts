import { beforeEach, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';

describe('dcctl vm and multiplex (real binary)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = tempDir();
    expect((await run(['dc', 'apply', fixture('issue-example.yaml')], dir)).code).toBe(0);
  });

  it('vm create: JSON result with the chosen host; human line', async () => {
    const json = await run(['vm', 'create', 'web-2', '--cpus', '2', '--memory', '4GiB', '--tenant', 'acme', '--json'], dir);
    expect(json.code).toBe(0);
    // best-fit: a1 (holding web-1) and an empty a2-x are left with exactly the same share (0.92175): the tie goes to a1.
    expect(json.json).toMatchObject({ vm: { name: 'web-2', host: 'a1', state: 'active', cpus: 2, memoryBytes: 4294967296 }, placement: { policy: 'best-fit', candidates: 4 } });
    const human = await run(['vm', 'create', 'web-3', '--cpus', '2', '--memory', '4GiB', '--policy', 'first-fit'], dir);
    expect(human.stdout).toBe('created web-3 on a1 by first-fit, 4 host(s) fit\n');
    const worst = await run(['vm', 'create', 'web-4', '--cpus', '2', '--memory', '4GiB', '--policy', 'worst-fit', '--json'], dir);
    expect(worst.json.vm.host).toBe('a2-1');
  });

  it('vm create: a missing flag without a TTY is exit 2 naming the flag', async () => {
    const result = await run(['vm', 'create', 'x', '--memory', '4GiB'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: vm create needs --cpus');
    const json = await run(['vm', 'create', 'x', '--cpus', '2', '--json'], dir);
    expect(json.json.error).toMatchObject({ code: 'missing-flag', flag: '--memory' });
  });

  it('vm create: bad flag values are exit 2 with the flag and a hint', async () => {
    const result = await run(['vm', 'create', 'x', '--cpus', '2', '--memory', '4gb'], dir);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain('--memory: unknown size unit "gb" in "4gb"');
    expect(result.stderr).toContain('hint: did you mean GB?');
    const policy = await run(['vm', 'create', 'x', '--cpus', '2', '--memory', '4GiB', '--policy', 'bestfit'], dir);
    expect(policy.code).toBe(2);
    const tenant = await run(['vm', 'create', 'x', '--cpus', '2', '--memory', '4GiB', '--tenant', 'acmee'], dir);
    expect(tenant.stderr).toContain('hint: did you mean "acme"?');
  });

  it('vm create: nothing fits is exit 1 with a per-host table (JSON: rejections)', async () => {
    const human = await run(['vm', 'create', 'huge', '--cpus', '4', '--memory', '100GiB'], dir);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/HOST\s+FILTER\s+REASON/);
    expect(human.stderr).toMatch(/a2-3\s+capacity\s+needs 100.2 GiB/);
    const json = await run(['vm', 'create', 'huge', '--cpus', '4', '--memory', '100GiB', '--json'], dir);
    expect(json.json.error.code).toBe('no-capacity');
    expect(json.json.rejections).toHaveLength(4);
    expect(json.json.rejections[0]).toEqual({ host: 'a1', filter: 'capacity', reason: 'needs 100.2 GiB (incl. 200 MiB overhead), 59.99 GiB of 64 GiB free (x1 overcommit)' });
    expect((await run(['vm', 'list', '--json'], dir)).json.vms).toHaveLength(1);
  });

  it('vm list, show and delete', async () => {
    await run(['vm', 'create', 'db', '--cpus', '4', '--memory', '8GiB', '--host', 'a2-2'], dir);
    const list = await run(['vm', 'list', '--host', 'a2-2', '--json'], dir);
    expect(list.json.vms.map((v: { name: string }) => v.name)).toEqual(['db']);
    const tenant = await run(['vm', 'list', '--tenant', 'acme'], dir);
    expect(tenant.stdout).toMatch(/web-1\s+active\s+a1\s+acme\s+2\s+4 GiB/);
    expect(tenant.stdout).not.toContain('db');
    const show = await run(['vm', 'show', 'web-1', '--json'], dir);
    expect(show.json).toMatchObject({ vm: { name: 'web-1', host: 'a1' }, holdsResources: true, deployment: 'private', overhead: { hypervisor: 'xen', cpuEfficiency: 0.99 } });
    const human = await run(['vm', 'show', 'web-1'], dir);
    expect(human.stdout).toContain('group     web (anti-affinity, must)');
    const deleted = await run(['vm', 'delete', 'db', '--json'], dir);
    expect(deleted.json).toEqual({ vm: 'db', state: 'active', host: 'a2-2', released: { vcpus: 4, memoryBytes: 8589934592 } });
    const missing = await run(['vm', 'delete', 'db'], dir);
    expect(missing.code).toBe(2);
  });

  it('lifecycle: legal transitions, illegal ones exit 1, the clock moves on suspend and resume', async () => {
    expect((await run(['vm', 'pause', 'web-1', '--json'], dir)).json).toMatchObject({ from: 'active', to: 'paused' });
    const illegal = await run(['vm', 'start', 'web-1'], dir);
    expect(illegal.code).toBe(1);
    expect(illegal.stderr).toContain('cannot start web-1: it is paused; start needs a VM that is inactive');
    expect(illegal.stderr).toContain('hint: resume it first (dcctl vm resume web-1)');
    expect((await run(['vm', 'suspend', 'web-1', '--json'], dir)).json).toMatchObject({ to: 'suspended', durationSec: 4, clockSec: 4 });
    expect((await run(['vm', 'list', '--state', 'suspended', '--json'], dir)).json.vms).toHaveLength(1);
    const resumed = await run(['vm', 'resume', 'web-1'], dir);
    expect(resumed.stdout).toContain('web-1: suspended -> active on a1 in 4 s of simulated time (clock 00:00:08.000)');
    expect((await run(['vm', 'stop', 'web-1', '--json'], dir)).json).toMatchObject({ to: 'inactive' });
    expect((await run(['vm', 'start', 'web-1', '--json'], dir)).json).toMatchObject({ to: 'active', host: 'a1' });
    const events = await run(['events', '--json', '--vm', 'web-1'], dir);
    expect(events.json.events.map((e: { type: string }) => e.type)).toEqual(['vm-created', 'vm-paused', 'vm-suspended', 'vm-resumed', 'vm-stopped', 'vm-started']);
    expect(events.json.events.map((e: { atSec: number }) => e.atSec)).toEqual([0, 0, 0, 4, 8, 8]);
  });

  it('multiplex: report and carve, human and JSON', async () => {
    const report = await run(['multiplex', 'a1', '--json'], dir);
    expect(report.json).toMatchObject({ mode: 'report', report: { cpu: { physicalCores: 16, vcpusAllocated: 2, vcpuLimit: 128, busyCores: 0.8 } } });
    const carve = await run(['multiplex', 'a2-1', '--count', '20', '--cpus', '2', '--memory', '4GiB', '--json'], dir);
    expect(carve.json).toMatchObject({ mode: 'carve', requested: 20, stoppedBy: { filter: 'capacity', resource: 'memory' } });
    expect(carve.json.created).toHaveLength(7);
    const human = await run(['multiplex', 'a2-2', '--count', '3', '--cpus', '2', '--memory', '4GiB', '--workload-cpu', '50%'], dir);
    expect(human.stdout).toContain('3 of 3 VMs fit on a2-2');
    expect(human.stdout).toMatch(/CPU\s+8 pCPU\s+6 vCPU\s+0.75:1\s+8:1/);
    expect(human.stdout).toContain('allocated vs utilized: 6 vCPU allocated, 3 cores busy = 37.5% of 8 cores');
    const missing = await run(['multiplex', 'a1', '--count', '3'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--count needs --cpus');
  });

  it('events --limit', async () => {
    await run(['vm', 'pause', 'web-1'], dir);
    const events = await run(['events', '--limit', '1', '--json'], dir);
    expect(events.json).toMatchObject({ total: 3, events: [{ id: 3, type: 'vm-paused', vm: 'web-1' }] });
    const human = await run(['events', '--limit', '2'], dir);
    expect(human.stdout).toContain('(1 earlier events; --limit 3 shows all)');
  });
});
