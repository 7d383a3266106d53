import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostSignal } from '../../../src/core/simulate/detectors.js';
import { makeDetector } from '../../../src/core/simulate/detectors.js';
import { ALL_POLICIES, parsePolicy, policyLabel } from '../../../src/core/simulate/policy.js';
import type { SelectionContext } from '../../../src/core/simulate/selectors.js';
import { makeSelector } from '../../../src/core/simulate/selectors.js';
import { G4_TABLE_W, G5_TABLE_W, linearPowerCurve, specPowerCurve, vmTypesInQuarters } from '../../../src/core/simulate/scenario.js';
import { interQuartileRange, JavaRandom, medianAbsoluteDeviation, olsRSquared } from '../../../src/core/simulate/stats.js';

const host = (utilization: number, history: number[] = [], maxMigrationSec = 13.92): HostSignal => ({
  utilization: () => utilization,
  history: () => Float64Array.from(history),
  maxMigrationSec: () => maxMigrationSec,
  intervalSec: 300,
});

describe('overload detectors (CloudSim 3.0.3)', () => {
  it('THR: strictly above the threshold', () => {
    const thr = makeDetector('thr', 0.8);
    expect(thr(host(0.81))).toBe(true);
    expect(thr(host(0.8))).toBe(false);
  });

  it('IQR: 1 - s x IQR once 12 values exist, THR 0.7 before', () => {
    const iqr = makeDetector('iqr', 1.5);
    const history = [0.6, 0.5, 0.7, 0.4, 0.65, 0.55, 0.45, 0.6, 0.5, 0.7, 0.4, 0.6];
    // sorted: .4 .4 .45 .5 .5 .55 .6 .6 .6 .65 .7 .7; q1 = [2] = .45, q3 = [9] = .65 -> T = 1 - 1.5 x 0.2 = 0.7
    expect(iqr(host(0.71, history))).toBe(true);
    expect(iqr(host(0.69, history))).toBe(false);
    // 11 values: fallback THR 0.7
    expect(iqr(host(0.71, history.slice(0, 11)))).toBe(true);
    expect(iqr(host(0.69, history.slice(0, 11)))).toBe(false);
  });

  it('MAD: 1 - s x MAD once 12 values exist', () => {
    const mad = makeDetector('mad', 2.5);
    const history = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4];
    // median 0.5; deviations: six 0 and six 0.1 -> median 0.05 -> T = 1 - 2.5 x 0.05 = 0.875
    expect(mad(host(0.88, history))).toBe(true);
    expect(mad(host(0.87, history))).toBe(false);
  });

  it('IQR and MAD decide as their formulas do for any history and utilization (the range shortcut changes nothing)', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: 0.001, max: 1.2, noNaN: true }), { minLength: 12, maxLength: 30 }),
      fc.double({ min: 0, max: 1.5, noNaN: true }),
      (history, u) => {
        expect(makeDetector('iqr', 1.5)(host(u, history))).toBe(u > 1 - 1.5 * interQuartileRange(history));
        expect(makeDetector('mad', 2.5)(host(u, history))).toBe(u > 1 - 2.5 * medianAbsoluteDeviation(history));
      },
    ));
  });

  it('LR: 1.2 x the OLS line over the last 10 values, one interval ahead, at or above 1', () => {
    const lr = makeDetector('lr', 1.2);
    // chronological 0.35, 0.40, ..., 0.80 (x = 1..10): a = 0.30, b = 0.05; at x = 11: 0.85; x 1.2 = 1.02
    const chronological = Array.from({ length: 10 }, (_, i) => 0.35 + 0.05 * i);
    const newestFirst = [...chronological].reverse();
    expect(lr(host(0.1, newestFirst))).toBe(true);
    // flat at 0.8: 0.8 x 1.2 = 0.96 < 1
    expect(lr(host(0.99, Array(10).fill(0.8)))).toBe(false);
    // fewer than 10 values: THR 0.7 on current utilization
    expect(lr(host(0.71, newestFirst.slice(0, 9)))).toBe(true);
    expect(makeDetector('lrr', 1.2)(host(0.1, newestFirst))).toBe(true);
  });
});

const context = (ram: number[], utilization: number[], histories: number[][] = [], seed = 1): SelectionContext => ({
  ramMB: (v) => ram[v]!,
  utilizationFraction: (v) => utilization[v]!,
  history: (v) => Float64Array.from(histories[v] ?? []),
  random: new JavaRandom(seed),
});

describe('VM selection policies', () => {
  it('MMT: least RAM, first in list order on ties', () => {
    const ctx = context([1740, 870, 613, 613], [0.5, 0.5, 0.5, 0.5]);
    expect(makeSelector('mmt')([0, 1, 2, 3], ctx)).toBe(2);
    expect(makeSelector('mmt')([3, 2], ctx)).toBe(3);
    expect(makeSelector('mmt')([], ctx)).toBe(-1);
  });

  it('MU: least current utilization fraction', () => {
    const ctx = context([870, 870, 870], [0.4, 0.1, 0.3]);
    expect(makeSelector('mu')([0, 1, 2], ctx)).toBe(1);
  });

  it('MC: the VM whose history the others explain best (largest R²); MMT when the fit is impossible', () => {
    const a = [0.1, 0.5, 0.2, 0.8, 0.3, 0.9, 0.4];
    const b = [0.7, 0.2, 0.9, 0.1, 0.6, 0.3, 0.5];
    const c = [0.3, 0.31, 0.2, 0.5, 0.1, 0.45, 0.33];
    const d = a.map((x, i) => x + 0.5 * b[i]! + 0.05 * Math.sin(i));
    const histories = [a, b, c, d];
    const r2 = histories.map((y, i) => olsRSquared(histories.filter((_, j) => j !== i), y)!);
    const best = r2.indexOf(Math.max(...r2));
    const ctx = context([1740, 1740, 1740, 613], [0.5, 0.5, 0.5, 0.5], histories);
    expect(makeSelector('mc')([0, 1, 2, 3], ctx)).toBe(best);
    // an exact linear relation among three: all three have R² = 1, the first in list order wins
    const exact = context([870, 870, 870], [0.5, 0.5, 0.5], [a, b, a.map((x, i) => x + 2 * b[i]!)]);
    expect(makeSelector('mc')([1, 2, 0], exact)).toBe(1);
    // two rows for three candidates: commons-math refuses, MMT decides (VM 2 has the least RAM)
    const short = context([1740, 1740, 613], [0.5, 0.5, 0.5], [[0.1, 0.2], [0.3, 0.1], [0.2, 0.2]]);
    expect(makeSelector('mc')([0, 1, 2], short)).toBe(2);
  });

  it('RS: seeded, uniform over the candidates', () => {
    const draws = (seed: number) => {
      const ctx = context([], [], [], seed);
      return Array.from({ length: 40 }, () => makeSelector('rs')([10, 11, 12, 13], ctx));
    };
    expect(draws(5)).toEqual(draws(5));
    expect(new Set(draws(5))).toEqual(new Set([10, 11, 12, 13]));
  });
});

describe('power models and scenario', () => {
  it('SPECpower tables: the point at each tenth, linear in between (ML110 G4 / G5)', () => {
    const g4 = specPowerCurve(G4_TABLE_W);
    const g5 = specPowerCurve(G5_TABLE_W);
    expect(g4(0)).toBe(86);
    expect(g4(1)).toBe(117);
    expect(g4(0.05)).toBeCloseTo(87.7, 10); // 86 + (89.4 - 86) x 0.5
    expect(g5(0.47)).toBeCloseTo(114.2, 10); // 110 + (116 - 110) x 0.7
    expect(g5(0.5)).toBe(116);
    expect(linearPowerCurve(100, 200)(0.25)).toBe(125);
  });

  it('VM types in contiguous quarters: i / ceil(n / 4)', () => {
    const types = vmTypesInQuarters(1052);
    expect([types[262], types[263], types[525], types[526], types[788], types[789], types[1051]]).toEqual([0, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(vmTypesInQuarters(5))).toEqual([0, 0, 1, 1, 2]);
  });

  it('policy names: 22 policies, reference parameters, clear errors', () => {
    expect(ALL_POLICIES).toHaveLength(22);
    expect(policyLabel(parsePolicy('LR-MC'))).toBe('LR-MC-1.2');
    expect(policyLabel(parsePolicy('thr-mmt', 0.9))).toBe('THR-MMT-0.9');
    expect(() => parsePolicy('thr-mtm')).toThrow(/unknown policy/);
    expect(() => parsePolicy('thr-mmt', 1.5)).toThrow(/out of range/);
    expect(() => parsePolicy('dvfs', 1)).toThrow(/no --param/);
  });
});
