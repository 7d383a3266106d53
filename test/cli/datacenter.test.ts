import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';

describe('dcctl dc / host / init (real binary)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    const applied = await run(['dc', 'apply', fixture('lab-dc.yaml'), '--json'], dir);
    expect(applied.code).toBe(0);
  });

  it('dc validate: human and JSON', async () => {
    const human = await run(['dc', 'validate', fixture('lab-dc.yaml')], tempDir());
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^valid: .*lab-dc.yaml -> datacenter lab-dc: 3 clusters, 7 hosts \(112 cores, 432 GiB\), 2 tenants, 6 VMs \(all placeable\)/);
    const json = await run(['dc', 'validate', fixture('issue-example.yaml'), '--json'], tempDir());
    expect(json.json).toMatchObject({ valid: true, datacenter: 'lab-dc', summary: { clusters: 1, hosts: 4, vms: 1, cores: 40 }, placements: [{ vm: 'web-1', host: 'a1' }] });
  });

  it('dc validate: a bad file gives FILE:LINE:COL, a hint and exit 2 (human and JSON)', async () => {
    const bad = fixture('../test/fixtures/bad/unknown-key.yaml');
    const human = await run(['dc', 'validate', bad], tempDir());
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('unknown-key.yaml:11:42 spec.clusters[0].hosts[0].memroy: unknown key "memroy"');
    expect(human.stderr).toContain('hint: did you mean "memory"?');
    expect(human.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    const json = await run(['dc', 'validate', bad, '--json'], tempDir());
    expect(json.code).toBe(2);
    expect(json.json.error).toMatchObject({ code: 'invalid-datacenter', hint: 'did you mean "memory"?' });
    expect(json.json.error.problems[0]).toMatchObject({ line: 11, column: 42 });
  });

  it('dc apply: a missing file is exit 2 and no state is written', async () => {
    const fresh = tempDir();
    const result = await run(['dc', 'apply', 'nope.yaml'], fresh);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain('nope.yaml: no such file');
    expect((await run(['dc', 'show'], fresh)).code).toBe(3);
  });

  it('dc apply again: no changes; a changed file shows the diff; --dry-run changes nothing', async () => {
    const same = await run(['dc', 'apply', fixture('lab-dc.yaml')], dir);
    expect(same.stdout).toContain('no changes');
    const changed = join(tempDir(), 'dc.yaml');
    writeFileSync(changed, readFileSync(fixture('lab-dc.yaml'), 'utf8').replace('memory: 64GiB', 'memory: 128GiB'));
    const dry = await run(['dc', 'apply', changed, '--dry-run', '--json'], dir);
    expect(dry.json.dryRun).toBe(true);
    expect(dry.json.changes).toContainEqual({ kind: 'host', name: 'a1', action: 'change', fields: [{ field: 'memory', path: 'memoryBytes', before: 68719476736, after: 137438953472 }] });
    const shown = await run(['host', 'show', 'a1', '--json'], dir);
    expect(shown.json.host.memoryBytes).toBe(68719476736);
    const human = await run(['dc', 'apply', changed], dir);
    expect(human.stdout).toContain('~ host a1: memory 64 GiB -> 128 GiB');
    await run(['dc', 'apply', fixture('lab-dc.yaml')], dir);
  });

  it('dc apply: removing a host that carries VMs needs --force', async () => {
    const copy = tempDir();
    cpSync(join(dir, 'state.json'), join(copy, 'state.json'));
    const smaller = join(copy, 'dc.yaml');
    writeFileSync(smaller, readFileSync(fixture('lab-dc.yaml'), 'utf8').replace('name: b1, count: 2', 'name: bx, count: 2'));
    const refused = await run(['dc', 'apply', smaller, '--json'], copy);
    expect(refused.code).toBe(1);
    expect(refused.json.error).toMatchObject({ code: 'hosts-carry-vms', hosts: ['b1-1'], vms: ['api-1', 'win-1'] });
    const before = readFileSync(join(copy, 'state.json'), 'utf8');
    expect((await run(['dc', 'apply', smaller], copy)).code).toBe(1);
    expect(readFileSync(join(copy, 'state.json'), 'utf8')).toBe(before);
    const forced = await run(['dc', 'apply', smaller, '--force', '--json'], copy);
    expect(forced.code).toBe(0);
    const vms = await run(['vm', 'list', '--json'], copy);
    expect(vms.json.vms.filter((v: { name: string }) => ['api-1', 'win-1'].includes(v.name)).map((v: { host: string }) => v.host)).toEqual(['bx-1', 'bx-1']);
  });

  it('dc show: human and JSON', async () => {
    const human = await run(['dc', 'show'], dir);
    expect(human.stdout).toContain('datacenter  lab-dc');
    expect(human.stdout).toMatch(/rack-a\s+xen type 1 microkernel para\s+4\s+40/);
    const json = await run(['dc', 'show', '--json'], dir);
    expect(json.json).toMatchObject({ name: 'lab-dc', totals: { hosts: 7, cores: 112, vms: { active: 6 } } });
  });

  it('host list and host show: human and JSON', async () => {
    const list = await run(['host', 'list', '--json'], dir);
    expect(list.json.hosts.map((h: { name: string }) => h.name)).toEqual(['a1', 'a2-1', 'a2-2', 'a2-3', 'b1-1', 'b1-2', 'c1']);
    expect(list.json.hosts[0]).toMatchObject({ name: 'a1', vcpusAllocated: 2, vcpuLimit: 128, vms: 1, cpuUtilization: 0.05 });
    const human = await run(['host', 'list'], dir);
    expect(human.stdout).toMatch(/a1\s+rack-a\s+on\s+xen\s+1\s+2\/128/);
    const show = await run(['host', 'show', 'b1-1'], dir);
    expect(show.stdout).toContain('Effective capacity (virtualization overhead counted)');
    expect(show.stdout).toMatch(/compute\s+98%\s+31.36/);
    const details = await run(['host', 'show', 'b1-1', '--json'], dir);
    expect(details.json.effective.cpu[0]).toMatchObject({ profile: 'compute', efficiency: 0.98, cores: 31.36 });
    expect(details.json.effective.referenceVmOverheadBytes).toBe(255852544);
  });

  it('host show: an unknown host is exit 2 with did-you-mean', async () => {
    const result = await run(['host', 'show', 'a3'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no host named a3');
    expect(result.stderr).toMatch(/hint: did you mean "a\d/);
  });

  it('init: creates a state, loads a file, refuses to overwrite', async () => {
    const fresh = tempDir();
    const init = await run(['init', '--json'], fresh);
    expect(init.json).toMatchObject({ stateDir: fresh, applied: null });
    const withFile = await run(['init', fixture('issue-example.yaml'), '--json'], tempDir());
    expect(withFile.json.applied.placements).toEqual([{ vm: 'web-1', host: 'a1', state: 'active' }]);
    const again = await run(['init', fixture('issue-example.yaml')], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a state already exists');
  });

  it('a command that needs a datacenter on an empty state is exit 3', async () => {
    const result = await run(['host', 'list', '--json'], tempDir());
    expect(result.code).toBe(3);
    expect(result.json.error).toMatchObject({ code: 'no-datacenter' });
  });

  it('schema prints a JSON Schema', async () => {
    const result = await run(['schema', '--json'], tempDir());
    expect(result.json.title).toContain('dcctl datacenter');
    expect(result.json.properties.spec.properties.clusters.type).toBe('array');
  });

  it('piped output has no colour codes', async () => {
    const result = await run(['host', 'list'], dir);
    expect(result.stdout).not.toMatch(/\u001B\[/);
  });
});
