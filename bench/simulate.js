// Trace-driven simulation figures (issue 6): accuracy on 20110303 against CloudSim 3.0.3's
// reference table, wall time and memory per policy, --compare of all 22, and scale on synthetic
// traces. The day and the reference live in ../shared (not shipped); without them only the
// bundled 50-trace set and the scale runs are measured.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './lib.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'run.js');
const DAY = join(ROOT, '..', 'shared', 'data', 'planetlab', '20110303');
const REFERENCE = join(ROOT, '..', 'shared', 'reference', 'consolidation-model.md');

function dcctl(args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: 'true' } });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`dcctl ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
  return { ms, json: JSON.parse(r.stdout) };
}

/** §5.1 of the reference: policy -> [energy, migrations, SLATAH %, PDM %, SLAV e-5, ESV e-3, overall %, avg %, shutdowns, active hosts]. */
function referenceTable() {
  const md = readFileSync(REFERENCE, 'utf8');
  const section = md.slice(md.indexOf('### 5.1'), md.indexOf('Secondary metrics'));
  const table = new Map();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length > 10 && /^[A-Z]/.test(cells[1]) && cells[1] !== 'Policy') table.set(cells[1].toLowerCase().split('-').slice(0, 2).join('-'), cells.slice(2).map(Number));
  }
  return table;
}

const pct = (ours, ref) => (ref === 0 ? (ours === 0 ? 0 : Infinity) : (ours / ref - 1) * 100);
const signed = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)} %` : 'n/a');

function accuracy() {
  const ref = referenceTable();
  const { ms, json } = dcctl(['simulate', '--trace', DAY, '--compare']);
  console.log(`--compare of all 22 policies on 20110303 (worker threads): ${(ms / 1000).toFixed(2)} s wall, peak ${json.peakMemoryMB.toFixed(0)} MB (target < 15 s)`);
  console.log('\naccuracy against CloudSim 3.0.3 (reference §5.1), --model cloudsim:');
  console.log('policy       energy kWh (ref)        d energy   migrations (ref)    d migr.   d SLATAH   d PDM     verdict');
  let failures = 0;
  const order = [...ref.keys()];
  for (const policy of order) {
    const r = json.results.find((x) => x.policy === policy);
    const R = ref.get(policy);
    const m = r.metrics;
    const dE = pct(m.energyKWh, R[0]), dM = pct(m.vmMigrations, R[1]), dS = pct(m.slatah * 100, R[2]), dP = pct(m.pdm * 100, R[3]);
    let ok;
    if (policy === 'npa' || policy === 'dvfs') ok = Math.abs(m.energyKWh - R[0]) <= 0.01;
    else if (policy.endsWith('-rs')) ok = Math.abs(dE) <= 3;
    else ok = Math.abs(dE) <= 1 && [dM, dS, dP].every((d) => Math.abs(d) <= 3);
    if (!ok) failures++;
    console.log(`${policy.padEnd(12)} ${m.energyKWh.toFixed(2).padStart(8)} (${R[0].toFixed(2).padStart(7)})  ${signed(dE).padStart(9)}  ${String(m.vmMigrations).padStart(6)} (${String(R[1]).padStart(5)})  ${signed(dM).padStart(9)} ${signed(dS).padStart(9)} ${signed(dP).padStart(9)}   ${ok ? 'ok' : 'MISS'}`);
  }
  console.log(`targets: NPA/DVFS energy to 0.01 kWh; deterministic policies within 1 % energy and 3 % migrations, SLATAH, PDM; RS within 3 % energy -> ${failures === 0 ? 'all met' : `${failures} missed`}`);
}

function speed() {
  console.log('\none policy per process on 20110303 (start-up and trace reading included):');
  const rows = [];
  for (const policy of ['npa', 'dvfs', ...['mmt', 'mc', 'mu', 'rs'].flatMap((sel) => ['thr', 'iqr', 'mad', 'lr', 'lrr'].map((d) => `${d}-${sel}`))]) {
    const { ms, json } = dcctl(['simulate', '--trace', DAY, '--policy', policy]);
    rows.push({ policy, ms, peak: json.peakMemoryMB });
  }
  for (let i = 0; i < rows.length; i += 4) {
    console.log(`  ${rows.slice(i, i + 4).map((r) => `${r.policy.padEnd(8)} ${(r.ms / 1000).toFixed(2)} s ${r.peak.toFixed(0).padStart(3)} MB`).join('   ')}`);
  }
  const slowest = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  const heaviest = rows.reduce((a, b) => (b.peak > a.peak ? b : a));
  console.log(`  slowest ${slowest.policy} ${(slowest.ms / 1000).toFixed(2)} s, largest peak RSS ${heaviest.peak.toFixed(0)} MB (targets < 1 s, < 250 MB; CloudSim 3.0.3: 29-57 s, 1.7-3.2 GB)`);
}

export function models() {
  console.log('\n--model cloudsim vs --model precopy on 20110303 (README table):');
  const policies = 'dvfs,thr-mmt,lr-mmt,lr-mc';
  const runs = Object.fromEntries(['cloudsim', 'precopy'].map((model) => [model, dcctl(['simulate', '--trace', DAY, '--compare', '--policies', policies, '--model', model]).json]));
  for (const policy of policies.split(',')) {
    const cells = ['cloudsim', 'precopy'].map((model) => {
      const m = runs[model].results.find((r) => r.policy === policy).metrics;
      return `${m.energyKWh.toFixed(2)} kWh / ${m.vmMigrations} / SLATAH ${(m.slatah * 100).toFixed(2)} % / ${m.meanMigrationTimeSec === null ? '-' : `${m.meanMigrationTimeSec.toFixed(1)} s`}`;
    });
    console.log(`  ${policy.padEnd(8)} cloudsim ${cells[0]}   precopy ${cells[1]}`);
  }
  const first = dcctl(['simulate', '--trace', DAY, '--policy', 'thr-mmt', '--model', 'precopy', '--series', '--duration', '1h']).json;
  console.log(`  precopy THR-MMT migrations started per interval, first hour: ${first.series.map((p) => p.migrations).join(' ')}`);
}

export function scale() {
  console.log('\nscale: synthetic PlanetLab-like traces, THR-MMT, one day (287 intervals):');
  const rows = [];
  // The issue's sizes (half the VMs find no host at creation), then fleets where every VM fits.
  for (const [vms, hosts] of [[10_000, 2_000], [100_000, 20_000], [10_000, 5_000], [100_000, 50_000]]) {
    const { ms, json } = dcctl(['simulate', '--synthetic', '--vms', String(vms), '--hosts', String(hosts), '--policy', 'thr-mmt']);
    rows.push(json.timePerVmTickUs);
    console.log(`  ${vms} VMs on ${hosts} hosts (${json.clusters} clusters): ${(ms / 1000).toFixed(1)} s wall, ${json.timePerVmTickUs.toFixed(2)} us per VM-interval, ${json.metrics.vmMigrations} migrations, peak ${json.peakMemoryMB.toFixed(0)} MB; ${json.unplacedVms} VMs found no host at t = 0 (full MIPS and RAM while created, as in CloudSim)`);
  }
  console.log(`  time per VM-interval at 100k over 10k: ${(rows[1] / rows[0]).toFixed(2)}x and ${(rows[3] / rows[2]).toFixed(2)}x (1.00x = linear in VMs x intervals)`);
}

export function runSimulateBench({ withScale = true } = {}) {
  console.log('trace-driven simulation');
  if (existsSync(DAY) && existsSync(REFERENCE)) {
    accuracy();
    speed();
    models();
  } else {
    const { ms } = dcctl(['simulate', '--trace', join(ROOT, 'fixtures', 'planetlab-mini'), '--policy', 'thr-mmt']);
    console.log(`  ../shared not found; bundled 50 traces, THR-MMT: ${(ms / 1000).toFixed(3)} s`);
  }
  if (withScale) scale();
}

if (import.meta.url === `file://${process.argv[1]}`) runSimulateBench({ withScale: !process.argv.includes('--no-scale') });
