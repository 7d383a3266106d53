// What-if figures (issue 15) on 10,000 hosts / 100,000 VMs, each as a ratio to `dcctl --version`
// in the same run: plan check of a maintenance plan and of a whole consolidation (~97,000 moves,
// written as JSON), capacity of one shape, the explain table for one VM (every host x every filter,
// counterfactuals on the 200 hosts closest to fitting).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, timeCommand } from './lib.js';
import { spreadState } from './plans.js';

const root = new URL('..', import.meta.url).pathname;
const dcctl = join(root, 'bin', 'run.js');

export function runWhatIfBench() {
  console.log('what-if on 10,000 hosts / 100,000 VMs (median wall time of whole commands, ratio to dcctl --version)');
  const dir = mkdtempSync(join(tmpdir(), 'dcctl-bench-whatif-'));
  writeFileSync(join(dir, 'state.json'), JSON.stringify(spreadState(10_000, 100_000)));
  const env = { DCCTL_STATE_DIR: dir };
  const version = timeCommand([dcctl, '--version'], { runs: 9 });
  const ratio = (ms) => `${fmt(ms)}  ${(ms / version).toFixed(1)}x --version`;
  const write = (args) => {
    const r = spawnSync(process.execPath, [dcctl, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status} ${r.stderr}`);
  };
  write(['host', 'maintenance', 'enter', 'h7', '--out', join(dir, 'drain.yaml')]);
  write(['consolidate', '--strategy', 'ffd', '--power-off', '--out', join(dir, 'ffd.json')]);
  const rows = [
    ['dcctl --version (baseline)', version, ''],
    ['plan check, maintenance of one host (YAML)', timeCommand([dcctl, 'plan', 'check', join(dir, 'drain.yaml'), '--json'], { env, runs: 3 }), ''],
    ['plan check, ffd consolidation (JSON)', timeCommand([dcctl, 'plan', 'check', join(dir, 'ffd.json'), '--json'], { env, runs: 3 }), `${(statSync(join(dir, 'ffd.json')).size / 2 ** 20).toFixed(1)} MiB`],
    ['capacity --cpus 2 --memory 4GiB', timeCommand([dcctl, 'capacity', '--cpus', '2', '--memory', '4GiB', '--json'], { env, runs: 3 }), ''],
    ['place --explain, a VM that fits', timeCommand([dcctl, 'place', '--cpus', '2', '--memory', '4GiB', '--explain', '--json'], { env, runs: 3 }), ''],
    ['place --explain, a VM no host fits', timeCommand([dcctl, 'place', '--cpus', '200', '--memory', '600GiB', '--explain', '--json'], { env, runs: 3, allowFailure: true }), ''],
  ];
  for (const [what, ms, note] of rows) console.log(`  ${what.padEnd(44)} ${what.includes('baseline') ? fmt(ms) : ratio(ms)}${note ? `  (${note})` : ''}`);
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) runWhatIfBench();
