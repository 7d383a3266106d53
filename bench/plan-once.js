// One planner run in a fresh process, as one dcctl command runs it: read the state file, parse
// it, plan. Prints {ms, moves, activeBefore, activeAfter, lowerBound, stdDevBefore, stdDevAfter}.
// Usage: node bench/plan-once.js STATE.json consolidate ffd|bfd|pabfd | balance
import { readFileSync } from 'node:fs';
import { planBalance } from '../dist/core/balance/balance.js';
import { planConsolidation } from '../dist/core/consolidation/consolidate.js';
import { timeIt } from './lib.js';

const [file, planner, strategy] = process.argv.slice(2);
const state = JSON.parse(readFileSync(file, 'utf8'));
const { ms, value } = timeIt(() => (planner === 'balance'
  ? planBalance(state, { metric: 'cpu', threshold: 0.05, aggressiveness: 3, ceiling: 0.8, maxMoves: 500, maxConcurrent: 2, migrationMode: 'live' })
  : planConsolidation(state, { strategy, targetUtilization: 0.8, powerOff: true, maxConcurrent: 2, maxMoves: null, migrationMode: 'live' })));
console.log(JSON.stringify({
  ms, moves: value.moves.length, activeBefore: value.before.activeHosts, activeAfter: value.after.activeHosts, lowerBound: value.lowerBoundHosts,
  stdDevBefore: value.before.utilizationStdDev, stdDevAfter: value.after.utilizationStdDev,
}));
