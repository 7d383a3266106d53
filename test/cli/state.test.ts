import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedState, fixture, run, tempDir } from '../helpers/cli.js';

const applied = () => appliedState();

describe('state store (real binary)', () => {
  it('export | import round-trips the state', async () => {
    const dir = await applied();
    const exported = await run(['state', 'export', '--json'], dir);
    expect(exported.json).toMatchObject({ schemaVersion: 1, datacenter: { name: 'lab-dc' } });
    const file = join(tempDir(), 'backup.json');
    const toFile = await run(['state', 'export', '--output', file], dir);
    expect(toFile.stdout).toContain(`state written to ${file} (6 VMs`);
    const other = tempDir();
    const imported = await run(['state', 'import', file, '--json'], other);
    expect(imported.json).toMatchObject({ imported: file, vms: 6, hosts: 7, movedAside: null });
    expect((await run(['state', 'export', '--json'], other)).json).toEqual(exported.json);
  });

  it('import refuses a file that is not a state (exit 2, state unchanged)', async () => {
    const dir = await applied();
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const bogus = join(tempDir(), 'bogus.json');
    writeFileSync(bogus, JSON.stringify({ hello: 'world' }));
    const result = await run(['state', 'import', bogus], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a dcctl state: no schemaVersion');
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
  });

  it('a corrupt state file is exit 3 and never overwritten; reset keeps it aside', async () => {
    const dir = await applied();
    writeFileSync(join(dir, 'state.json'), '{"schemaVersion": 1, "vms": [');
    const list = await run(['vm', 'list'], dir);
    expect(list.code).toBe(3);
    expect(list.stderr).toMatch(/state file .*state.json is corrupt: not valid JSON/);
    const create = await run(['vm', 'create', 'x', '--cpus', '1', '--memory', '1GiB', '--json'], dir);
    expect(create.code).toBe(3);
    expect(create.json.error.code).toBe('state-corrupt');
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"schemaVersion": 1, "vms": [');
    const reset = await run(['state', 'reset', '--json'], dir);
    expect(reset.code).toBe(0);
    expect(reset.json.movedAside).toMatch(/state\.json\.corrupt-\d+$/);
    expect(readFileSync(reset.json.movedAside, 'utf8')).toBe('{"schemaVersion": 1, "vms": [');
    expect((await run(['state', 'export', '--json'], dir)).json).toMatchObject({ datacenter: null, vms: [] });
  });

  it('a state written by a newer dcctl is exit 3', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ schemaVersion: 99, datacenter: null, vms: [], events: [], clockSec: 0, nextEventId: 1, placementCursor: -1 }));
    const result = await run(['dc', 'show', '--json'], dir);
    expect(result.code).toBe(3);
    expect(result.json.error.code).toBe('state-too-new');
  });

  it('reset keeps a backup copy of the previous state', async () => {
    const dir = await applied();
    const reset = await run(['state', 'reset', '--json'], dir);
    expect(reset.json.backup).toMatch(/state\.json\.\d+\.bak$/);
    expect(JSON.parse(readFileSync(reset.json.backup, 'utf8')).vms).toHaveLength(6);
  });

  it('20 concurrent vm create processes lose nothing', async () => {
    const dir = await applied();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => run(['vm', 'create', `c${i}`, '--cpus', '1', '--memory', '512MiB', '--tenant', 'globex', '--json'], dir)));
    expect(results.map((r) => r.code)).toEqual(Array(20).fill(0));
    const vms = (await run(['vm', 'list', '--json'], dir)).json.vms.map((v: { name: string }) => v.name);
    expect(vms).toHaveLength(26);
    for (let i = 0; i < 20; i++) expect(vms).toContain(`c${i}`);
    const events = (await run(['events', '--limit', '100', '--json'], dir)).json.events;
    expect(new Set(events.map((e: { id: number }) => e.id)).size).toBe(events.length);
    expect(readdirSync(dir).filter((f) => f.includes('.lock'))).toEqual([]);
  }, 60_000);

  it('a lock left by a dead process is broken', async () => {
    const dir = await applied();
    writeFileSync(join(dir, 'state.json.lock'), JSON.stringify({ pid: 999_999_99, host: (await import('node:os')).hostname(), at: Date.now() }));
    const result = await run(['vm', 'create', 'after-crash', '--cpus', '1', '--memory', '1GiB', '--tenant', 'globex'], dir);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'state.json.lock'))).toBe(false);
  });
});

describe('demo and help', () => {
  it('demo runs the tour in a temporary state dir and keeps it', async () => {
    const dir = tempDir();
    const result = await run(['demo', '--json', '--state-dir', dir], tempDir());
    expect(result.code).toBe(0);
    expect(result.json.steps.map((s: { kind: string }) => s.kind)).toEqual(['apply', 'create', 'create', 'refused', 'transition', 'transition', 'carve', 'transition', 'report', 'migrate']);
    expect(result.json.clockSec).toBeGreaterThan(16);
    expect((await run(['vm', 'list', '--json'], dir)).json.vms.length).toBeGreaterThan(10);
    const human = await run(['demo'], tempDir());
    expect(human.stdout).toContain('$ ./bin/run.js multiplex a1 --count 24 --cpus 2 --memory 4GiB --workload-cpu 30%');
    expect(human.stdout).toContain('14 of 24 VMs fit on a1');
  });

  it('help lists the topics and commands', async () => {
    const help = await run(['--help'], tempDir());
    for (const word of ['dc', 'host', 'vm', 'state', 'multiplex', 'events', 'schema', 'demo', 'init']) expect(help.stdout).toContain(word);
    const vm = await run(['vm', 'create', '--help'], tempDir());
    expect(vm.stdout).toContain('--policy=<option>');
  });

  it('an unknown flag is a usage error (exit 2) and JSON mode prints an error document', async () => {
    const result = await run(['vm', 'list', '--bogus', '--json'], tempDir());
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('usage');
  });
});
