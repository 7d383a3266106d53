// Planner figures: consolidate and balance for 10,000 hosts and 100,000 VMs (target < 2 s each),
// and plan quality: hosts used by each consolidation strategy over the lower bound on generated
// datacenters (target within 5 %).
import { planBalance } from '../dist/core/balance/balance.js';
import { planConsolidation } from '../dist/core/consolidation/consolidate.js';
import { BatchPlacer } from '../dist/core/placement/batch.js';
import { emptyState } from '../dist/core/state.js';
import { fleet, vms } from './placement.js';
import { fmt, median, timeIt } from './lib.js';

/**
 * A fleet spread by worst-fit (so there is room to consolidate), with power models and workloads,
 * read back from JSON as the CLI reads its state file (objects laid out as a parsed file lays them out).
 */
export function spreadState(hostCount, vmCount, seed = 1, policy = 'worst-fit') {
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
  return JSON.parse(JSON.stringify({ ...emptyState(), datacenter: dc, vms: placed }));
}

const consolidation = (strategy) => ({ strategy, targetUtilization: 0.8, powerOff: true, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });

export function runPlanBench() {
  console.log('planners');
  const big = spreadState(10_000, 100_000);
  const times = {};
  for (const strategy of ['ffd', 'bfd', 'pabfd']) {
    const runs = Array.from({ length: 3 }, () => timeIt(() => planConsolidation(big, consolidation(strategy))));
    const ms = runs.map((r) => r.ms);
    const value = runs[0].value;
    times[strategy] = median(ms);
    console.log(`  consolidate ${strategy.padEnd(5)} 10,000 hosts, 100,000 VMs: median ${fmt(median(ms))} of 3 (${fmt(Math.min(...ms))}-${fmt(Math.max(...ms))}; target < 2 s): ${value.moves.length} moves, active ${value.before.activeHosts} -> ${value.after.activeHosts}, lower bound ${value.lowerBoundHosts}`);
  }
  const packed = spreadState(10_000, 100_000, 1, 'first-fit');
  const balanceRuns = Array.from({ length: 3 }, () => timeIt(() => planBalance(packed, { metric: 'cpu', threshold: 0.05, aggressiveness: 3, ceiling: 0.8, maxMoves: 500, maxConcurrent: 2, migrationMode: 'live' })));
  const balanceTimes = balanceRuns.map((r) => r.ms);
  const balanceMs = median(balanceTimes);
  const balance = balanceRuns[0].value;
  console.log(`  balance (cpu, a3, at most 500 moves) 10,000 hosts, 100,000 VMs packed by first-fit: median ${fmt(balanceMs)} of 3 (${fmt(Math.min(...balanceTimes))}-${fmt(Math.max(...balanceTimes))}; target < 2 s): ${balance.moves.length} moves, std dev ${(balance.before.utilizationStdDev * 100).toFixed(2)}% -> ${(balance.after.utilizationStdDev * 100).toFixed(2)}%`);

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
  return { ...times, balanceMs };
}

if (import.meta.url === `file://${process.argv[1]}`) runPlanBench();
