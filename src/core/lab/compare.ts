/**
 * The comparators of a lab check (issue 13). Each compares what a path found with what the lab
 * expects; with `[*]` every value must pass and an empty list fails.
 */
export const COMPARATORS = ['equals', 'notEquals', 'lessThan', 'atMost', 'greaterThan', 'atLeast', 'approx', 'matches', 'oneOf', 'exists', 'length'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** An absolute tolerance, or a relative one ("5%": of the expected value's magnitude). */
export type Tolerance = { absolute: number } | { percent: number };

export function parseTolerance(value: unknown): Tolerance | string {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return { absolute: value };
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    if (m) return { percent: Number(m[1]) };
  }
  return `tolerance must be a number at least 0 or a percentage such as "5%"; got ${JSON.stringify(value)}`;
}

export function withinTolerance(actual: number, expected: number, tolerance: Tolerance): boolean {
  const allowed = 'absolute' in tolerance ? tolerance.absolute : (Math.abs(expected) * tolerance.percent) / 100;
  return Math.abs(actual - expected) <= allowed + 1e-12 * Math.max(1, Math.abs(expected));
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Equal as a lab means it: same JSON value; a number and its decimal string are not the same. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether one found value passes (`exists` and `length` are judged on the whole find, see checkFound). */
export function passes(op: Exclude<Comparator, 'exists' | 'length'>, actual: unknown, expected: unknown, tolerance?: Tolerance): boolean {
  switch (op) {
    case 'equals': return sameValue(actual, expected);
    case 'notEquals': return !sameValue(actual, expected);
    case 'lessThan': return isNumber(actual) && isNumber(expected) && actual < expected;
    case 'atMost': return isNumber(actual) && isNumber(expected) && actual <= expected;
    case 'greaterThan': return isNumber(actual) && isNumber(expected) && actual > expected;
    case 'atLeast': return isNumber(actual) && isNumber(expected) && actual >= expected;
    case 'approx': return isNumber(actual) && isNumber(expected) && withinTolerance(actual, expected, tolerance ?? { absolute: 0 });
    case 'matches': return typeof actual === 'string' && typeof expected === 'string' && new RegExp(expected).test(actual);
    case 'oneOf': return Array.isArray(expected) && expected.some((e) => sameValue(actual, e));
  }
}

/** A check's comparator and expectation; `length` takes a number or nested comparators. */
export interface Expectation {
  op: Comparator;
  expected: unknown;
  tolerance?: Tolerance;
}

/**
 * Judge what a path found: `exists: true|false` on whether anything was found; every other
 * comparator needs at least one value and, with `[*]`, holds for all of them.
 */
export function checkFound(found: { values: unknown[]; many: boolean }, expectation: Expectation): boolean {
  const { op, expected, tolerance } = expectation;
  if (op === 'exists') return (found.values.length > 0) === (expected !== false);
  if (found.values.length === 0) return false;
  return found.values.every((value) => {
    if (op !== 'length') return passes(op, value, expected, tolerance);
    const size = Array.isArray(value) ? value.length : typeof value === 'string' ? value.length : undefined;
    if (size === undefined) return false;
    if (isNumber(expected)) return size === expected;
    return Object.entries(expected as Record<string, unknown>).every(([nested, want]) => passes(nested as Exclude<Comparator, 'exists' | 'length'>, size, want));
  });
}
