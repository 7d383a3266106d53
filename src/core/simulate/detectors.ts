import type { DetectorName } from './policy.js';
import { FALLBACK_THRESHOLD } from './policy.js';
import { countNonZeroBeginning, interQuartileRange, medianAbsoluteDeviation, simpleRegression } from './stats.js';

/** What an overload detector may look at on one host (consolidation-model.md §7.5). */
export interface HostSignal {
  /** Sum of the current requested MIPS of every VM on the host over its total MIPS (can exceed 1). */
  utilization(): number;
  /** The host's utilization history, most recent first, trailing zeros cut (MathUtil.trimZeroTail). */
  history(): Float64Array;
  /** Longest migration time among the host's VMs, seconds (LR's prediction horizon). */
  maxMigrationSec(): number;
  intervalSec: number;
}

export type Detector = (host: HostSignal) => boolean;

const LR_POINTS = 10;
const MIN_HISTORY_IQR_MAD = 12;
const LR_SCRATCH = new Float64Array(LR_POINTS);
const LR_X = Float64Array.from({ length: LR_POINTS }, (_, i) => i + 1);

/**
 * IQR and MAD are both at most the range of the history (max - min), and at least 0, so the
 * threshold 1 - s x spread lies in [1 - s x range, 1]: a utilization outside that band decides
 * the test without sorting (same answer as the full computation, rounding included).
 */
function decidedBySpread(utilization: number, parameter: number, history: Float64Array): boolean | null {
  if (utilization > 1) return true;
  let min = Infinity, max = -Infinity;
  for (const x of history) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (utilization <= 1 - parameter * (max - min)) return false;
  return null;
}

/** Beloglazov & Buyya's overload detectors as CloudSim 3.0.3 implements them. */
export function makeDetector(name: DetectorName, parameter: number): Detector {
  const fallback = (h: HostSignal) => h.utilization() > FALLBACK_THRESHOLD;
  switch (name) {
    case 'thr':
      return (h) => h.utilization() > parameter;
    case 'iqr':
      return (h) => {
        const history = h.history();
        if (countNonZeroBeginning(history) < MIN_HISTORY_IQR_MAD) return fallback(h);
        const u = h.utilization();
        return decidedBySpread(u, parameter, history) ?? u > 1 - parameter * interQuartileRange(history);
      };
    case 'mad':
      return (h) => {
        const history = h.history();
        if (countNonZeroBeginning(history) < MIN_HISTORY_IQR_MAD) return fallback(h);
        const u = h.utilization();
        return decidedBySpread(u, parameter, history) ?? u > 1 - parameter * medianAbsoluteDeviation(history);
      };
    case 'lr':
    case 'lrr':
      // LRR's robust weights are computed but never applied in 3.0.3 (§7.6): both are plain OLS.
      return (h) => {
        const history = h.history();
        if (history.length < LR_POINTS) return fallback(h);
        const chronological = LR_SCRATCH;
        for (let i = 0; i < LR_POINTS; i++) chronological[i] = history[LR_POINTS - i - 1]!;
        const [intercept, slope] = simpleRegression(LR_X, chronological);
        const horizon = Math.ceil(h.maxMigrationSec() / h.intervalSec);
        let predicted = intercept + slope * (LR_POINTS + horizon);
        predicted *= parameter;
        return predicted >= 1;
      };
  }
}
