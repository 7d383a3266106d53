import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appliedState, fixture, run, tempDir } from '../helpers/cli.js';

/** A new user's first hour (issue 11), part 2: exit codes, moves, what a person sees, set-up. */

const ESC = '\u001B';

describe('exit codes and moves that make sense', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await appliedState('migration-lab.yaml');
  });

  it('an aborted migration is exit 1 with the whole document', async () => {
    const result = await run(['vm', 'migrate', 'hot', '--to', 'dst', '--timeout', '30s', '--json'], dir);
    expect(result.code).toBe(1);
    expect(result.json.migrations[0]).toMatchObject({ vm: 'hot', outcome: 'aborted', stopReason: 'timeout' });
  });

  it('a paused VM moves cold (no SLA refusal: it serves nobody) and stays paused; a suspended VM moves its image', async () => {
    expect((await run(['vm', 'pause', 'strict'], dir)).code).toBe(0);
    const live = await run(['vm', 'migrate', 'strict', '--to', 'dst', '--json'], dir);
    expect(live.code).toBe(1);
    expect(live.json.error.hint).toBe('dcctl vm migrate strict --to dst --mode cold (it stays paused there)');
    const cold = await run(['vm', 'migrate', 'strict', '--to', 'dst', '--mode', 'cold', '--json'], dir);
    expect(cold.code).toBe(0);
    expect(cold.json.migrations[0]).toMatchObject({ mode: 'cold', outcome: 'completed', downtimeMs: 0 });
    expect(cold.json.migrations[0].stages.every((s: { vmState: string }) => s.vmState === 'paused')).toBe(true);
    expect((await run(['vm', 'show', 'strict', '--json'], dir)).json.vm).toMatchObject({ host: 'dst', state: 'paused' });

    expect((await run(['vm', 'suspend', 'db'], dir)).code).toBe(0);
    const clock = (await run(['dc', 'show', '--json'], dir)).json.clockSec;
    const image = await run(['vm', 'migrate', 'db', '--to', 'dst', '--mode', 'cold', '--json'], dir);
    expect(image.code).toBe(0);
    // 4 GiB over 1 Gbit/s (125 MB/s) plus the 1 MiB device state: 34.37 s on the clock.
    expect(image.json.migrations[0].totalTimeSec).toBeCloseTo((4 * 2 ** 30 + 2 ** 20) / 125e6, 6);
    expect(image.json.migrations[0].stages.every((s: { vmState: string }) => s.vmState === 'suspended')).toBe(true);
    expect(image.json.clock).toBeCloseTo(clock + image.json.migrations[0].totalTimeSec, 6);
    const resumed = await run(['vm', 'resume', 'db', '--json'], dir);
    expect(resumed.json).toMatchObject({ host: 'dst', previousHost: null, to: 'active' });
  });
});

describe('what a person sees', () => {
  it('dc apply that re-places VMs lists each move in the user\'s words, --dry-run too (exit 1: it needs --force)', async () => {
    const dir = await appliedState();
    const edited = join(tempDir(), 'renamed.yaml');
    writeFileSync(edited, readFileSync(fixture('lab-dc.yaml'), 'utf8').replace('name: a2, count: 3', 'name: a3, count: 3').replace(/memory: 4GiB/, 'memory: 6GiB'));
    const dry = await run(['dc', 'apply', edited, '--dry-run', '--json'], dir);
    expect(dry.code).toBe(1);
    expect(dry.json.requiresForce).toBe(true);
    const moves = dry.json.changes.filter((c: { action: string }) => c.action === 'move');
    expect(moves.map((c: { name: string }) => c.name).sort()).toEqual(['db-1', 'web-2']);
    expect(moves[0].fields[0]).toMatchObject({ field: 'host', before: 'a2-1' });
    expect(dry.json.changes.find((c: { name: string; action: string }) => c.name === 'web-1' && c.action === 'change').fields[0]).toMatchObject({ field: 'memory', path: 'memoryBytes', before: 4 * 2 ** 30, after: 6 * 2 ** 30 });
    const human = await run(['dc', 'apply', edited, '--dry-run'], dir);
    expect(human.stdout).toMatch(/> vm db-1 moves a2-1 -> a3-\d \(a2-1 left the definition\)/);
    expect(human.stdout).toContain('~ vm web-1: memory 4 GiB -> 6 GiB');
    expect(human.stdout).toContain('this apply needs --force');
    const forced = await run(['dc', 'apply', edited, '--force', '--json'], dir);
    expect(forced.code).toBe(0);
    expect(forced.json.changes.filter((c: { action: string }) => c.action === 'move')).toHaveLength(2);
  });

  it('consolidate --power-off powers off hosts that were already empty and says which; the bound counts hypervisor classes', async () => {
    const dir = await appliedState();
    const plan = await run(['consolidate', '--power-off', '--dry-run', '--json'], dir);
    expect(plan.json.plan.hostsEmptyBefore).toEqual(['a2-2', 'a2-3', 'b1-2']);
    expect(plan.json.plan.hostsPoweredOff).toEqual(expect.arrayContaining(['a2-2', 'a2-3', 'b1-2']));
    // xen, kvm and docker hosts each hold VMs that cannot cross classes: at least 3 hosts.
    expect(plan.json.plan.lowerBoundHosts).toBeGreaterThanOrEqual(3);
    const done = await run(['consolidate', '--power-off', '--json'], dir);
    expect(done.code).toBe(0);
    const off = (await run(['host', 'list', '--json'], dir)).json.hosts.filter((h: { state: string }) => h.state === 'off').map((h: { name: string }) => h.name);
    expect(off).toEqual(expect.arrayContaining(['a2-2', 'a2-3', 'b1-2']));
  });

  it('placement hints follow the filter that refused', async () => {
    const dir = await appliedState();
    const tenancy = await run(['vm', 'create', 'p1', '--cpus', '1', '--memory', '1GiB', '--tenant', 'acme', '--host', 'b1-1', '--json'], dir);
    expect(tenancy.json.error.hint).toMatch(/^tenant acme \(private\) may not run on b1-1: pick a host where its deployment model admits it \(clusters rack-a\)/);
    expect((await run(['host', 'power', 'off', 'a2-3'], dir)).code).toBe(0);
    const off = await run(['vm', 'create', 'p2', '--cpus', '1', '--memory', '1GiB', '--host', 'a2-3', '--json'], dir);
    expect(off.json.error.hint).toMatch(/dcctl host power on a2-3/);
    const full = await run(['vm', 'create', 'big', '--cpus', '40', '--memory', '200GiB', '--tenant', 'acme', '--json'], dir);
    expect(full.json.error.hint).toMatch(/refused on capacity alone: free capacity/);
  });

  it('pipes get full tables; --color forces colour into a pipe; NO_COLOR and --no-color do not', async () => {
    const dir = await appliedState();
    const plain = await run(['host', 'list'], dir);
    expect(plain.stdout.split('\n')[0]).toContain('HYPERVISOR');
    expect(plain.stdout).not.toContain(ESC);
    const coloured = await run(['host', 'list', '--color'], dir);
    expect(coloured.stdout).toContain(`${ESC}[1mHOST`);
    expect((await run(['host', 'list', '--color'], dir, { NO_COLOR: '1' })).stdout).toContain(`${ESC}[1m`);
    expect((await run(['host', 'list', '--no-color'], dir)).stdout).not.toContain(ESC);
  });

  it('the root help lists power once (as a command)', async () => {
    const help = await run(['--help'], tempDir());
    const topics = help.stdout.slice(help.stdout.indexOf('TOPICS'), help.stdout.indexOf('COMMANDS'));
    expect(topics).not.toMatch(/^\s+power\s/m);
    expect(help.stdout.slice(help.stdout.indexOf('COMMANDS'))).toMatch(/^\s+power\s/m);
  });

  it('simulate sizes the default fleet so every VM runs, and a fleet too small is said before the run', async () => {
    const dir = tempDir();
    const sized = await run(['simulate', '--synthetic', '--vms', '3000', '--duration', '10min', '--json'], dir);
    expect(sized.json.unplacedVms).toBe(0);
    expect(sized.json.hosts).toBeGreaterThan(800);
    expect(sized.json.warnings[0]).toMatch(/sized to \d+ hosts \(not 800\) so that every one of the 3000 VMs finds a host/);
    const small = await run(['simulate', '--synthetic', '--vms', '3000', '--hosts', '1000', '--duration', '10min'], dir);
    const warned = /warning: (\d+) of 3000 VMs will find no host at creation on 1000 hosts and never run .*; --hosts (\d+) takes them all/.exec(small.stderr);
    expect(warned).not.toBeNull();
    // The prediction before the run is what the run then reports.
    expect(small.stdout).toContain(`${warned![1]} VMs found no host at t = 0 and never ran`);
    const enough = await run(['simulate', '--synthetic', '--vms', '3000', '--hosts', warned![2]!, '--duration', '10min', '--json'], dir);
    expect(enough.json.unplacedVms).toBe(0);
  });

  it('simulate --plot and --csv say what they wrote; the SVG ticks on round numbers up to 24 h', async () => {
    const out = tempDir();
    const svg = join(out, 'day.svg');
    const result = await run(['simulate', '--trace', fixture('planetlab-mini'), '--compare', '--policies', 'npa,thr-mmt,lr-mmt', '--plot', svg, '--csv', join(out, 'day.csv')], tempDir());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${svg} (SVG plot: 2 runs; npa left out)`);
    expect(result.stdout).toMatch(/wrote .*day\.csv \(CSV: 3 runs, 287 intervals each\)/);
    expect(result.stdout).toMatch(/ranked by ESV .* among the policies that consolidate; npa never migrate/);
    const lines = result.stdout.split('\n').filter((l) => /^ (NPA|THR|LR)/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(lines.at(-1)).toBe('NPA');
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('>24 h<');
    const yTicks = [...text.matchAll(/text-anchor="end">([\d,.]+)</g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    const panels = yTicks.reduce<number[][]>((all, t) => (t === 0 ? [...all, [t]] : [...all.slice(0, -1), [...all.at(-1)!, t]]), []);
    expect(panels).toHaveLength(2);
    for (const ticks of panels) {
      const step = ticks[1]!;
      expect(String(step / 10 ** Math.floor(Math.log10(step)))).toMatch(/^(1|2|2\.5|5)$/); // 1, 2, 2.5 or 5 x 10^k
      ticks.forEach((t, k) => expect(t).toBeCloseTo(k * step, 9));
    }
    expect(text).toContain('Not drawn (no consolidation, every host stays on): NPA');
    expect(readdirSync(out).sort()).toEqual(['day.csv', 'day.svg']);
  });
});

describe('set-up', () => {
  it('the committed lock agrees with package.json (npm install leaves a fresh clone clean)', () => {
    const root = join(import.meta.dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
    expect(existsSync(join(root, '.ci', 'run'))).toBe(true);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toContain('npm install --package-lock-only');
  });
});
