import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countNonZeroBeginning, interQuartileRange, JavaRandom, leaveOneOutRSquared, median, medianAbsoluteDeviation, olsRSquared, simpleRegression } from '../../../src/core/simulate/stats.js';

describe('CloudSim statistics', () => {
  it('median: middle value, mean of the two middle values for even n', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('MAD: median of |x - median|', () => {
    // median 3; deviations 2 1 0 1 6 -> sorted 0 1 1 2 6 -> 1
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 9])).toBe(1);
    // median 2.5; deviations 1.5 0.5 0.5 1.5 -> 1
    expect(medianAbsoluteDeviation([1, 2, 3, 4])).toBe(1);
  });

  it('MAD by merging deviation runs equals sorting the deviations', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
      const m = median(xs);
      expect(medianAbsoluteDeviation(xs)).toBe(median(xs.map((x) => Math.abs(m - x))));
    }));
  });

  it('IQR takes quartiles at indices round(0.25 (n+1)) - 1 and round(0.75 (n+1)) - 1', () => {
    const twelve = [0.12, 0.01, 0.11, 0.02, 0.1, 0.03, 0.09, 0.04, 0.08, 0.05, 0.07, 0.06];
    // n = 12: q1 index round(3.25) - 1 = 2 -> 0.03; q3 index round(9.75) - 1 = 9 -> 0.10
    expect(interQuartileRange(twelve)).toBeCloseTo(0.1 - 0.03, 15);
    // n = 3: round(1) - 1 = 0 and round(3) - 1 = 2
    expect(interQuartileRange([5, 1, 3])).toBe(4);
  });

  it('countNonZeroBeginning: last non-zero index + 1, and 1 for all zeros (CloudSim keeps one value)', () => {
    expect(countNonZeroBeginning([0.3, 0.2, 0, 0])).toBe(2);
    expect(countNonZeroBeginning([0, 0, 0])).toBe(1);
    expect(countNonZeroBeginning([])).toBe(1);
    expect(countNonZeroBeginning([0, 0.5])).toBe(2);
  });

  it('simple regression recovers a line and fits least squares', () => {
    const [a, b] = simpleRegression([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(a).toBeCloseTo(1, 12);
    expect(b).toBeCloseTo(2, 12);
    // x 1..3, y 1 2 2: slope = Sxy/Sxx = 1/2, intercept = mean(y) - b mean(x) = 5/3 - 1 = 2/3
    const [a2, b2] = simpleRegression([1, 2, 3], [1, 2, 2]);
    expect(b2).toBeCloseTo(0.5, 12);
    expect(a2).toBeCloseTo(2 / 3, 12);
  });

  it('OLS R²: 1 for an exact linear relation; the textbook value otherwise; null when commons-math throws', () => {
    expect(olsRSquared([[1, 2, 3, 4, 5]], [3, 5, 7, 9, 11])).toBeCloseTo(1, 12);
    // y = 1 2 2 on x = 1 2 3: fitted 7/6 10/6 13/6, RSS = 1/36 + 4/36 + 1/36 = 1/6, SST = 2/3 -> R² = 0.75
    expect(olsRSquared([[1, 2, 3]], [1, 2, 2])).toBeCloseTo(0.75, 12);
    expect(olsRSquared([[1, 2]], [1, 2])).not.toBeNull(); // 2 rows, 2 parameters: allowed
    expect(olsRSquared([[1, 2], [3, 5]], [1, 2])).toBeNull(); // more parameters than rows
    expect(olsRSquared([], [1, 2, 3])).toBeNull(); // no predictors
    expect(olsRSquared([[0, 0, 0, 0]], [1, 2, 3, 4])).toBeNull(); // zero column: singular
  });

  it('leave-one-out R² from one QR equals separate fits', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 1000 }), (n, seed) => {
      const random = new JavaRandom(seed);
      const columns = Array.from({ length: n }, () => Array.from({ length: 20 }, () => random.nextDouble()));
      const fast = leaveOneOutRSquared(columns)!;
      columns.forEach((y, i) => {
        expect(fast[i]).toBeCloseTo(olsRSquared(columns.filter((_, j) => j !== i), y)!, 9);
      });
    }));
  });

  it('java.util.Random: same stream as the JDK for a seed', () => {
    expect(new JavaRandom(42).nextInt32()).toBe(-1170105035);
    const r = new JavaRandom(7);
    const draws = Array.from({ length: 1000 }, () => r.nextInt(5));
    expect(Math.min(...draws)).toBe(0);
    expect(Math.max(...draws)).toBe(4);
    expect(new JavaRandom(7).nextInt(5)).toBe(draws[0]);
  });
});
