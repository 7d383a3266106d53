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
 * Migrations a host takes part in at once, as source or target. Orchestrators cap this (OpenStack
 * max_concurrent_live_migrations defaults to 1 per compute node; vSphere allows 4 per host on
 * 1 GbE); the rest wait for a slot.
 */
export const MIGRATIONS_PER_HOST = 2;

/**
 * `--model precopy`: the migrations a tick selects run through dcctl's pre-copy engine (QEMU stop
 * rules with auto-converge, so every migration completes), each VM dirtying memory in proportion
 * to its CPU load, at most MIGRATIONS_PER_HOST at a time per host (later ones wait for a slot, in
 * the order the policy chose them), concurrent ones sharing the source and target links max-min
 * fairly. As in CloudSim, migration traffic gets half of each host's link.
 */
export function precopyTimer(perHost = MIGRATIONS_PER_HOST): MigrationTimer {
  const qemu = PRESETS.qemu;
  return {
    durations(moves, sim) {
      if (moves.length === 0) return [];
      const capacity = new Map<string, number>();
      const linkBytesPerSec = (kbps: number) => (kbps * 1000) / 8 / 2;
      const jobs: EngineJob[] = moves.map((m, i) => {
        const memory = sim.ramMB(m.vm) * 1e6;
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
            nominalBytesPerSec: Math.min(linkBytesPerSec(sim.hostBwKbps(m.from)), linkBytesPerSec(sim.hostBwKbps(m.to))),
            slaMaxDowntimeSec: null,
          },
        };
      });
      // Migrations that share no host do not interact: run each connected group on its own.
      const out: { startOffsetSec: number; durationSec: number; downtimeSec: number }[] = new Array(jobs.length);
      for (const group of hostGroups(moves)) {
        const local = group.map((i) => jobs[i]!);
        const { timelines } = runMigrations(slotted(local, group.map((i) => moves[i]!), perHost), capacity);
        timelines.forEach((t, k) => {
          out[group[k]!] = { startOffsetSec: t.startSec, durationSec: t.totalTimeSec, downtimeSec: t.downtimeMs / 1000 };
        });
      }
      return out;
    },
  };
}

/** Each job waits for the job `perHost` places earlier on each of its hosts to finish (a free slot). */
function slotted(jobs: readonly EngineJob[], moves: readonly { from: number; to: number }[], perHost: number): EngineJob[] {
  const onHost = new Map<number, number[]>();
  return jobs.map((job, k) => {
    const after: number[] = [];
    for (const host of [moves[k]!.from, moves[k]!.to]) {
      const earlier = onHost.get(host) ?? [];
      if (earlier.length >= perHost) after.push(earlier[earlier.length - perHost]!);
      earlier.push(k);
      onHost.set(host, earlier);
    }
    return after.length > 0 ? { ...job, after } : job;
  });
}

/** Indices of moves grouped by shared hosts (union-find), each group in move order. */
function hostGroups(moves: readonly { from: number; to: number }[]): number[][] {
  const parent = moves.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<number, number>();
  moves.forEach((m, i) => {
    for (const host of [m.from, m.to]) {
      const j = owner.get(host);
      if (j === undefined) owner.set(host, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  moves.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()];
}
