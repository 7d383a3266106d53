import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';

describe('consolidate, balance, maintenance, power (real binary)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = tempDir();
    expect((await run(['dc', 'apply', fixture('consolidation-lab.yaml')], dir)).code).toBe(0);
  });

  it('consolidate --dry-run prints the plan and changes nothing; the same command without it does the same moves', async () => {
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const dry = await run(['consolidate', '--strategy', 'pabfd', '--power-off', '--dry-run', '--json'], dir);
    expect(dry.code).toBe(0);
    expect(dry.json.executed).toBe(false);
    expect(dry.json.plan).toMatchObject({ strategy: 'pabfd', hostsFreed: ['h1', 'h2'], lowerBoundHosts: 2 });
    expect(dry.json.plan.moves.map((m: { vm: string; to: string }) => `${m.vm}->${m.to}`)).toEqual(['v2->big', 'v3->eff', 'v5->eff']);
    expect(dry.json.plan.moves[1]).toMatchObject({ from: 'h2', reason: expect.stringContaining('wakes the most power-efficient free host (24.69 W per core at the ceiling)'), predictedTimeSec: expect.any(Number), predictedDowntimeMs: expect.any(Number) });
    expect(Object.keys(dry.json.plan.before)).toEqual(expect.arrayContaining(['activeHosts', 'powerWatts', 'utilizationStdDev', 'maxUtilization']));
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
    const real = await run(['consolidate', '--strategy', 'pabfd', '--power-off', '--json'], dir);
    expect(real.json.executed).toBe(true);
    expect(real.json.plan.moves).toEqual(dry.json.plan.moves);
    const hosts = await run(['host', 'list', '--json'], dir);
    expect(hosts.json.hosts.map((h: { state: string }) => h.state)).toEqual(['on', 'off', 'off', 'on']);
    expect((await run(['migration', 'list', '--json'], dir)).json.migrations).toHaveLength(3);
  });

  it('consolidate human output: moves with reasons, before -> after, lower bound, makespan', async () => {
    const r = await run(['consolidate', '--strategy', 'ffd', '--dry-run'], dir);
    expect(r.stdout).toContain('Consolidation plan (ffd)');
    expect(r.stdout).toMatch(/v4\s+eff\s+h1\s+live\s+[\d.]+ s\s+[\d.]+ ms\s+first open host that fits: h1 at 63% after; frees eff/);
    expect(r.stdout).toMatch(/active hosts\s+4\s+2/);
    expect(r.stdout).toContain('lower bound: 2 host(s) could hold this load; the plan keeps 2 active (the best possible)');
    expect(r.stdout).toMatch(/migration makespan [\d.]+ s on the shared network, at most 2 at a time/);
  });

  it('balance: dry run and JSON', async () => {
    const r = await run(['balance', '--dry-run', '--json', '--aggressiveness', '5', '--threshold', '1%'], dir);
    expect(r.code).toBe(0);
    expect(r.json.plan.after.utilizationStdDev).toBeLessThanOrEqual(r.json.plan.before.utilizationStdDev);
    const bad = await run(['balance', '--aggressiveness', '9'], dir);
    expect(bad.code).toBe(2);
    const badThreshold = await run(['balance', '--threshold', '10'], dir);
    expect(badThreshold.code).toBe(2);
    expect(badThreshold.stderr).toContain('--threshold');
  });

  it('maintenance enter evacuates and marks the host; placement then skips it; exit brings it back', async () => {
    const enter = await run(['host', 'maintenance', 'enter', 'h2', '--json'], dir);
    expect(enter.code).toBe(0);
    // best fit (least normalized room left, CPU and memory) with no ceiling: v3 (3 cores) to h1 (5 + 3 = 8 of 8: no CPU left),
    // then v5 (1 core, 2 GiB) to big (room 9/16 CPU, ~0.89 memory: 1.05) rather than eff (5/8, ~0.90: 1.09); h1 is full
    expect(enter.json.plan.moves.map((m: { vm: string; to: string; mode: string }) => [m.vm, m.to, m.mode])).toEqual([['v3', 'h1', 'live'], ['v5', 'big', 'live']]);
    const create = await run(['vm', 'create', 'x', '--cpus', '1', '--memory', '1GiB', '--host', 'h2', '--json'], dir);
    expect(create.code).toBe(1);
    expect(create.json.rejections).toEqual([{ host: 'h2', filter: 'host-state', reason: 'host is in maintenance' }]);
    const again = await run(['host', 'maintenance', 'enter', 'h2'], dir);
    expect(again.code).toBe(2);
    expect((await run(['host', 'maintenance', 'exit', 'h2', '--json'], dir)).json).toMatchObject({ host: 'h2', from: 'maintenance', to: 'on' });
  });

  it('maintenance with no room is exit 1 with per-VM reasons; nothing changes', async () => {
    const lab = tempDir();
    await run(['dc', 'apply', fixture('migration-lab.yaml')], lab);
    await run(['host', 'power', 'off', 'far'], lab);
    const before = readFileSync(join(lab, 'state.json'), 'utf8');
    await run(['vm', 'create', 'filler', '--cpus', '8', '--memory', '100GiB', '--host', 'dst'], lab);
    const r = await run(['host', 'maintenance', 'enter', 'src', '--json'], lab);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('evacuation-impossible');
    expect(r.json.error.problems.length).toBeGreaterThan(0);
    expect(readFileSync(join(lab, 'state.json'), 'utf8')).not.toBe(before); // the filler was created
    expect((await run(['host', 'show', 'src', '--json'], lab)).json.host.state).toBe('on');
  });

  it('host power off refuses a host with VMs; power reports watts per host, total and energy', async () => {
    const refused = await run(['host', 'power', 'off', 'h1'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('h1 carries 1 VM(s): v2');
    const power = await run(['power', '--json'], dir);
    expect(power.json.totalWatts).toBeCloseTo(732.5, 6);
    expect(power.json.hosts.map((h: { watts: number }) => h.watts)).toEqual([237.5, 162.5, 180, 152.5]);
    await run(['vm', 'suspend', 'v2'], dir); // writes 4 GiB at 1 GiB/s: 4 s of simulated time at the old draw
    const later = await run(['power', '--json'], dir);
    expect(later.json.energyKWh).toBeCloseTo((732.5 * 4) / 3.6e6, 9);
    expect(later.json.hosts[1].watts).toBe(100);
    const past = await run(['power', '--at', '1s', '--json'], dir);
    expect(past.json.hosts[1].watts).toBe(162.5);
    const human = await run(['power'], dir);
    expect(human.stdout).toMatch(/total 670.0 W/);
    const future = await run(['power', '--at', '1h'], dir);
    expect(future.code).toBe(2);
  });
});
