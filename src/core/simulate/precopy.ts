import { runMigrations } from '../migration/engine.js';
import type { EngineJob } from '../migration/engine.js';
import { AUTO_CONVERGE_DEFAULTS, PRESETS } from '../migration/presets.js';
import { MiB } from '../units.js';
import type { MigrationTimer } from './engine.js';

/**
 * Page-dirtying rate of a VM at 100 % CPU. The traces give CPU load only; dcctl assumes dirtying
 * grows linearly with load (a simplification: real dirty rates depend on the workload's writes).
 */
export const DIRTY_BYTES_PER_SEC_AT_FULL_CPU = 32 * MiB;

/**
 * `--model precopy`: the migrations a tick starts run together through dcctl's pre-copy engine
 * (QEMU stop rules with auto-converge, so every migration completes), each VM dirtying memory in
 * proportion to its current CPU load, sharing the source and target NICs max-min fairly. As in
 * CloudSim, migration traffic gets half of each host's link.
 */
export function precopyTimer(): MigrationTimer {
  const qemu = PRESETS.qemu;
  return {
    durations(moves, sim) {
      if (moves.length === 0) return [];
      const capacity = new Map<string, number>();
      const jobs: EngineJob[] = moves.map((m, i) => {
        const memory = sim.ramMB(m.vm) * 1e6;
        const linkBytesPerSec = (kbps: number) => (kbps * 1000) / 8 / 2;
        const nominal = Math.min(linkBytesPerSec(sim.hostBwKbps(m.from)), linkBytesPerSec(sim.hostBwKbps(m.to)));
        capacity.set(`out:${m.from}`, linkBytesPerSec(sim.hostBwKbps(m.from)));
        capacity.set(`in:${m.to}`, linkBytesPerSec(sim.hostBwKbps(m.to)));
        return {
          resources: [`out:${m.from}`, `in:${m.to}`],
          spec: {
            id: String(i), vm: String(m.vm), from: String(m.from), to: String(m.to), mode: 'live', preset: qemu.name,
            memoryBytes: memory,
            dirtyRateBytesPerSec: sim.utilizationFraction(m.vm) * DIRTY_BYTES_PER_SEC_AT_FULL_CPU,
            workingSetBytes: memory,
            deviceStateBytes: qemu.deviceStateBytes,
            pageSizeBytes: 4096,
            downtimeLimitSec: qemu.downtimeLimitSec,
            maxRounds: qemu.maxRounds,
            maxDataFactor: qemu.maxDataFactor,
            minDirtyPages: qemu.minDirtyPages,
            capBytesPerSec: Infinity,
            adaptiveRate: null,
            autoConverge: AUTO_CONVERGE_DEFAULTS,
            timeoutSec: Infinity,
            timeoutAction: 'abort',
            postcopyAfterRounds: 1,
            nominalBytesPerSec: nominal,
            slaMaxDowntimeSec: null,
          },
        };
      });
      // Migrations that share no NIC do not interact: run each connected group on its own.
      const out: { durationSec: number; downtimeSec: number }[] = new Array(jobs.length);
      for (const group of nicGroups(jobs)) {
        const { timelines } = runMigrations(group.map((i) => jobs[i]!), capacity);
        timelines.forEach((t, k) => {
          out[group[k]!] = { durationSec: t.startSec + t.totalTimeSec, downtimeSec: t.downtimeMs / 1000 };
        });
      }
      return out;
    },
  };
}

/** Indices of jobs grouped by shared resources (union-find), each group in job order. */
function nicGroups(jobs: readonly EngineJob[]): number[][] {
  const parent = jobs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  jobs.forEach((job, i) => {
    for (const r of job.resources) {
      const j = owner.get(r);
      if (j === undefined) owner.set(r, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  jobs.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()];
}
