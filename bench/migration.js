// Migration engine figures: 1,000 concurrent pre-copy migrations sharing 10 links (target < 1 s),
// and one `vm migrate --json` process against `dcctl --version`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../dist/core/migration/engine.js';
import { PRESETS } from '../dist/core/migration/presets.js';
import { fmt, timeCommand, timeIt } from './lib.js';

const GiB = 2 ** 30;
const GBIT = 125_000_000;

export function concurrentJobs(count, links) {
  const capacity = new Map();
  for (let l = 0; l < links; l++) capacity.set(`link:${l}`, 10 * GBIT);
  const jobs = Array.from({ length: count }, (_, i) => {
    const memory = [1, 2, 4, 8][i % 4] * GiB;
    const src = `nic-out:h${i % 100}`;
    const dst = `nic-in:h${100 + (i % 100)}`;
    capacity.set(src, 10 * GBIT);
    capacity.set(dst, 10 * GBIT);
    const p = PRESETS.qemu;
    return {
      resources: [src, dst, `link:${i % links}`],
      spec: {
        id: `m${i}`, vm: `vm${i}`, from: 'a', to: 'b', mode: 'live', preset: 'qemu', memoryBytes: memory,
        dirtyRateBytesPerSec: [0, 2e6, 5e6, 10e6][(i * 7) % 4], workingSetBytes: memory, deviceStateBytes: p.deviceStateBytes,
        pageSizeBytes: 4096, downtimeLimitSec: p.downtimeLimitSec, maxRounds: null, maxDataFactor: null, minDirtyPages: null,
        capBytesPerSec: Infinity, adaptiveRate: null, autoConverge: null, timeoutSec: 800 * memory / GiB, timeoutAction: 'abort',
        postcopyAfterRounds: 1, nominalBytesPerSec: 10 * GBIT, slaMaxDowntimeSec: null,
      },
    };
  });
  return { jobs, capacity };
}

export function runMigrationBench() {
  const { jobs, capacity } = concurrentJobs(1000, 10);
  runMigrations(jobs.slice(0, 50), capacity); // warm-up
  const { ms, value } = timeIt(() => runMigrations(jobs, capacity));
  const rounds = value.timelines.reduce((n, t) => n + t.rounds, 0);
  const converged = value.timelines.filter((t) => t.converged).length;
  console.log('migration engine');
  console.log(`  1,000 concurrent migrations on 10 shared links: ${fmt(ms)} (target < 1 s); ${rounds} rounds, ${converged} converged, makespan ${value.makespanSec.toFixed(1)} s simulated`);

  const root = new URL('..', import.meta.url).pathname;
  const dcctl = join(root, 'bin', 'run.js');
  const stateDir = mkdtempSync(join(tmpdir(), 'dcctl-bench-'));
  timeCommand([dcctl, 'dc', 'apply', join(root, 'fixtures', 'migration-lab.yaml')], { env: { DCCTL_STATE_DIR: stateDir }, runs: 1 });
  const version = timeCommand([dcctl, '--version']);
  const migrate = timeCommand([dcctl, 'vm', 'migrate', 'db', '--to', 'dst', '--dry-run', '--json'], { env: { DCCTL_STATE_DIR: stateDir } });
  console.log(`  dcctl vm migrate --json (one process): ${fmt(migrate)} vs dcctl --version ${fmt(version)} (${(migrate / version).toFixed(2)}x)`);
  return { concurrentMs: ms, migrateMs: migrate, versionMs: version };
}

if (import.meta.url === `file://${process.argv[1]}`) runMigrationBench();
