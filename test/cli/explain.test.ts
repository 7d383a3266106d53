import { describe, expect, it } from 'vitest';
import { appliedState, run } from '../helpers/cli.js';

describe('placement explained (real binary)', () => {
  it('vm create --explain places nothing, exit 1 when nothing fits, a verdict from every filter on every host and verified counterfactuals', async () => {
    const dir = await appliedState();
    const result = await run(['vm', 'create', 'big', '--cpus', '8', '--memory', '32GiB', '--tenant', 'acme', '--policy', 'first-fit', '--explain', '--json'], dir);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ vm: 'big', fits: true, host: 'a1', policy: 'first-fit' });
    expect(result.json.hosts).toHaveLength(7);
    for (const h of result.json.hosts) expect(h.verdicts).toHaveLength(5);
    const b1 = result.json.hosts.find((h: { host: string }) => h.host === 'b1-1');
    expect(b1.verdicts.find((v: { filter: string }) => v.filter === 'tenancy')).toMatchObject({ passed: false });
    expect(b1.counterfactuals[0]).toMatchObject({ kind: 'tenancy', verified: true, edits: [{ kind: 'tenancy', tenant: 'acme', addCluster: 'rack-b' }] });
    expect((await run(['vm', 'list', '--json'], dir)).json.vms.map((v: { name: string }) => v.name)).not.toContain('big');

    const none = await run(['vm', 'create', 'huge', '--cpus', '40', '--memory', '200GiB', '--tenant', 'acme', '--explain'], dir);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/^huge: fits on no host \(nothing was placed\)/);
    expect(none.stdout).toMatch(/a1: capacity: needs 200\.39 GiB/);
    expect(none.stdout).toMatch(/✓ fits if memory overcommit >= 3\.2 \(now 1\)/);
    const db = await run(['place', '--cpus', '4', '--memory', '8GiB', '--tenant', 'acme', '--host', 'a2-1', '--explain', '--json'], dir);
    expect(db.code).toBe(1);
    expect(db.json.hosts.map((h: { host: string }) => h.host)).toEqual(['a2-1']);
    expect(db.json.hosts[0].counterfactuals.map((c: { change: string }) => c.change)).toContainEqual(expect.stringMatching(/^fits after moving db-1 away \(a2-1 -> \S+ predicted [\d.]+ s, [\d.]+ ms downtime\)$/));
  });

  it('place without --explain says where it would go; a taken name is refused by vm create --explain as by vm create', async () => {
    const dir = await appliedState();
    const placed = await run(['place', '--cpus', '1', '--memory', '1GiB'], dir);
    expect(placed.code).toBe(0);
    expect(placed.stdout).toMatch(/^flavor would be placed on \S+ \(best-fit\); nothing was placed/);
    const taken = await run(['vm', 'create', 'web-1', '--cpus', '1', '--memory', '1GiB', '--explain'], dir);
    expect(taken.code).toBe(1);
    const missing = await run(['place', '--cpus', '1'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: place needs --memory/m);
  });
});
