/**
 * The statistics CloudSim 3.0.3's consolidation policies use, written to give the same doubles
 * as the Java they mirror (commons-math3 SimpleRegression's update formulas, its Householder QR
 * for OLSMultipleLinearRegression, Percentile's legacy estimator, MathUtil's trimming), because
 * policy decisions sit on thresholds and a last-bit difference changes a migration.
 */

/** MathUtil.countNonZeroBeginning: index of the last non-zero value + 1, and 1 for all zeros. */
export function countNonZeroBeginning(data: ArrayLike<number>): number {
  let i = data.length - 1;
  while (i >= 0) {
    if (data[i--] !== 0) break;
  }
  return i + 2;
}

/** commons-math Percentile(50), legacy estimator: the middle value, or the mean of the two. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0]!;
  const pos = (50 * (n + 1)) / 100;
  const low = Math.floor(pos);
  if (pos < 1) return sorted[0]!;
  if (pos >= n) return sorted[n - 1]!;
  const lower = sorted[low - 1]!;
  const upper = sorted[low]!;
  return lower + (pos - low) * (upper - lower);
}

/** MathUtil.mad: median of absolute deviations from the median. */
export function medianAbsoluteDeviation(data: ArrayLike<number>): number {
  if (data.length === 0) return 0;
  const m = median(data);
  const deviations = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) deviations[i] = Math.abs(m - data[i]!);
  return median(deviations);
}

/** MathUtil.iqr: quartiles by index round(0.25 (n + 1)) - 1 and round(0.75 (n + 1)) - 1 (Java Math.round). */
export function interQuartileRange(data: ArrayLike<number>): number {
  const sorted = Float64Array.from(data).sort();
  const n = sorted.length;
  const q1 = Math.floor(0.25 * (n + 1) + 0.5) - 1;
  const q3 = Math.floor(0.75 * (n + 1) + 0.5) - 1;
  return sorted[q3]! - sorted[q1]!;
}

/** commons-math3 SimpleRegression with intercept: [intercept, slope] from its running sums. */
export function simpleRegression(x: ArrayLike<number>, y: ArrayLike<number>): [number, number] {
  let sumX = 0, sumY = 0, sumXX = 0, sumXY = 0, xbar = 0, ybar = 0, n = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    if (n === 0) {
      xbar = xi;
      ybar = yi;
    } else {
      const fact1 = 1 + n;
      const fact2 = n / (1 + n);
      const dx = xi - xbar;
      const dy = yi - ybar;
      sumXX += dx * dx * fact2;
      sumXY += dx * dy * fact2;
      xbar += dx / fact1;
      ybar += dy / fact1;
    }
    sumX += xi;
    sumY += yi;
    n++;
  }
  const slope = sumXY / sumXX;
  return [(sumY - slope * sumX) / n, slope];
}

/**
 * R² of an ordinary least-squares fit of y on the columns of x plus an intercept
 * (commons-math3 OLSMultipleLinearRegression.calculateRSquared, Householder QR, threshold 0).
 * Returns null where commons-math throws (fewer rows than parameters, no predictors, a singular
 * design): the caller falls back as CloudSim does.
 */
export function olsRSquared(columns: readonly ArrayLike<number>[], y: ArrayLike<number>): number | null {
  const rows = y.length;
  const predictors = columns.length;
  if (predictors === 0 || rows === 0 || predictors + 1 > rows) return null;
  const cols = predictors + 1;
  // qrt holds the design matrix transposed: qrt[col][row]; column 0 is the intercept.
  const qrt: Float64Array[] = [new Float64Array(rows).fill(1)];
  for (const column of columns) qrt.push(Float64Array.from({ length: rows }, (_, r) => column[r]!));
  const design = qrt.map((c) => Float64Array.from(c));
  const rDiag = new Float64Array(Math.min(rows, cols));
  for (let minor = 0; minor < rDiag.length; minor++) {
    const qrtMinor = qrt[minor]!;
    let xNormSqr = 0;
    for (let row = minor; row < rows; row++) xNormSqr += qrtMinor[row]! * qrtMinor[row]!;
    const a = qrtMinor[minor]! > 0 ? -Math.sqrt(xNormSqr) : Math.sqrt(xNormSqr);
    rDiag[minor] = a;
    if (a !== 0) {
      qrtMinor[minor] = qrtMinor[minor]! - a;
      for (let col = minor + 1; col < cols; col++) {
        const qrtCol = qrt[col]!;
        let alpha = 0;
        for (let row = minor; row < rows; row++) alpha -= qrtCol[row]! * qrtMinor[row]!;
        alpha /= a * qrtMinor[minor]!;
        for (let row = minor; row < rows; row++) qrtCol[row] = qrtCol[row]! - alpha * qrtMinor[row]!;
      }
    }
  }
  for (const d of rDiag) if (Math.abs(d) <= 0) return null; // SingularMatrixException
  const yy = Float64Array.from(y);
  for (let minor = 0; minor < rDiag.length; minor++) {
    const qrtMinor = qrt[minor]!;
    let dot = 0;
    for (let row = minor; row < rows; row++) dot += yy[row]! * qrtMinor[row]!;
    dot /= rDiag[minor]! * qrtMinor[minor]!;
    for (let row = minor; row < rows; row++) yy[row] = yy[row]! + dot * qrtMinor[row]!;
  }
  const beta = new Float64Array(cols);
  for (let row = rDiag.length - 1; row >= 0; row--) {
    yy[row] = yy[row]! / rDiag[row]!;
    const yRow = yy[row]!;
    beta[row] = yRow;
    const qrtRow = qrt[row]!;
    for (let i = 0; i < row; i++) yy[i] = yy[i]! - yRow * qrtRow[i]!;
  }
  let rss = 0;
  for (let r = 0; r < rows; r++) {
    let fitted = 0;
    for (let c = 0; c < cols; c++) fitted += design[c]![r]! * beta[c]!;
    const residual = y[r]! - fitted;
    rss += residual * residual;
  }
  // SecondMoment: running sum of squared deviations.
  let mean = 0, m2 = 0;
  for (let i = 0; i < rows; i++) {
    const dev = y[i]! - mean;
    const nDev = dev / (i + 1);
    mean += nDev;
    m2 += i * dev * nDev;
  }
  return 1 - rss / m2;
}

/** java.util.Random, so that a seed names one run (CloudSim's RS policy is unseeded). */
export class JavaRandom {
  private seed: bigint;
  constructor(seed: number) {
    this.seed = (BigInt(seed) ^ 0x5deece66dn) & ((1n << 48n) - 1n);
  }
  private next(bits: number): number {
    this.seed = (this.seed * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n);
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
  nextInt(bound: number): number {
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    for (;;) {
      const bits = this.next(31);
      const val = bits % bound;
      if (bits - val + (bound - 1) < 2 ** 31) return val;
    }
  }
  /** nextDouble, for synthetic traces. */
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53;
  }
}
