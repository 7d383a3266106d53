import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';

/** A new user's first hour (issue 11): each case is what a person met before it was fixed. */

const ESC = '\u001B';
const BEL = '\u0007';

async function labState(): Promise<string> {
  const dir = tempDir();
  expect((await run(['dc', 'apply', fixture('lab-dc.yaml')], dir)).code).toBe(0);
  return dir;
}

describe('data safety', () => {
  it('demo never touches the state DCCTL_STATE_DIR points at', async () => {
    const mine = await labState();
    expect((await run(['vm', 'create', 'my-own', '--cpus', '1', '--memory', '1GiB', '--tenant', 'globex'], mine)).code).toBe(0);
    const before = readFileSync(join(mine, 'state.json'), 'utf8');
    const demo = await run(['demo', '--json'], mine);
    expect(demo.code).toBe(0);
    expect(demo.json.stateDir).not.toBe(mine);
    expect(readFileSync(join(mine, 'state.json'), 'utf8')).toBe(before);
  });

  it('demo --state-dir to a state that holds something is exit 3 unless --force, which keeps a backup', async () => {
    const mine = await labState();
    const before = readFileSync(join(mine, 'state.json'), 'utf8');
    const refused = await run(['demo', '--state-dir', mine], tempDir());
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/already holds a state; the demo would replace it/);
    expect(refused.stderr).toMatch(/hint: .*--force \(a backup copy is kept\)/);
    expect(readFileSync(join(mine, 'state.json'), 'utf8')).toBe(before);
    const forced = await run(['demo', '--state-dir', mine, '--force', '--json'], tempDir());
    expect(forced.code).toBe(0);
    expect(readFileSync(forced.json.backup, 'utf8')).toBe(before);
    const empty = tempDir();
    expect((await run(['demo', '--state-dir', empty, '--json'], tempDir())).json.backup).toBeNull();
  });

  it('state import refuses what dc apply refuses, naming the JSON path with line and column; the state stays', async () => {
    const dir = await labState();
    const exported = (await run(['state', 'export', '--json'], dir)).json;
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const cases: [string, (s: any) => void, RegExp][] = [
      ['escape sequence in a name', (s) => { s.vms[0].name = `${ESC}[31mred vm`; }, /vms\[0\]\.name: "\\e\[31mred vm" is not a valid name/],
      ['negative vCPUs', (s) => { s.vms[1].cpus = -5; }, /vms\[1\]\.cpus: -5 is out of range: must be at least 1/],
      ['a VM twice', (s) => { s.vms.push({ ...s.vms[0] }); }, /vms\[6\]\.name: VM web-1 appears twice/],
      ['a host over its limits', (s) => { s.vms[0].cpus = 1000; }, /host a1 holds 1000 vCPUs, over its limit of 128/],
      ['an unknown host', (s) => { s.vms[2].host = 'nowhere'; }, /vms\[2\]\.host: VM db-1 is on host nowhere, which is not defined/],
      ['a state that is not a VM state', (s) => { s.vms[0].state = 'exploded'; }, /vms\[0\]\.state: "exploded" is not allowed here/],
    ];
    for (const [what, edit, message] of cases) {
      const copy = structuredClone(exported);
      edit(copy);
      const file = join(tempDir(), 'edited.json');
      writeFileSync(file, JSON.stringify(copy, null, 2));
      const result = await run(['state', 'import', file], dir);
      expect(result.code, what).toBe(2);
      expect(result.stderr, what).toMatch(message);
      expect(result.stderr, what).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `));
      expect(result.stderr).not.toContain(ESC);
      expect(readFileSync(join(dir, 'state.json'), 'utf8'), what).toBe(before);
    }
  });
});

describe('terminal safety', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await labState();
  });

  it('names with escape sequences are shown escaped in errors and hints, human and JSON', async () => {
    const create = await run(['vm', 'create', `${ESC}[31mred`, '--cpus', '1', '--memory', '1GiB'], dir);
    expect(create.code).toBe(2);
    expect(create.stderr).not.toContain(ESC);
    expect(create.stderr).toContain('"\\e[31mred"');
    const show = await run(['vm', 'show', `${ESC}]2;PWNED${BEL}`], dir);
    expect(show.code).toBe(2);
    expect(show.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    expect(show.stderr).toContain('no VM named \\e]2;PWNED\\x07');
    const json = await run(['vm', 'show', `${ESC}]2;PWNED${BEL}`, '--json'], dir);
    expect(json.stdout).not.toContain(ESC);
    expect(json.json.error.message).toBe(`no VM named ${ESC}]2;PWNED${BEL}`); // the value itself, once parsed
  });

  it('a flag value from input is escaped too (a bidi override and C1 controls in JSON as well)', async () => {
    const result = await run(['vm', 'migrate', 'web-1', '--to', 'a\u202Eb\u009B'], dir);
    expect(result.stderr).toContain('\\u202e');
    expect(result.stderr).toContain('\\x9b');
    const json = await run(['vm', 'migrate', 'web-1', '--to', 'a\u202Eb', '--json'], dir);
    expect(json.stdout).toContain('\\u202e');
    expect(json.stdout).not.toContain('\u202E');
  });
});

describe('errors that finish their sentence', () => {
  const cases: [string[], RegExp, RegExp, Record<string, string>][] = [
    [['vm', 'show'], /^error: dcctl vm show needs an argument: NAME \(VM name\)$/m, /hint: usage: dcctl vm show NAME/, { argument: 'NAME' }],
    [['vm', 'migrate', 'web-1'], /^error: dcctl vm migrate needs --to \(target host\)$/m, /hint: usage: dcctl vm migrate VM --to HOST/, { flag: '--to' }],
    [['vm', 'create', 'x', '--cpus', 'abc'], /^error: --cpus takes a whole number, not "abc"$/m, /hint: --cpus is vCPUs: a whole number from 1 to 1024/, { flag: '--cpus' }],
    [['vm', 'create', 'x', '--cpus', '0', '--memory', '1GiB'], /^error: --cpus must be at least 1; got 0$/m, /hint: --cpus is vCPUs/, { flag: '--cpus' }],
    [['multiplex', 'a2-3', '--count', '0'], /^error: --count must be at least 1; got 0$/m, /hint: --count is carve this many/, { flag: '--count' }],
    [['multiplex', 'a2-3', '--count', '1000000'], /^error: --count may be at most 100000; got 1000000$/m, /hint: --count/, { flag: '--count' }],
    [['vm', 'migrate', 'web-1', '--to', 'a2-2', '--mode', 'fast'], /^error: --mode "fast" is not one of live, postcopy, hybrid, cold, offline$/m, /hint: --mode is/, { flag: '--mode' }],
    [['vm', 'create', 'x', '--cpu', '2'], /^error: dcctl vm create has no flag --cpu$/m, /hint: did you mean --cpus\?/, { flag: '--cpu', suggestion: '--cpus' }],
    [['vm', 'show', 'a', 'b'], /^error: dcctl vm show takes one argument; "b" is too many$/m, /hint: usage: dcctl vm show NAME/, { argument: 'b' }],
    [['vm', 'lst'], /^error: dcctl has no command "vm lst"$/m, /hint: did you mean "dcctl vm list"\?/, { command: 'vm lst', suggestion: 'vm list' }],
    [['vmm', 'list'], /^error: dcctl has no command "vmm list"$/m, /hint: did you mean "dcctl vm list"\?/, { suggestion: 'vm list' }],
  ];
  it.each(cases)('%j: a whole sentence, a hint, exit 2, and the same in JSON', async (args, message, hint, fields) => {
    const dir = tempDir();
    const human = await run(args, dir);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(message);
    expect(human.stderr).toMatch(hint);
    expect(human.stderr).not.toMatch(/›|Error:|See more help/);
    const json = await run([...args, '--json'], dir);
    expect(json.code).toBe(2);
    expect(json.json.error.message).toMatch(new RegExp(message.source.replace(/^\^error: /, '^').replace(/\$$/, '$')));
    expect(json.json.error).toMatchObject(fields);
  });

  it('-h is help', async () => {
    const result = await run(['vm', 'list', '-h'], tempDir());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('USAGE');
  });
});

describe('exit codes and moves that make sense', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    expect((await run(['dc', 'apply', fixture('migration-lab.yaml')], dir)).code).toBe(0);
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
    const dir = await labState();
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
    const dir = await labState();
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
    const dir = await labState();
    const tenancy = await run(['vm', 'create', 'p1', '--cpus', '1', '--memory', '1GiB', '--tenant', 'acme', '--host', 'b1-1', '--json'], dir);
    expect(tenancy.json.error.hint).toMatch(/^tenant acme \(private\) may not run on b1-1: pick a host where its deployment model admits it \(clusters rack-a\)/);
    expect((await run(['host', 'power', 'off', 'a2-3'], dir)).code).toBe(0);
    const off = await run(['vm', 'create', 'p2', '--cpus', '1', '--memory', '1GiB', '--host', 'a2-3', '--json'], dir);
    expect(off.json.error.hint).toMatch(/dcctl host power on a2-3/);
    const full = await run(['vm', 'create', 'big', '--cpus', '40', '--memory', '200GiB', '--tenant', 'acme', '--json'], dir);
    expect(full.json.error.hint).toMatch(/refused on capacity alone: free capacity/);
  });

  it('pipes get full tables; --color forces colour into a pipe; NO_COLOR and --no-color do not', async () => {
    const dir = await labState();
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
