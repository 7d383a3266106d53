import type { Comparator, Tolerance } from './compare.js';
import type { RelationLaw } from '../../config/lab-schema.js';
import { checkFound, COMPARATORS, parseTolerance, sameValue, withinTolerance } from './compare.js';
import type { ParamValue } from './params.js';
import { substitute } from './params.js';
import { parsePath, resolvePath } from './path.js';
import { formatByteRate, formatBytes, formatDuration, parseBandwidth, parseBytes, parseDurationSec } from '../units.js';

/** One check as the report records it: what was read, how it was judged, and the command read. */
export interface CheckRecord {
  path: string;
  /** The comparator, or for a relation the law its readings follow (non-increasing ...). */
  op: Comparator | RelationLaw;
  expected: unknown;
  /** The value found (a list with [*]); null when the path found nothing. */
  actual: unknown;
  passed: boolean;
  /** The command whose result was read (a task's check command; a run step's own command). */
  run: string;
}

export interface AnswerRecord {
  given: AnswerValue | null;
  correct: unknown;
  tolerance: number | string;
  passed: boolean;
  /** The result field the answer was read from (its name carries the unit: downtimeMs); null for a literal answer. */
  path: string | null;
}

export type AnswerValue = string | number | boolean;

/** A lab check as written: a path, one comparator with its expectation, maybe a tolerance. */
export type LabCheck = { path: string; tolerance?: number | string } & Record<string, unknown>;

/** `${param}` in an expectation's strings too, so `equals: ${host}` follows the variant. */
function substituted(value: unknown, params: Readonly<Record<string, ParamValue>>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z_][\w-]*)\}$/.exec(value);
    if (whole && Object.hasOwn(params, whole[1]!)) return params[whole[1]!]; // a number stays a number
    return substitute(value, params).text;
  }
  if (Array.isArray(value)) return value.map((v) => substituted(v, params));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v, params)]));
  return value;
}

/** Judge one check on a command's JSON result (paths and comparators were validated at load). */
export function judgeCheck(check: LabCheck, document: unknown, run: string, params: Readonly<Record<string, ParamValue>>): CheckRecord {
  const op = COMPARATORS.find((c) => Object.hasOwn(check, c))!;
  const expected = substituted(check[op], params);
  const path = substitute(check.path, params).text; // hosts[name=${host}].state follows the variant
  const parsed = parsePath(path);
  const found = parsed.ok ? resolvePath(document, parsed.segments) : { values: [], many: false };
  const tolerance = check.tolerance === undefined ? undefined : parseTolerance(check.tolerance);
  const passed = checkFound(found, { op, expected, tolerance: typeof tolerance === 'object' ? tolerance : undefined });
  const actual = found.many ? found.values : found.values[0] ?? null;
  return { path, op, expected, actual, passed, run };
}

/** The exit code as a check, first in every run step's list (a refused migration is exit 1). */
export function exitCodeCheck(exitCode: number, expected: number, run: string): CheckRecord {
  return { path: 'exitCode', op: 'equals', expected, actual: exitCode, passed: exitCode === expected, run };
}

/** What the model says the answer is: a path into the result, or the lab's literal answer. */
export function modelAnswer(ask: { answer?: unknown; choices?: readonly unknown[] }, document: unknown, params: Readonly<Record<string, ParamValue>> = {}): { found: true; value: unknown } | { found: false } {
  const { answer, choices } = ask;
  const literal = typeof answer !== 'string' || (choices ?? []).some((c) => sameValue(c, answer));
  if (literal) return { found: true, value: substituted(answer, params) };
  const parsed = parsePath(substitute(answer, params).text);
  if (!parsed.ok) return { found: false };
  const found = resolvePath(document, parsed.segments);
  if (found.values.length === 0) return { found: false };
  return { found: true, value: found.many ? found.values : found.values[0] };
}

/** How a number with a unit is read for a result field named in its unit (downtimeMs: "0.2s" is 200). */
const UNIT_OF_FIELD: [string, (text: string) => number][] = [
  ['BytesPerSec', (t) => parseBandwidth(t)], // before Sec: bytesPerSec is a rate, not a duration
  ['Bytes', (t) => parseBytes(t)],
  ['Ms', (t) => parseDurationSec(t) * 1000],
  ['Sec', (t) => parseDurationSec(t)],
];

/** A value with the unit its field names, for people: 255852544 for overheadBytes is "255852544 (244 MiB)". */
export function withUnit(value: unknown, path: string | null): string | null {
  if (typeof value !== 'number' || !path) return null;
  const unit = unitOfField(path)?.[0];
  if (unit === 'BytesPerSec') return formatByteRate(value);
  if (unit === 'Bytes') return formatBytes(value);
  if (unit === 'Ms') return formatDuration(value / 1000);
  if (unit === 'Sec') return formatDuration(value);
  return null;
}

/** The unit a field's name ends in: downtimeMs, bytesPerSec, memoryBytes (the last key of the path). */
function unitOfField(path: string) {
  const key = /([A-Za-z_$][\w$-]*)\]?$/.exec(path.replace(/\[[^\]]*\]$/, ''))?.[1] ?? '';
  return UNIT_OF_FIELD.find(([suffix]) => key.endsWith(suffix) || key === suffix[0]!.toLowerCase() + suffix.slice(1));
}

/**
 * A student's answer as typed ("12", "12.5", "true", "b1") read as the value it names; a
 * percentage as a fraction ("41%" is 0.41, as dcctl's fractions are); for a field whose name
 * carries its unit, a number with a unit too ("210ms", "0.21s" for downtimeMs).
 */
export function readAnswer(given: AnswerValue, correct: unknown, answerPath?: string): AnswerValue {
  if (typeof given !== 'string') return given;
  const text = given.trim();
  if (typeof correct === 'number' && /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  const percent = /^([-+]?(\d+(\.\d*)?|\.\d+))\s*%$/.exec(text);
  if (typeof correct === 'number' && percent) return Number(percent[1]) / 100; // "41%" of a fraction field
  const unit = typeof correct === 'number' && answerPath ? unitOfField(answerPath) : undefined;
  if (unit) {
    try {
      return unit[1](text);
    } catch {
      return text;
    }
  }
  if (typeof correct === 'boolean' && /^(true|false|yes|no)$/i.test(text)) return /^(true|yes)$/i.test(text);
  return text;
}

/** Whether a given answer is the model's: numbers within the tolerance, other values equal (text without regard to case). */
export function answerMatches(given: AnswerValue, correct: unknown, tolerance: Tolerance, answerPath?: string): boolean {
  const value = readAnswer(given, correct, answerPath);
  if (typeof correct === 'number') return typeof value === 'number' && withinTolerance(value, correct, tolerance);
  if (typeof correct === 'string' && typeof value === 'string') return value.toLowerCase() === correct.toLowerCase();
  return sameValue(value, correct);
}

export function gradeAnswer(given: AnswerValue | null, correct: unknown, toleranceAsWritten: number | string | undefined, answerPath?: string): AnswerRecord {
  const tolerance = toleranceAsWritten ?? 0;
  const parsed = parseTolerance(tolerance);
  const within = typeof parsed === 'object' ? parsed : { absolute: 0 };
  return { given, correct, tolerance, passed: given !== null && answerMatches(given, correct, within, answerPath), path: answerPath ?? null };
}

/** A typed answer to a question with choices: a choice's letter (a, b, ...) stands for it unless it is itself a choice. */
export function choiceAnswer(typed: string, choices: readonly unknown[] | undefined): AnswerValue {
  if (!choices?.length) return typed;
  if (choices.some((c) => typeof c === 'string' && c.toLowerCase() === typed.toLowerCase())) return typed;
  const letter = /^([a-z])\)?$/i.exec(typed);
  const index = letter ? letter[1]!.toLowerCase().charCodeAt(0) - 97 : -1;
  const choice = index >= 0 ? choices[index] : undefined;
  return choice === undefined || choice === null ? typed : (choice as AnswerValue);
}
