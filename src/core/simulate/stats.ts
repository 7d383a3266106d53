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

const scratch = new Float64Array(64);

/** Sorts values into a reused buffer (insertion sort: histories hold at most 30 values). */
function sortedCopy(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = n <= scratch.length ? scratch.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && out[j]! > v) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = v;
  }
  return out;
}

/** commons-math Percentile(50), legacy estimator: the middle value, or the mean of the two. */
export function median(values: ArrayLike<number>): number {
  const sorted = sortedCopy(values);
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

const deviations = new Float64Array(64);

function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0]!;
  const pos = (50 * (n + 1)) / 100;
  const low = Math.floor(pos);
  if (pos >= n) return sorted[n - 1]!;
  const lower = sorted[low - 1]!;
  return lower + (pos - low) * (sorted[low]! - lower);
}

/**
 * MathUtil.mad: median of absolute deviations from the median. The deviations of sorted values
 * form two sorted runs (left of the median, reversed, and right of it), merged instead of sorted.
 */
export function medianAbsoluteDeviation(data: ArrayLike<number>): number {
  const n = data.length;
  if (n === 0) return 0;
  const sorted = sortedCopy(data);
  const m = medianOfSorted(sorted);
  const out = n <= deviations.length ? deviations.subarray(0, n) : new Float64Array(n);
  let split = 0;
  while (split < n && sorted[split]! < m) split++;
  let left = split - 1, right = split, k = 0;
  while (left >= 0 || right < n) {
    const dl = left >= 0 ? Math.abs(m - sorted[left]!) : Infinity;
    const dr = right < n ? Math.abs(m - sorted[right]!) : Infinity;
    if (dl <= dr) {
      out[k++] = dl;
      left--;
    } else {
      out[k++] = dr;
      right++;
    }
  }
  return medianOfSorted(out);
}

/** MathUtil.iqr: quartiles by index round(0.25 (n + 1)) - 1 and round(0.75 (n + 1)) - 1 (Java Math.round). */
export function interQuartileRange(data: ArrayLike<number>): number {
  const sorted = sortedCopy(data);
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
  const qrt = designTransposed(columns, rows);
  const rDiag = householder(qrt, rows, cols);
  if (rDiag === null) return null;
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
    let fitted = beta[0]!;
    for (let c = 1; c < cols; c++) fitted += columns[c - 1]![r]! * beta[c]!;
    const residual = y[r]! - fitted;
    rss += residual * residual;
  }
  return 1 - rss / secondMoment(y);
}

/** The design matrix [1, x1..xn] stored transposed (qrt[col][row]), as commons-math's QR keeps it. */
function designTransposed(columns: readonly ArrayLike<number>[], rows: number): Float64Array[] {
  // Buffers are reused between calls (the fits run one at a time and nothing keeps them).
  while (designPool.length <= columns.length) designPool.push(new Float64Array(32));
  const qrt: Float64Array[] = [];
  for (let c = 0; c <= columns.length; c++) {
    if (designPool[c]!.length < rows) designPool[c] = new Float64Array(rows);
    const buffer = designPool[c]!.subarray(0, rows);
    if (c === 0) buffer.fill(1);
    else {
      const column = columns[c - 1]!;
      for (let r = 0; r < rows; r++) buffer[r] = column[r]!;
    }
    qrt.push(buffer);
  }
  return qrt;
}

const designPool: Float64Array[] = [];

/** commons-math SecondMoment: running sum of squared deviations from the mean. */
function secondMoment(y: ArrayLike<number>): number {
  let mean = 0, m2 = 0;
  for (let i = 0; i < y.length; i++) {
    const dev = y[i]! - mean;
    const nDev = dev / (i + 1);
    mean += nDev;
    m2 += i * dev * nDev;
  }
  return m2;
}

/**
 * commons-math3 QRDecomposition (Householder, on the transposed matrix, in place). Returns the
 * diagonal of R, or null when an element is exactly 0 (SingularMatrixException with threshold 0).
 */
function householder(qrt: Float64Array[], rows: number, cols: number): Float64Array | null {
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
  for (const d of rDiag) if (d === 0) return null;
  return rDiag;
}

const ILL_CONDITIONED = 1e-6;
let inversePool = new Float64Array(0);

function separateFits(columns: readonly ArrayLike<number>[]): Float64Array | null {
  const out = new Float64Array(columns.length);
  const others: ArrayLike<number>[] = columns.slice(1);
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) others[i - 1] = columns[i - 1]!; // the columns other than i, in order
    const r2 = olsRSquared(others, columns[i]!);
    if (r2 === null) return null;
    out[i] = r2;
  }
  return out;
}

/**
 * R² of each column regressed (OLS, intercept) on all the others, from one QR of the full design
 * Z = [1, x1..xn]: the residual sum of squares of column i on the rest is 1 / [(ZᵀZ)⁻¹]ᵢᵢ, and
 * (ZᵀZ)⁻¹ = R⁻¹R⁻ᵀ. Same values as n separate fits up to rounding, at 1/n of the cost. Where the
 * separate fits are exact (rows ≤ columns) or impossible, they are done one by one as CloudSim does.
 */
export function leaveOneOutRSquared(columns: readonly ArrayLike<number>[]): Float64Array | null {
  const n = columns.length;
  const rows = n > 0 ? columns[0]!.length : 0;
  if (n < 2 || rows < n + 2) return separateFits(columns);
  const p = n + 1;
  const qrt = designTransposed(columns, rows);
  const rDiag = householder(qrt, rows, p);
  // Near-collinear designs (a constant history is collinear with the intercept) make the
  // separate fits numerically arbitrary; CloudSim decides on those values, so compute them.
  let minDiag = Infinity, maxDiag = 0;
  for (const d of rDiag ?? []) {
    minDiag = Math.min(minDiag, Math.abs(d));
    maxDiag = Math.max(maxDiag, Math.abs(d));
  }
  if (rDiag === null || minDiag < ILL_CONDITIONED * maxDiag) return separateFits(columns);
  // R[i][j] (j > i) sits in qrt[j][i]. Invert the upper-triangular R column by column.
  // inv[i * p + j] = (R⁻¹)ᵢⱼ, upper triangular, in a reused buffer.
  if (inversePool.length < p * p) inversePool = new Float64Array(p * p);
  const inv = inversePool;
  for (let j = 0; j < p; j++) {
    inv[j * p + j] = 1 / rDiag[j]!;
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let k = i + 1; k <= j; k++) sum += qrt[k]![i]! * inv[k * p + j]!;
      inv[i * p + j] = -sum / rDiag[i]!;
    }
  }
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let diag = 0;
    const row = (c + 1) * p;
    for (let j = c + 1; j < p; j++) diag += inv[row + j]! * inv[row + j]!;
    out[c] = 1 - 1 / diag / secondMoment(columns[c]!);
  }
  return out;
}

/**
 * java.util.Random, so that a seed names one run (CloudSim's RS policy is unseeded). The 48-bit
 * LCG is kept as two 24-bit halves in plain numbers (exact in doubles, no BigInt).
 */
export class JavaRandom {
  private hi: number;
  private lo: number;
  constructor(seed: number) {
    const s = (BigInt(seed) ^ 0x5deece66dn) & ((1n << 48n) - 1n);
    this.hi = Number(s >> 24n);
    this.lo = Number(s & 0xffffffn);
  }
  private next(bits: number): number {
    // seed = seed * 0x5DEECE66D + 0xB mod 2^48, with 0x5DEECE66D = MUL_HI * 2^24 + MUL_LO
    const lo = this.lo * MUL_LO + 0xb;
    const carry = Math.floor(lo / TWO_24);
    const hi = (this.hi * MUL_LO + this.lo * MUL_HI + carry) % TWO_24;
    this.lo = lo % TWO_24;
    this.hi = hi;
    // (int)(seed >>> (48 - bits))
    const value = Math.floor((this.hi * TWO_24 + this.lo) / 2 ** (48 - bits));
    return value >= 2 ** 31 ? value - 2 ** 32 : value;
  }
  /** nextInt() with no bound: 32 random bits as a signed int. */
  nextInt32(): number {
    return this.next(32);
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

const TWO_24 = 2 ** 24;
const MUL_HI = 0x5de; // 0x5DEECE66D >> 24
const MUL_LO = 0xece66d; // 0x5DEECE66D & 0xFFFFFF
