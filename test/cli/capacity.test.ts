import { describe, expect, it } from 'vitest';
import { appliedState, run } from '../helpers/cli.js';

describe('capacity (real binary)', () => {
  it('counts the room per host, per cluster and in total, with what stops each host; N+1 names the host whose loss strands VMs', async () => {
    const dir = await appliedState();
    const result = await run(['capacity', '--cpus', '2', '--memory', '4GiB', '--tenant', 'globex', '--failures', '1', '--json'], dir);
    expect(result.code).toBe(0);
    const { total, hosts, clusters, failures } = result.json;
    expect(total).toBe(hosts.reduce((a: number, h: { fits: number }) => a + h.fits, 0));
    expect(clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['rack-a', 'rack-b', 'edge']);
    expect(hosts.find((h: { host: string }) => h.host === 'a1')).toMatchObject({ fits: 0, limitedBy: 'tenancy' });
    expect(hosts.find((h: { host: string }) => h.host === 'c1')).toMatchObject({ fits: 0, limitedBy: 'hypervisor' });
    expect(failures).toMatchObject({ k: 1, survives: false, fitsWithReserve: 0, blockers: [{ cluster: 'edge', failedHosts: ['c1'], vms: ['cache-1'] }] });
    // --cluster counts that cluster's hosts only.
    const rackB = hosts.filter((h: { cluster: string }) => h.cluster === 'rack-b').reduce((a: number, h: { fits: number }) => a + h.fits, 0);
    const inB = await run(['capacity', '--cpus', '2', '--memory', '4GiB', '--tenant', 'globex', '--cluster', 'rack-b', '--json'], dir);
    expect(inB.json.total).toBe(rackB);
    const human = await run(['capacity', '--cpus', '2', '--memory', '4GiB', '--tenant', 'globex'], dir);
    expect(human.stdout).toMatch(/^Room for more VMs of 2 vCPU, 4 GiB, tenant globex: \d+/);
    expect(human.stdout).toMatch(/b1-1 +rack-b +\d+ +memory \(with overhead\)/);
  });

  it('bad input is exit 2 naming the flag', async () => {
    const dir = await appliedState();
    const missing = await run(['capacity', '--memory', '4GiB'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: capacity needs --cpus/m);
    const cluster = await run(['capacity', '--cpus', '1', '--memory', '1GiB', '--cluster', 'rack-c'], dir);
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toMatch(/--cluster rack-c: no cluster named rack-c\nhint: did you mean "rack-a"\?/);
    const tenant = await run(['capacity', '--cpus', '1', '--memory', '1GiB', '--tenant', 'nobody', '--json'], dir);
    expect(tenant.code).toBe(2);
    expect(tenant.json.error.message).toContain('nobody');
  });
});
