import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';

const within = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.005);

describe('dcctl vm migrate (real binary, fixtures/migration-lab.yaml: 1 Gbit/s)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = tempDir();
    expect((await run(['dc', 'apply', fixture('migration-lab.yaml')], dir)).code).toBe(0);
  });

  it('live, qemu preset: the B1 worked example (1 GiB, k = 0.3): 3 rounds, 12.17 s, 231.9 ms', async () => {
    const r = await run(['vm', 'migrate', 'web', '--to', 'dst', '--device-state', '0', '--json'], dir);
    expect(r.code).toBe(0);
    const [t] = r.json.migrations;
    expect(t).toMatchObject({ vm: 'web', from: 'src', to: 'dst', mode: 'live', preset: 'qemu', bandwidthBytesPerSec: 125_000_000, rounds: 3, converged: true, stopReason: 'converged', outcome: 'completed' });
    within(t.totalTimeSec, 12.17);
    within(t.downtimeMs, 231.9);
    within(t.bytesSent / 2 ** 30, 1.417);
    expect(t.stages.map((s: { name: string }) => s.name)).toEqual(['pre-migration', 'reservation', 'iterative pre-copy', 'stop-and-copy', 'commitment', 'activation']);
    expect(t.iterations.map((i: { round: number }) => i.round)).toEqual([0, 1, 2]);
    within(r.json.makespanSec, 12.17);
    within(r.json.clock, 12.17);
    const vm = await run(['vm', 'show', 'web', '--json'], dir);
    expect(vm.json.vm.host).toBe('dst');
  });

  it('human output: header, stage table, round table with bars, footer', async () => {
    const r = await run(['vm', 'migrate', 'db', '--to', 'dst'], dir);
    expect(r.stdout).toContain('migration  m1 db: src -> dst');
    expect(r.stdout).toContain('mode       live (pre-copy), preset qemu');
    expect(r.stdout).toMatch(/3 stop-and-copy\s+[\d.]+ s\s+[\d.]+ ms\s+paused/);
    expect(r.stdout).toMatch(/ROUND\s+START\s+DURATION\s+SENT\s+DIRTIED\s+THROTTLE/);
    expect(r.stdout).toContain('▇');
    expect(r.stdout).toMatch(/total [\d.]+ s · downtime [\d.]+ ms \(limit 300 ms\)/);
    expect(r.stdout).toMatch(/10 rounds · converged/);
  });

  it('two idle 4 GiB VMs started together share the link: 68.72 s each', async () => {
    const r = await run(['vm', 'migrate', 'idle-1', 'idle-2', '--to', 'dst', '--device-state', '0', '--json'], dir);
    for (const t of r.json.migrations) within(t.totalTimeSec, 68.72);
    within(r.json.makespanSec, 68.72);
    const serial = await run(['vm', 'migrate', 'idle-1', 'idle-2', '--to', 'far', '--device-state', '0', '--max-concurrent', '1', '--json', '--dry-run'], dir);
    expect(serial.json.migrations.map((t: { startSec: number }) => Math.round(t.startSec * 100) / 100)).toEqual([0, 34.36]);
  });

  it('each mode: postcopy, hybrid, cold, offline', async () => {
    const post = (await run(['vm', 'migrate', 'idle-1', '--to', 'dst', '--mode', 'postcopy', '--json'], dir)).json.migrations[0];
    expect(post).toMatchObject({ mode: 'postcopy', stopReason: 'postcopy-switch', rounds: 0 });
    within(post.downtimeMs, 8.39);
    within(post.degradedSec, 34.36);
    const hybrid = (await run(['vm', 'migrate', 'db', '--to', 'dst', '--mode', 'hybrid', '--json'], dir)).json.migrations[0];
    expect(hybrid).toMatchObject({ mode: 'hybrid', rounds: 1, stopReason: 'postcopy-switch' });
    within(hybrid.degradedSec, (0.6 * 4 * 2 ** 30) / 125e6);
    const cold = (await run(['vm', 'migrate', 'idle-2', '--to', 'dst', '--mode', 'cold', '--json'], dir)).json.migrations[0];
    within(cold.downtimeMs / 1000, cold.totalTimeSec);
    within(cold.totalTimeSec, 34.368);
    const offline = await run(['vm', 'migrate', 'parked', '--to', 'dst', '--mode', 'offline', '--json'], dir);
    expect(offline.json.migrations[0]).toMatchObject({ mode: 'offline', totalTimeSec: 0, bytesSent: 0, outcome: 'completed' });
  });

  it('presets: xen stops on few dirty pages; simgrid uses a 30 ms limit', async () => {
    const xen = (await run(['vm', 'migrate', 'web', '--to', 'dst', '--preset', 'xen', '--json', '--dry-run'], dir)).json.migrations[0];
    expect(xen).toMatchObject({ preset: 'xen', rounds: 9, stopReason: 'min-dirty' });
    const simgrid = (await run(['vm', 'migrate', 'db', '--to', 'dst', '--preset', 'simgrid', '--json', '--dry-run'], dir)).json.migrations[0];
    expect(simgrid.downtimeLimitMs).toBe(30);
    expect(simgrid.downtimeMs).toBeLessThanOrEqual(30);
  });

  it('a migration that cannot converge ends at its timeout, and the report says so', async () => {
    const r = await run(['vm', 'migrate', 'hot', '--to', 'dst', '--timeout', '60s', '--json'], dir);
    expect(r.code).toBe(1); // aborted: the command failed, with the whole document (as virsh)
    expect(r.json.migrations[0]).toMatchObject({ converged: false, stopReason: 'timeout', outcome: 'aborted', downtimeMs: 0 });
    within(r.json.migrations[0].totalTimeSec, 60);
    expect((await run(['vm', 'show', 'hot', '--json'], dir)).json.vm.host).toBe('src');
    const suspend = await run(['vm', 'migrate', 'hot', '--to', 'dst', '--timeout', '60s', '--timeout-action', 'suspend', '--json'], dir);
    expect(suspend.code).toBe(0);
    expect(suspend.json.migrations[0]).toMatchObject({ stopReason: 'timeout', outcome: 'completed' });
    expect(suspend.json.migrations[0].downtimeMs).toBeGreaterThan(1000);
    const human = await run(['vm', 'migrate', 'busy', '--to', 'dst', '--timeout', '2min', '--dry-run'], dir);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('aborted (timeout): busy keeps running on src');
    expect(human.stdout).toContain('hint: pre-copy did not converge before the timeout');
  });

  it('auto-converge throttles the guest until it converges', async () => {
    const r = await run(['vm', 'migrate', 'busy', '--to', 'dst', '--auto-converge', '--device-state', '0', '--json'], dir);
    const t = r.json.migrations[0];
    expect(t).toMatchObject({ converged: true, rounds: 14 });
    expect(t.iterations.at(-1).throttlePercent).toBe(60);
  });

  it('--dry-run changes nothing', async () => {
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const r = await run(['vm', 'migrate', 'db', '--to', 'dst', '--dry-run', '--json'], dir);
    expect(r.json.dryRun).toBe(true);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
  });

  it('refusals exit 1 and move nothing: passthrough, hypervisor, state, SLA, reservation', async () => {
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const cases: [string[], string, RegExp][] = [
      [['gpu', '--to', 'dst'], 'passthrough-device', /move it cold: dcctl vm migrate gpu --to dst --mode cold/],
      [['web', '--to', 'x1'], 'incompatible-hypervisor', /same hypervisor .*dst has them: dcctl vm migrate web --to dst$/],
      [['parked', '--to', 'dst'], 'vm-not-active', /dcctl vm migrate parked --to dst --mode offline/],
      [['web', '--to', 'dst', '--mode', 'offline'], 'vm-not-inactive', /dcctl vm migrate web --to dst$/],
      [['strict', '--to', 'dst'], 'sla-breach', /post-copy keeps it: dcctl vm migrate strict --to dst --mode postcopy/],
    ];
    for (const [args, code, hint] of cases) {
      const r = await run(['vm', 'migrate', ...args, '--json'], dir);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.json.error.code).toBe(code);
      expect(r.json.error.hint).toMatch(hint);
      // The command the hint names does what was asked (checked as a dry run).
      const named = /dcctl (vm migrate [^(;]+?)(?: \(|$)/.exec(r.json.error.hint)![1]!.split(' ');
      const retry = await run([...named, '--dry-run', '--json'], dir);
      expect(retry.code, named.join(' ')).toBe(0);
      expect(retry.json.migrations[0].outcome).toBe('completed');
    }
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
    const sla = await run(['vm', 'migrate', 'strict', '--to', 'dst', '--dry-run', '--json'], dir);
    expect(sla.code).toBe(0);
    expect(sla.json.slaBreaches).toEqual(['strict']);
    expect((await run(['vm', 'migrate', 'strict', '--to', 'dst', '--allow-sla-breach', '--json'], dir)).code).toBe(0);
    expect((await run(['vm', 'migrate', 'gpu', '--to', 'dst', '--mode', 'cold', '--json'], dir)).code).toBe(0);
  });

  it('bad flags exit 2 naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--to', 'dst', '--bandwidth', '-1Gbit/s'], '--bandwidth'],
      [['--to', 'dst', '--bandwidth', '0Gbit/s'], '--bandwidth'],
      [['--to', 'nowhere'], '--to'],
      [['--to', 'dst', '--downtime-limit', '300 msec'], '--downtime-limit'],
      [['--to', 'dst', '--dirty-rate', '40MiBps'], '--dirty-rate'],
      [['--to', 'dst', '--max-data-factor', 'lots'], '--max-data-factor'],
      [['--to', 'dst', '--mode', 'teleport'], '--mode'],
    ];
    for (const [flags, flag] of cases) {
      const r = await run(['vm', 'migrate', 'web', ...flags], dir);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr, flags.join(' ')).toContain(flag);
    }
    const unknownVm = await run(['vm', 'migrate', 'nope', '--to', 'dst'], dir);
    expect(unknownVm.code).toBe(2);
  });

  it('migration list and show reprint past migrations; events have one line per stage', async () => {
    await run(['vm', 'migrate', 'web', '--to', 'dst'], dir);
    const list = await run(['migration', 'list', '--json'], dir);
    expect(list.json.migrations).toHaveLength(1);
    expect(list.json.migrations[0]).toMatchObject({ id: 'm1', vm: 'web', atSec: 0 });
    const show = await run(['migration', 'show', 'm1'], dir);
    expect(show.stdout).toContain('migration  m1 web: src -> dst');
    const events = await run(['events', '--vm', 'web', '--json'], dir);
    expect(events.json.events.filter((e: { type: string }) => e.type === 'migration-stage')).toHaveLength(6);
    expect(events.json.events.at(-1).type).toBe('migration-completed');
    expect((await run(['migration', 'show', 'm9'], dir)).code).toBe(2);
  });
});
