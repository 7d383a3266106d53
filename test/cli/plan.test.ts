import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appliedState, BIN, ROOT, run, tempDir } from '../helpers/cli.js';
import { twoFullHosts } from '../helpers/dc.js';

// h1 and h2 full (4 vCPUs each at overcommit 2), h3 empty; x (h1) and z (h2) in a must anti-affinity group.
const DC = twoFullHosts({ vm: { x: 'group: { name: web, rule: anti-affinity }', z: 'group: { name: web, rule: anti-affinity }' } });

const plan = (steps: string) => `apiVersion: dcctl/v1
kind: Plan
metadata: { name: by-hand }
spec:
  steps:
${steps}`;

async function handState(): Promise<{ dir: string; file: (name: string, text: string) => string }> {
  const dir = tempDir();
  writeFileSync(join(dir, 'dc.yaml'), DC);
  expect((await run(['dc', 'apply', join(dir, 'dc.yaml')], dir)).code).toBe(0);
  return { dir, file: (name, text) => (writeFileSync(join(dir, name), text), join(dir, name)) };
}

describe('saved plans (real binary)', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await appliedState('consolidation-lab.yaml');
    file = join(dir, 'plan.yaml');
  });

  it('consolidate --out writes the plan and changes nothing; plan check says it is fresh and valid', async () => {
    const before = await run(['events', '--json'], dir);
    const saved = await run(['consolidate', '--power-off', '--out', file, '--json'], dir);
    expect(saved.code).toBe(0);
    expect(saved.json.executed).toBe(false);
    expect(saved.json.saved).toMatchObject({ file, steps: 1, moves: saved.json.plan.moves.length });
    expect(saved.json.saved.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await run(['events', '--json'], dir)).json.total).toBe(before.json.total);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('kind: Plan');
    expect(text).toMatch(/- \{ vm: v\d, from: \w+, to: \w+, mode: live, reason: ".*", predicted: \{ timeSec: [\d.]+, downtimeMs: [\d.]+ \} \}/);
    const check = await run(['plan', 'check', file, '--json'], dir);
    expect(check.code).toBe(0);
    expect(check.json).toMatchObject({ valid: true, fresh: true, changed: [], problems: [], steps: 1 });
    expect(check.json.moves).toHaveLength(saved.json.plan.moves.length);
  });

  it('plan show prints the moves, the makespan, each downtime and the energy before and after, at 80 columns', async () => {
    const shown = await run(['plan', 'show', file, '--json'], dir);
    expect(shown.code).toBe(0);
    expect(shown.json.makespanSec).toBeGreaterThan(0);
    expect(shown.json.before.energyPerDayKWh).toBeGreaterThan(shown.json.after.energyPerDayKWh);
    expect(shown.json.paybackSec).toBeGreaterThan(0);
    expect(shown.json.recordedPrediction.makespanSec).toBeCloseTo(shown.json.makespanSec, 3);
    const human = await run(['plan', 'show', file, '--graph'], dir, { COLUMNS: '80' });
    expect(human.stdout).toMatch(/predicted makespan [\d.]+ s/);
    expect(human.stdout).toMatch(/energy per day +17\.58 kWh +10\.\d\d kWh/);
    expect(human.stdout).toContain('Move graph:');
  });

  it('plan apply --dry-run prints the timelines it would produce and changes nothing; plan apply carries out exactly those moves', async () => {
    const dry = await run(['plan', 'apply', file, '--dry-run', '--json'], dir);
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ executed: false, dryRun: true, fresh: true });
    expect(dry.json.migrations.length).toBeGreaterThan(0);
    expect((await run(['migration', 'list', '--json'], dir)).json.migrations).toEqual([]);
    const applied = await run(['plan', 'apply', file, '--json'], dir);
    expect(applied.code).toBe(0);
    expect(applied.json.executed).toBe(true);
    const strip = (t: { vm: string; from: string; to: string; startSec: number; downtimeMs: number }) => [t.vm, t.from, t.to, t.startSec, t.downtimeMs];
    expect(applied.json.migrations.map(strip)).toEqual(dry.json.migrations.map(strip));
    const hosts = (await run(['host', 'list', '--json'], dir)).json.hosts as { name: string; state: string }[];
    const planned = parse(readFileSync(file, 'utf8')).spec.hostStates as Record<string, string>;
    expect(hosts.filter((h) => h.state === 'off').map((h) => h.name).sort()).toEqual(Object.keys(planned).sort());
  });

  it('the applied plan is stale now: apply refuses (exit 1), check names what changed and the events since', async () => {
    const again = await run(['plan', 'apply', file, '--json'], dir);
    expect(again.code).toBe(1);
    expect(again.json.error.code).toBe('plan-stale');
    const check = await run(['plan', 'check', file, '--json'], dir);
    expect(check.code).toBe(1);
    expect(check.json.fresh).toBe(false);
    expect(check.json.changed).toEqual(['placements', 'hostStates']);
    expect(check.json.eventsSince.count).toBeGreaterThan(0);
    expect(check.json.eventsSince.events.map((e: { type: string }) => e.type)).toContain('migration-completed');
    expect(check.json.problems.map((p: { kind: string }) => p.kind)).toContain('wrong-source');
    const forced = await run(['plan', 'apply', file, '--allow-stale'], dir);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/^error: .*plan\.yaml:\d+:\d+ v\d is on \w+, not \w+ as the plan says/m);
  });

  it('plan compare sets ffd, bfd, pabfd and balance side by side, with when each pays back', async () => {
    const state = await appliedState('consolidation-lab.yaml');
    const compared = await run(['plan', 'compare', '--json'], state);
    expect(compared.code).toBe(0);
    expect(compared.json.plans.map((p: { planner: string }) => p.planner)).toEqual(['ffd', 'bfd', 'pabfd', 'balance']);
    for (const p of compared.json.plans) expect(Object.keys(p)).toEqual(expect.arrayContaining(['activeHosts', 'moves', 'bytesSent', 'makespanSec', 'worstDowntimeMs', 'energyPerDayKWh', 'paybackSec']));
    const human = await run(['plan', 'compare'], state, { COLUMNS: '80' });
    expect(human.stdout).toMatch(/pabfd +\d+/);
  });
});

describe('hand-written and edited plans (real binary)', () => {
  it('a move that needs another to go first: valid in two steps, and z waits for x', async () => {
    const { dir, file } = await handState();
    const ok = file('ok.yaml', plan('    - moves: [ { vm: x, to: h3 } ]\n    - moves: [ { vm: z, to: h1 } ]\n'));
    const check = await run(['plan', 'check', ok, '--json'], dir);
    expect(check.code).toBe(0);
    expect(check.json).toMatchObject({ valid: true, fresh: null });
    expect(check.json.moves[1].waitsFor).toEqual([{ on: 0, why: 'room' }]);
    const applied = await run(['plan', 'apply', ok, '--json'], dir);
    expect(applied.code).toBe(0);
    expect(applied.json.migrations[1].startSec).toBeCloseTo(applied.json.migrations[0].totalTimeSec, 6);
    const vms = (await run(['vm', 'list', '--json'], dir)).json.vms as { name: string; host: string }[];
    expect(Object.fromEntries(vms.map((v) => [v.name, v.host]))).toEqual({ x: 'h3', y: 'h1', z: 'h1', w: 'h2' });
  });

  it('an edit that breaks anti-affinity on the way but not at the end is refused with the file position, and nothing changes', async () => {
    const { dir, file } = await handState();
    const swapped = file('swapped.yaml', plan('    - moves: [ { vm: z, to: h1 } ]\n    - moves: [ { vm: x, to: h3 } ]\n'));
    const check = await run(['plan', 'check', swapped], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/swapped\.yaml:6:16 step 1 move 1 \(z\): during step 1, h1 would hold/);
    const json = await run(['plan', 'check', swapped, '--json'], dir);
    expect(json.json.problems.map((p: { kind: string; line: number }) => [p.kind, p.line])).toEqual([['capacity', 6], ['anti-affinity', 6]]);
    const apply = await run(['plan', 'apply', swapped, '--json'], dir);
    expect(apply.code).toBe(1);
    expect(apply.json.error.code).toBe('plan-invalid');
    expect((await run(['migration', 'list', '--json'], dir)).json.migrations).toEqual([]);
  });

  it('a malformed plan is exit 2 with FILE:LINE:COL', async () => {
    const { dir, file } = await handState();
    const bad = file('bad.yaml', plan('    - moves: [ { vm: x, too: h3 } ]\n'));
    const result = await run(['plan', 'check', bad], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:6:\d+ /);
    const json = await run(['plan', 'apply', bad, '--json'], dir);
    expect(json.code).toBe(2);
    expect(json.json.error.code).toBe('invalid-plan');
    expect((await run(['plan', 'show', join(dir, 'missing.yaml')], dir)).code).toBe(2);
    const datacenter = await run(['plan', 'check', join(dir, 'dc.yaml')], dir);
    expect(datacenter.code).toBe(2);
    expect(datacenter.stderr).toMatch(/^error: .*dc\.yaml:\d+:\d+ kind: this is a Datacenter file, not a plan$/m);
  });

  it('names from the file reach the terminal escaped', async () => {
    const { dir, file } = await handState();
    const evil = file('evil.yaml', plan('    - moves: [ { vm: "x\\e[31mred", to: h3 } ]\n'));
    const result = await run(['plan', 'check', evil], dir);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('\u001b');
    expect(result.stdout).toContain('\\e[31m');
  });

  it('host maintenance enter --out plans the evacuation; applied, the host is in maintenance', async () => {
    const dir = await appliedState();
    const out = join(dir, 'drain.yaml');
    expect((await run(['host', 'maintenance', 'enter', 'a2-1', '--out', out], dir)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('hostStates: { a2-1: maintenance }');
    expect((await run(['plan', 'apply', out], dir)).code).toBe(0);
    const host = (await run(['host', 'show', 'a2-1', '--json'], dir)).json;
    expect(host.host?.state ?? host.state).toBe('maintenance');
  });

  it('--out to a folder that does not exist is exit 2 naming the flag', async () => {
    const dir = await appliedState();
    const result = await run(['balance', '--out', join(dir, 'no', 'such', 'plan.yaml')], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --out .*plan\.yaml: no such directory/m);
  });
});

describe('README: saved plans (real binary)', () => {
  it('runs line by line with the exit codes its comments state', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Saved plans')))![1]!;
    const steps = block.split('\n').filter((l) => l.trim()).map((l) => ({ line: l.replace(/\s+#.*$/, '').trim(), exit: Number(/# exit (\d+)/.exec(l)?.[1] ?? 0) }));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    const cwd = tempDir('dcctl-readme-plans-');
    symlinkSync(join(ROOT, 'fixtures'), join(cwd, 'fixtures'));
    for (const { line, exit } of steps) {
      const result = await new Promise<{ code: number; out: string }>((resolve) => {
        execFile('bash', ['-c', `dcctl() { "${process.execPath}" "${BIN}" "$@"; }\n${line}`], { cwd, env: { ...process.env, CI: 'true', DCCTL_STATE_DIR: join(cwd, 'state') } },
          (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stderr}${stdout}` }));
      });
      expect(result.code, `${line}\n${result.out}`).toBe(exit);
    }
  }, 90_000);
});
