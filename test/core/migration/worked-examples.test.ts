import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../../src/core/migration/engine.js';
import type { JobSpec } from '../../../src/core/migration/job.js';
import { PRESETS } from '../../../src/core/migration/presets.js';
import type { PresetName } from '../../../src/core/migration/presets.js';
import type { MigrationMode, Timeline } from '../../../src/core/migration/types.js';
import { GiB, MiB } from '../../../src/core/units.js';

/** migration-model.md §B: 1 Gbit/s = 125,000,000 B/s, GiB = 2^30, D = k x link, device state 0 unless stated. */
const GBIT = 125_000_000;

function job(preset: PresetName, memoryGiB: number, linkBytesPerSec: number, k: number, extra: Partial<JobSpec> = {}): JobSpec {
  const p = PRESETS[preset];
  const memory = memoryGiB * GiB;
  return {
    id: 'm1', vm: 'v', from: 'a', to: 'b', mode: 'live', preset, memoryBytes: memory, dirtyRateBytesPerSec: k * linkBytesPerSec,
    workingSetBytes: p.workingSetFraction === null ? memory : p.workingSetFraction * memory, deviceStateBytes: 0, pageSizeBytes: 4096,
    downtimeLimitSec: p.downtimeLimitSec, maxRounds: p.maxRounds, maxDataFactor: p.maxDataFactor, minDirtyPages: p.minDirtyPages,
    capBytesPerSec: Infinity, adaptiveRate: null, autoConverge: null, timeoutSec: Infinity, timeoutAction: 'abort', postcopyAfterRounds: 1,
    nominalBytesPerSec: linkBytesPerSec, slaMaxDowntimeSec: null, ...extra,
  };
}

function run(specs: JobSpec[], linkBytesPerSec: number): Timeline[] {
  return runMigrations(specs.map((spec) => ({ spec, resources: ['link'] })), new Map([['link', linkBytesPerSec]])).timelines;
}
const one = (spec: JobSpec, link: number) => run([spec], link)[0]!;

/** Within 0.5 % (the tolerance), or 0.05 ms for downtimes near zero. */
function near(actual: number, expected: number, absolute = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(Math.abs(expected) * 0.005, absolute));
}

describe('worked examples: SimGrid-like preset (T = 30 ms, W = 0.9 M)', () => {
  it.each([
    ['A1', 1, GBIT, 0, 1, 8.59, 0.0, 1.0],
    ['A3', 1, GBIT, 0.6, 12, 21.45, 18.7, 2.497],
    ['A5', 4, GBIT, 0, 1, 34.36, 0.0, 4.0],
    ['A18', 4, 10 * GBIT, 0.3, 4, 4.9, 27.8, 5.7],
  ])('%s: %d GiB, k=%d -> %d rounds, %d s, %d ms, %d GiB', (_c, mem, link, k, rounds, total, downtime, data) => {
    const t = one(job('simgrid', mem, link, k), link);
    expect(t.rounds).toBe(rounds);
    near(t.totalTimeSec, total);
    near(t.downtimeMs, downtime, 0.05);
    near(t.bytesSent / GiB, data);
    expect(t).toMatchObject({ converged: true, stopReason: 'converged', outcome: 'completed' });
  });
});

describe('worked examples: QEMU-like preset (T = 300 ms, no working-set cap)', () => {
  it.each([
    ['B1', 1, 0.3, 3, 12.17, 231.9, 1.417],
    ['B6', 4, 0.6, 10, 85.59, 207.8, 9.964],
  ])('%s: %d GiB, k=%d -> %d rounds, %d s, %d ms, %d GiB', (_c, mem, k, rounds, total, downtime, data) => {
    const t = one(job('qemu', mem, GBIT, k), GBIT);
    expect(t.rounds).toBe(rounds);
    near(t.totalTimeSec, total);
    near(t.downtimeMs, downtime);
    near(t.bytesSent / GiB, data);
  });

  it('B4: D >= B never converges; the timeout ends it and the VM stays on the source', () => {
    const t = one(job('qemu', 1, GBIT, 1.0, { timeoutSec: 800 }), GBIT);
    expect(t).toMatchObject({ converged: false, stopReason: 'timeout', outcome: 'aborted', downtimeMs: 0 });
    near(t.totalTimeSec, 800);
  });
});

describe('worked examples: Xen classic stop rules', () => {
  it('1 GiB, k = 0.3: 9 live rounds, min-dirty, downtime under 1 ms, 1.429 x M', () => {
    const t = one(job('xen', 1, GBIT, 0.3), GBIT);
    expect(t).toMatchObject({ rounds: 9, stopReason: 'min-dirty' });
    expect(t.downtimeMs).toBeLessThan(1);
    near(t.dataFactor, 1.429);
  });
  it('k = 0.9: the data cap stops it after 4 rounds; the remaining ~0.66 x M is the downtime', () => {
    const t = one(job('xen', 1, GBIT, 0.9), GBIT);
    expect(t).toMatchObject({ rounds: 4, stopReason: 'max-data', converged: false });
    near(t.downtimeMs / 1000, (0.9 ** 4 * GiB) / GBIT);
    expect(t.downtimeMs).toBeGreaterThan(5000);
  });
});

describe('worked examples: sharing a link (max-min fair)', () => {
  it('one idle 4 GiB VM over 1 Gbit/s takes 34.36 s; two started together take 68.72 s each', () => {
    near(one(job('qemu', 4, GBIT, 0), GBIT).totalTimeSec, 34.36);
    const both = run([job('qemu', 4, GBIT, 0), { ...job('qemu', 4, GBIT, 0), id: 'm2', vm: 'w' }], GBIT);
    for (const t of both) near(t.totalTimeSec, 68.72);
  });
  it('when one finishes the other speeds up', () => {
    const [small, big] = run([{ ...job('qemu', 1, GBIT, 0), vm: 's' }, { ...job('qemu', 4, GBIT, 0), id: 'm2', vm: 'b' }], GBIT);
    near(small!.totalTimeSec, (2 * GiB) / GBIT); // 1 GiB at half the link
    near(big!.totalTimeSec, (5 * GiB) / GBIT); // then the rest at the full link
  });
});

describe('worked examples: post-copy, hybrid and cold (4 GiB, 1 Gbit/s, device state 1 MiB)', () => {
  const base = (mode: MigrationMode, k = 0) => job('qemu', 4, GBIT, k, { mode, deviceStateBytes: MiB });
  it('cold: downtime = total = 34.368 s, data 4.001 GiB', () => {
    const t = one(base('cold'), GBIT);
    near(t.totalTimeSec, 34.368);
    near(t.downtimeMs, 34_368);
    near(t.bytesSent / GiB, 4.001);
    expect(t.rounds).toBe(0);
  });
  it('pure post-copy: downtime 8.4 ms, total 34.368 s, degraded 34.36 s', () => {
    const t = one(base('postcopy'), GBIT);
    near(t.downtimeMs, 8.4);
    near(t.totalTimeSec, 34.368);
    near(t.degradedSec, 34.36);
    expect(t.stopReason).toBe('postcopy-switch');
  });
  it('hybrid, one pre-copy pass at k = 0.3: downtime 8.4 ms, total 44.676 s, data 5.201 GiB, degraded 10.31 s', () => {
    const t = one(base('hybrid', 0.3), GBIT);
    near(t.downtimeMs, 8.4);
    near(t.totalTimeSec, 44.676);
    near(t.bytesSent / GiB, 5.201);
    near(t.degradedSec, 10.31);
    expect(t.rounds).toBe(1);
  });
});

describe('auto-converge (QEMU rules at round boundaries)', () => {
  it('4 GiB, 1 Gbit/s, D = 150 MB/s: throttle 0, 0, 20, 20, 30, 30 ... converges in 14 rounds at 60 %', () => {
    const plain = one(job('qemu', 4, GBIT, 1.2, { timeoutSec: 3200 }), GBIT);
    expect(plain.converged).toBe(false);
    const t = one(job('qemu', 4, GBIT, 1.2, { autoConverge: { initialPercent: 20, incrementPercent: 10, maxPercent: 99, triggerFraction: 0.5 }, timeoutSec: 3200 }), GBIT);
    expect(t.converged).toBe(true);
    expect(t.rounds).toBe(14);
    expect(t.iterations.map((i) => i.throttlePercent)).toEqual([0, 0, 20, 20, 30, 30, 40, 40, 50, 50, 60, 60, 60, 60]);
    expect(t.downtimeMs).toBeLessThanOrEqual(300);
  });
});

describe('Xen adaptive rate and timeout actions', () => {
  it('--adaptive-rate: round 0 at 100 Mbit/s, then dirty rate + 50 Mbit/s (at most 500 Mbit/s)', () => {
    const adaptive = { startBytesPerSec: 12.5e6, incrementBytesPerSec: 6.25e6, maxBytesPerSec: 62.5e6 };
    const t = one(job('xen', 1, GBIT, 0.16, { adaptiveRate: adaptive }), GBIT); // dirties 20 MB/s
    near(t.iterations[0]!.bandwidthBytesPerSec, 12.5e6);
    near(t.iterations[1]!.bandwidthBytesPerSec, 20e6 + 6.25e6);
  });
  it('timeout with action postcopy: the VM resumes on the target and pulls the rest', () => {
    const t = one(job('qemu', 1, GBIT, 1.0, { timeoutSec: 20, timeoutAction: 'postcopy', deviceStateBytes: MiB }), GBIT);
    expect(t).toMatchObject({ stopReason: 'timeout', outcome: 'completed', converged: false });
    near(t.downtimeMs, 8.39);
    expect(t.degradedSec).toBeGreaterThan(0);
    expect(t.stages.map((s) => s.name)).toContain('post-copy');
  });
  it('timeout with action suspend: the rest is sent paused', () => {
    const t = one(job('qemu', 1, GBIT, 1.0, { timeoutSec: 20, timeoutAction: 'suspend' }), GBIT);
    expect(t).toMatchObject({ stopReason: 'timeout', outcome: 'completed', degradedSec: 0 });
    near(t.downtimeMs / 1000, GiB / GBIT); // everything is dirty again: a full stop-and-copy
  });
});
