import type { SelectorName } from './policy.js';
import type { JavaRandom } from './stats.js';
import { leaveOneOutRSquared, olsRSquared } from './stats.js';

/** R² values this close to the best are recomputed exactly. */
const NEAR_TIE = 1e-4;

/** What a VM selection policy may look at (consolidation-model.md §7.7). */
export interface SelectionContext {
  ramMB(vm: number): number;
  /** Current CPU utilization as a fraction of the VM's MIPS, computed as CloudSim does (u x MIPS / MIPS). */
  utilizationFraction(vm: number): number;
  /** The VM's utilization history, most recent first. */
  history(vm: number): Float64Array;
  random: JavaRandom;
}

/** Picks one VM among the candidates (not migrating, host list order); -1 when there are none. */
export type Selector = (candidates: readonly number[], ctx: SelectionContext) => number;

function argMin(candidates: readonly number[], metric: (vm: number) => number): number {
  let chosen = -1;
  let min = Number.MAX_VALUE;
  for (const vm of candidates) {
    const m = metric(vm);
    if (m < min) {
      min = m;
      chosen = vm;
    }
  }
  return chosen;
}

const minimumMigrationTime: Selector = (c, ctx) => argMin(c, (vm) => ctx.ramMB(vm));

/**
 * MC: the VM whose history is best explained (largest R²) by the others' (multiple OLS with
 * intercept over the common history length). Falls back to MMT where the fit is impossible.
 */
const maximumCorrelation: Selector = (c, ctx) => {
  if (c.length === 0) return -1;
  const histories = c.map((vm) => ctx.history(vm));
  const rows = Math.min(...histories.map((h) => h.length));
  const data = histories.map((h) => h.subarray(0, rows));
  const fast = leaveOneOutRSquared(data);
  if (fast === null) return minimumMigrationTime(c, ctx);
  // The one-QR values agree with separate fits to rounding; near the top (where rounding could
  // reorder them) redo the separate fits so that the choice is CloudSim's.
  let top = -Infinity;
  let topIndex = 0;
  for (let i = 0; i < fast.length; i++) {
    if (fast[i]! > top) {
      top = fast[i]!;
      topIndex = i;
    }
  }
  let near = 0;
  for (const r of fast) if (r >= top - NEAR_TIE) near++;
  if (near === 1 && top > Number.MIN_VALUE) return c[topIndex]!;
  let best = 0;
  let max = Number.MIN_VALUE;
  for (let i = 0; i < c.length; i++) {
    let r2 = fast[i]!;
    if (r2 >= top - NEAR_TIE) {
      const exact = olsRSquared(data.filter((_, j) => j !== i), data[i]!);
      if (exact === null) return minimumMigrationTime(c, ctx);
      r2 = exact;
    }
    if (r2 > max) {
      max = r2;
      best = i;
    }
  }
  return c[best]!;
};

export function makeSelector(name: SelectorName): Selector {
  switch (name) {
    case 'mmt':
      return minimumMigrationTime;
    case 'mu':
      return (c, ctx) => argMin(c, (vm) => ctx.utilizationFraction(vm));
    case 'mc':
      return maximumCorrelation;
    case 'rs':
      return (c, ctx) => (c.length === 0 ? -1 : c[ctx.random.nextInt(c.length)]!);
  }
}
