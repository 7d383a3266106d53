// Store figures (issue 12): a re-apply of 20,000 VMs with one field changed on every VM against
// the first apply of the same file (goal <= 1.5x), and a write command on a fresh state against
// one whose history holds 200,000 events (goal <= 1.2x).
import { mkdtempSync, writeFileSync } from 'node:fs';
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
  console.log(`  dc apply 2,000 hosts / 20,000 VMs: first ${fmt(median(first))}; again with every VM's memory changed ${fmt(median(again))} (${(median(again) / median(first)).toFixed(2)}x; goal <= 1.5x)`);
}
