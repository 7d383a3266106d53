// Planner figures: consolidate and balance for 10,000 hosts and 100,000 VMs (target < 2 s each),
// and plan quality: hosts used by each consolidation strategy over the lower bound on generated
// datacenters (target within 5 %).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planConsolidation } from '../dist/core/consolidation/consolidate.js';
import { BatchPlacer } from '../dist/core/placement/batch.js';
import { emptyState } from '../dist/core/state.js';
import { fleet, vms } from './placement.js';
import { fmt, median, timeCommand, timeIt } from './lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * A fleet spread by worst-fit (so there is room to consolidate), with power models and workloads,
 * read back from JSON as the CLI reads its state file (objects laid out as a parsed file lays them out).
 */
export function spreadState(hostCount, vmCount, seed = 1, policy = 'worst-fit', asParsed = true) {
  const dc = fleet(hostCount);
  dc.hosts = dc.hosts.map((h, i) => ({ ...h, power: i % 2 ? { kind: 'linear', idleW: 86, maxW: 117, standbyW: 0 } : { kind: 'table', tableW: [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135], standbyW: 0 } }));
  let x = seed;
  const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const placer = new BatchPlacer(dc, [], -1);
  const placed = [];
  for (const spec of vms(vmCount)) {
    const vm = { ...spec, workload: { ...spec.workload, cpu: Math.round(random() * 60) / 100, dirtyRateBytesPerSec: 1e6 } };
    const p = placer.place(vm, policy);
    if (p.host) placed.push({ ...vm, state: 'active', host: p.host, origin: 'cli', createdAtSec: 0 });
  }
  const state = { ...emptyState(), datacenter: dc, vms: placed };
  return asParsed ? JSON.parse(JSON.stringify(state)) : state;
}

const consolidation = (strategy) => ({ strategy, targetUtilization: 0.8, powerOff: true, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });

/** Median of `runs` fresh processes planning on the state in `file` (see plan-once.js). */
function planInProcesses(file, planner, strategy, runs = 3) {
  const results = Array.from({ length: runs }, () => {
    const r = spawnSync(process.execPath, [join(HERE, 'plan-once.js'), file, planner, strategy ?? ''], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`plan-once ${planner} ${strategy} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
  const ms = results.map((r) => r.ms);
  return { ...results[0], median: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

export function runPlanBench() {
  console.log('planners (each run a fresh process that reads and parses the state file, then plans; time of the plan)');
  const dir = mkdtempSync(join(tmpdir(), 'dcctl-bench-'));
  const spread = join(dir, 'spread.json');
  const packed = join(dir, 'packed.json');
  writeFileSync(spread, JSON.stringify(spreadState(10_000, 100_000)));
  copyFileSync(spread, join(dir, 'state.json'));
  writeFileSync(packed, JSON.stringify(spreadState(10_000, 100_000, 1, 'first-fit')));
  const times = {};
  for (const strategy of ['ffd', 'bfd', 'pabfd']) {
    const r = planInProcesses(spread, 'consolidate', strategy);
    times[strategy] = r.median;
    console.log(`  consolidate ${strategy.padEnd(5)} 10,000 hosts, 100,000 VMs: median ${fmt(r.median)} of 3 (${fmt(r.min)}-${fmt(r.max)}; target < 2 s): ${r.moves} moves, active ${r.activeBefore} -> ${r.activeAfter}, lower bound ${r.lowerBound}`);
  }
  // The same ffd plan in this process, on objects built in place by the placer (scattered over a heap
  // that has done other work) rather than parsed from a file: what memory layout alone costs.
  const inPlace = spreadState(10_000, 100_000, 1, 'worst-fit', false);
  const { ms: inPlaceMs } = timeIt(() => planConsolidation(inPlace, consolidation('ffd')));
  console.log(`  the same ffd plan in the bench process on the placer's own objects (not parsed from a file): ${fmt(inPlaceMs)}`);
  // The whole command as a user runs it: start-up, reading and checking the 44 MB state, the plan, 98,000 moves as JSON.
  const commandMs = timeCommand([join(HERE, '..', 'bin', 'run.js'), 'consolidate', '--strategy', 'ffd', '--power-off', '--dry-run', '--json'], { env: { DCCTL_STATE_DIR: dir }, runs: 3 });
  console.log(`  whole command: dcctl consolidate --strategy ffd --dry-run --json on that state: median ${fmt(commandMs)} of 3`);
  const b = planInProcesses(packed, 'balance');
  const balanceMs = b.median;
  console.log(`  balance (cpu, a3, at most 500 moves) 10,000 hosts, 100,000 VMs packed by first-fit: median ${fmt(b.median)} of 3 (${fmt(b.min)}-${fmt(b.max)}; target < 2 s): ${b.moves} moves, std dev ${(b.stdDevBefore * 100).toFixed(2)}% -> ${(b.stdDevAfter * 100).toFixed(2)}%`);
  rmSync(dir, { recursive: true, force: true });

  console.log('  plan quality: active hosts over the lower bound (target within 5 %), 10 generated datacenters of 200 hosts / 1,500 VMs');
  for (const strategy of ['ffd', 'bfd', 'pabfd']) {
    const ratios = [];
    for (let seed = 1; seed <= 10; seed++) {
      const plan = planConsolidation(spreadState(200, 1500, seed), consolidation(strategy));
      ratios.push(plan.after.activeHosts / plan.lowerBoundHosts);
    }
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    console.log(`    ${strategy.padEnd(5)} mean ${((mean - 1) * 100).toFixed(1)} % over the bound, worst ${((Math.max(...ratios) - 1) * 100).toFixed(1)} %`);
  }
  return { ...times, inPlaceMs, commandMs, balanceMs };
}

if (import.meta.url === `file://${process.argv[1]}`) runPlanBench();
