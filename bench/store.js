// Store figures (issue 12): a re-apply of 20,000 VMs with one field changed on every VM against
// the first apply of the same file (goal <= 1.5x), and a write command on a fresh state against
// one whose history holds 200,000 events (goal <= 1.2x).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fmt, median } from './lib.js';

/** One run of dcctl in a state dir, timed (no warm-up: each run must start from its own state). */
function timeOnce(args, stateDir) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [dcctl, ...args], { env: { ...process.env, DCCTL_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return performance.now() - start;
}

const root = new URL('..', import.meta.url).pathname;
const dcctl = join(root, 'bin', 'run.js');

function file(dir, memoryGiB) {
  const vms = Array.from({ length: 20_000 }, (_, i) => `    - { name: v${i}, cpus: 2, memory: ${memoryGiB}GiB }`).join('\n');
  const path = join(dir, `dc-${memoryGiB}.yaml`);
  writeFileSync(path, `apiVersion: dcctl/v1\nkind: Datacenter\nmetadata: { name: re }\nspec:\n  clusters:\n    - name: c\n      hypervisor: { product: kvm }\n      hosts:\n        - { name: h, count: 2000, cpu: { cores: 32 }, memory: 256GiB }\n  vms:\n${vms}\n`);
  return path;
}

export function runStoreBench() {
  console.log('store');
  const dir = mkdtempSync(join(tmpdir(), 'dcctl-bench-store-'));
  const [two, three] = [file(dir, 2), file(dir, 3)];
  const first = [];
  const again = [];
  for (let run = 0; run < 3; run++) {
    const state = mkdtempSync(join(tmpdir(), 'dcctl-bench-state-'));
    first.push(timeOnce(['dc', 'apply', two], state));
    again.push(timeOnce(['dc', 'apply', three], state));
  }
  runHistoryBench();
  console.log(`  dc apply 2,000 hosts / 20,000 VMs: first ${fmt(median(first))}; again with every VM's memory changed ${fmt(median(again))} (${(median(again) / median(first)).toFixed(2)}x; goal <= 1.5x)`);
}

/** A write command on a fresh state and on the same state with 200,000 past events in its history. */
export function runHistoryBench() {
  const fresh = mkdtempSync(join(tmpdir(), 'dcctl-bench-state-'));
  spawnSync(process.execPath, [dcctl, 'dc', 'apply', join(root, 'fixtures', 'lab-dc.yaml')], { env: { ...process.env, DCCTL_STATE_DIR: fresh } });
  const state = JSON.parse(readFileSync(join(fresh, 'state.json'), 'utf8'));
  const old = mkdtempSync(join(tmpdir(), 'dcctl-bench-state-'));
  const events = Array.from({ length: 200_000 }, (_, i) => ({ id: i + 1, atSec: i, type: 'vm-created', message: `vm-${i} created (2 vCPU, 4 GiB) on a1 by best-fit`, vm: 'web-1', host: 'a1' }));
  writeFileSync(join(old, 'state.json'), JSON.stringify({ ...state, events, nextEventId: 200_001 }));
  // Each run creates a VM of its own name in each state (a write), after one warm-up.
  const time = (dir, runs) => median(Array.from({ length: runs }, (_, i) => timeOnce(['vm', 'create', `b${i}-${Math.random().toString(36).slice(2, 7)}`, '--cpus', '1', '--memory', '512MiB', '--tenant', 'globex'], dir)));
  time(old, 1); // the warm-up also moves the inline events into the journal, as the first write after an upgrade does
  const a = time(fresh, 7);
  const b = time(old, 7);
  console.log(`  vm create on a fresh state ${fmt(a)}; with 200,000 past events ${fmt(b)} (${(b / a).toFixed(2)}x; goal <= 1.2x)`);
}
