import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../../src/core/errors.js';
import { migrationMakespan, runMigrations } from '../../../src/core/migration/engine.js';
import type { JobSpec } from '../../../src/core/migration/job.js';
import { migrateVms } from '../../../src/core/migration/migrate.js';
import { PRESETS, type PresetName } from '../../../src/core/migration/presets.js';
import type { MigrationMode } from '../../../src/core/migration/types.js';
import { GiB, MiB } from '../../../src/core/units.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateFrom } from '../../helpers/dc.js';

const GBIT = 125_000_000;

const jobArb = fc.record({
  preset: fc.constantFrom<PresetName>('qemu', 'xen', 'simgrid'),
  memoryGiB: fc.constantFrom(0.5, 1, 2, 4, 8),
  k: fc.double({ min: 0, max: 2, noNaN: true }),
  deviceMiB: fc.constantFrom(0, 1, 4),
  autoConverge: fc.boolean(),
  mode: fc.constantFrom<MigrationMode>('live', 'live', 'hybrid', 'postcopy', 'cold'),
  linkGbit: fc.constantFrom(1, 10),
});

function spec(p: fc.Infer<typeof jobArb>, id = 'm1'): JobSpec {
  const preset = PRESETS[p.preset];
  const memory = p.memoryGiB * GiB;
  const link = p.linkGbit * GBIT;
  return {
    id, vm: id, from: 'a', to: 'b', mode: p.mode, preset: p.preset, memoryBytes: memory, dirtyRateBytesPerSec: p.k * link,
    workingSetBytes: preset.workingSetFraction === null ? memory : preset.workingSetFraction * memory, deviceStateBytes: p.deviceMiB * MiB,
    pageSizeBytes: 4096, downtimeLimitSec: preset.downtimeLimitSec, maxRounds: preset.maxRounds, maxDataFactor: preset.maxDataFactor,
    minDirtyPages: preset.minDirtyPages, capBytesPerSec: Infinity, adaptiveRate: null,
    autoConverge: p.autoConverge ? { initialPercent: 20, incrementPercent: 10, maxPercent: 99, triggerFraction: 0.5 } : null,
    timeoutSec: 800 * p.memoryGiB, timeoutAction: 'abort', postcopyAfterRounds: 1, nominalBytesPerSec: link, slaMaxDowntimeSec: null,
  };
}

describe('migration properties', () => {
  it('converged live migrations stay within the downtime limit (plus device state); completed ones send at least memory', () => {
    fc.assert(fc.property(fc.array(jobArb, { minLength: 1, maxLength: 4 }), (params) => {
      const link = Math.min(...params.map((p) => p.linkGbit)) * GBIT;
      const jobs = params.map((p, i) => ({ spec: spec({ ...p, linkGbit: link / GBIT }, `m${i}`), resources: ['link'] }));
      const { timelines, makespanSec } = runMigrations(jobs, new Map([['link', link]]));
      timelines.forEach((t, i) => {
        const s = jobs[i]!.spec;
        if (t.converged && t.mode === 'live' && s.downtimeLimitSec !== null) {
          // All start together, so a migration's share only grows: the stop-and-copy is no slower than the round it followed.
          expect(t.downtimeMs / 1000).toBeLessThanOrEqual(s.downtimeLimitSec + s.deviceStateBytes / (link / params.length) + 1e-9);
        }
        if (t.outcome === 'completed') expect(t.bytesSent).toBeGreaterThanOrEqual(s.memoryBytes - 1);
        expect(t.totalTimeSec).toBeLessThanOrEqual(makespanSec + 1e-9);
        expect(t.downtimeMs / 1000).toBeLessThanOrEqual(t.totalTimeSec + 1e-9);
      });
    }), { numRuns: 200 });
  });

  it('the makespan alone (planners) is the makespan of the full timelines, with shared links and a concurrency limit', () => {
    fc.assert(fc.property(fc.array(fc.record({ job: jobArb, link: fc.constantFrom('a', 'b', 'c') }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), (params, limit) => {
      const capacity = new Map([['a', GBIT], ['b', 2 * GBIT], ['c', 0.5 * GBIT]]);
      const jobs = params.map(({ job, link }, i) => ({ spec: spec({ ...job, linkGbit: capacity.get(link)! / GBIT }, `m${i}`), resources: [link, `nic${i % 2}`] }));
      const withNics = new Map([...capacity, ['nic0', 1.5 * GBIT], ['nic1', 1.5 * GBIT]]);
      expect(migrationMakespan(jobs, withNics, limit)).toBe(runMigrations(jobs, withNics, limit).makespanSec);
    }), { numRuns: 150 });
  });

  it('with D >= B and no auto-converge, the qemu preset never reports converged', () => {
    fc.assert(fc.property(jobArb, fc.double({ min: 1, max: 3, noNaN: true }), (p, k) => {
      const t = runMigrations([{ spec: spec({ ...p, preset: 'qemu', k, autoConverge: false, mode: 'live' }), resources: ['link'] }], new Map([['link', p.linkGbit * GBIT]])).timelines[0]!;
      expect(t.converged).toBe(false);
      expect(t.stopReason).toBe('timeout');
    }), { numRuns: 60 });
  });

  it('a VM exists exactly once after any sequence of migrations, aborts and timeouts', () => {
    const base = stateFrom(readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'migration-lab.yaml'), 'utf8'));
    const step = fc.record({
      vm: fc.constantFrom('idle-1', 'web', 'db', 'hot', 'busy', 'gpu', 'parked'),
      to: fc.constantFrom('src', 'dst', 'far', 'x1'),
      mode: fc.constantFrom<MigrationMode>('live', 'hybrid', 'postcopy', 'cold', 'offline'),
      timeoutSec: fc.constantFrom(undefined, 1, 30),
      action: fc.constantFrom('abort' as const, 'suspend' as const, 'postcopy' as const),
    });
    fc.assert(fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
      let state = base;
      for (const s of steps) {
        let outcome;
        try {
          outcome = migrateVms(state, { vms: [s.vm], to: s.to, mode: s.mode, preset: 'qemu', overrides: { timeoutSec: s.timeoutSec, timeoutAction: s.action }, allowSlaBreach: true });
        } catch {
          continue; // bad input (same host): nothing changes
        }
        if (isRefusal(outcome)) continue;
        const t = outcome.result.migrations[0]!;
        const vm = outcome.state.vms.find((v) => v.name === s.vm)!;
        expect(vm.host).toBe(t.outcome === 'completed' ? s.to : state.vms.find((v) => v.name === s.vm)!.host);
        state = outcome.state;
        expect(state.vms.map((v) => v.name).sort()).toEqual(base.vms.map((v) => v.name).sort());
        expect(state.vms.filter((v) => v.name === s.vm)).toHaveLength(1);
      }
    }), { numRuns: 80 });
  });
});

describe('max-min fair shares', () => {
  it('progressive filling: the tighter link first, the rest to the others', async () => {
    const { maxMinShares } = await import('../../../src/core/migration/network.js');
    const rates = maxMinShares([
      { resources: ['A'], capBytesPerSec: Infinity },
      { resources: ['A', 'B'], capBytesPerSec: Infinity },
      { resources: ['B'], capBytesPerSec: Infinity },
    ], new Map([['A', 10], ['B', 4]]));
    expect([...rates]).toEqual([8, 2, 2]);
  });
  it('a flow\'s own cap frees capacity for the others', async () => {
    const { maxMinShares } = await import('../../../src/core/migration/network.js');
    const rates = maxMinShares([
      { resources: ['L'], capBytesPerSec: 1 },
      { resources: ['L'], capBytesPerSec: Infinity },
    ], new Map([['L', 10]]));
    expect([...rates]).toEqual([1, 9]);
  });
});
