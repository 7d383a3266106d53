// Move figures (issue 11): how many migrations a consolidation needs against the fewest that reach
// its host count, on fleets of identical VMs spread worst-fit; and balance on a fleet a
// consolidation has just packed (200 hosts, 1,000 mixed VMs).
import { readFileSync } from 'node:fs';
import { planBalance } from '../dist/core/balance/balance.js';
import { planConsolidation } from '../dist/core/consolidation/consolidate.js';
import { loadDatacenter } from '../dist/config/load.js';
import { applyDatacenter } from '../dist/core/apply.js';
import { executePlan } from '../dist/core/plan/execute.js';
import { emptyState } from '../dist/core/state.js';

const stateFrom = (yaml) => {
  const outcome = applyDatacenter(emptyState(), loadDatacenter(Buffer.from(yaml), 'bench.yaml'));
  if (outcome.refused) throw new Error(outcome.message);
  return outcome.state;
};
const header = (defaults, clusters, vms) => `apiVersion: dcctl/v1\nkind: Datacenter\nmetadata: { name: moves }\nspec:\n  defaults: ${defaults}\n  clusters:\n${clusters}\n  vms:\n${vms}\n`;
const consolidation = (strategy) => ({ strategy, targetUtilization: 0.8, powerOff: false, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' });

/** Identical VMs (4 vCPU, 4 GiB, 50 %) spread worst-fit over identical hosts of 16 cores / 64 GiB. */
function identical(hosts, vms) {
  const cluster = `    - name: c\n      hypervisor: { product: kvm }\n      hosts:\n        - { name: h, count: ${hosts}, cpu: { cores: 16, mhz: 2600 }, memory: 64GiB, power: { idle: 100W, max: 200W } }`;
  const list = Array.from({ length: vms }, (_, i) => `    - { name: v${i}, cpus: 4, memory: 4GiB, workload: { cpu: 50% } }`).join('\n');
  return stateFrom(header('{ placement: worst-fit }', cluster, list));
}

/** 4 clusters of 50 hosts (32 cores, 256 GiB), 1,000 VMs of mixed sizes placed worst-fit, then packed by bfd. */
function packed() {
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const pick = (values) => values[Math.floor(next() * values.length)];
  const clusters = Array.from({ length: 4 }, (_, c) => `    - name: c${c}\n      hypervisor: { product: kvm }\n      hosts:\n        - { name: h${c}, count: 50, cpu: { cores: 32 }, memory: 256GiB }`).join('\n');
  const list = Array.from({ length: 1000 }, (_, i) => `    - { name: v${i}, cpus: ${pick([1, 2, 4, 8])}, memory: ${pick([2, 4, 8, 16])}GiB, workload: { cpu: ${pick([20, 40, 60, 80])}% } }`).join('\n');
  const spread = stateFrom(header('{ placement: worst-fit, overcommit: { cpu: 4, memory: 1 } }', clusters, list));
  const executed = executePlan(spread, planConsolidation(spread, consolidation('bfd')), 2, new Map(), 'consolidation');
  return executed.state;
}

export function runMovesBench() {
  console.log('moves of plans');
  for (const [hosts, vms] of [[12, 30], [40, 150], [200, 1000]]) {
    const state = identical(hosts, vms);
    const line = ['ffd', 'bfd', 'pabfd'].map((s) => {
      const plan = planConsolidation(state, consolidation(s));
      return `${s} ${plan.moves.length} (bound ${plan.movesLowerBound}, ${plan.before.activeHosts} -> ${plan.after.activeHosts} hosts)`;
    }).join('; ');
    console.log(`  ${vms} identical VMs spread worst-fit on ${hosts} hosts, consolidate: ${line}`);
  }
  const state = packed();
  const plan = planBalance(state, { metric: 'cpu', threshold: 0.1, aggressiveness: 3, ceiling: 0.8, maxMoves: null, maxConcurrent: 2, migrationMode: 'live' });
  console.log(`  balance (cpu, a3) after bfd packed 200 hosts / 1,000 mixed VMs: std dev ${(plan.before.utilizationStdDev * 100).toFixed(1)}% -> ${(plan.after.utilizationStdDev * 100).toFixed(1)}% in ${plan.moves.length} moves (${plan.before.activeHosts} -> ${plan.after.activeHosts} active hosts)`);
}

if (import.meta.url === `file://${process.argv[1]}`) runMovesBench();
