import { badInput } from '../errors.js';
import { closest } from '../text.js';

const nearest = (input: string, known: readonly string[]) => {
  const near = closest(input, known);
  return near ? `did you mean "${near}"? ` : '';
};

export const DETECTORS = ['thr', 'iqr', 'mad', 'lr', 'lrr'] as const;
export type DetectorName = (typeof DETECTORS)[number];
export const SELECTORS = ['mmt', 'mc', 'mu', 'rs'] as const;
export type SelectorName = (typeof SELECTORS)[number];

/** Reference parameters of Beloglazov & Buyya's experiments (consolidation-model.md §6). */
export const DEFAULT_PARAMETER: Record<DetectorName, number> = { thr: 0.8, iqr: 1.5, mad: 2.5, lr: 1.2, lrr: 1.2 };
/** Threshold a detector falls back to while a host's history is too short (THR 0.7 in the examples). */
export const FALLBACK_THRESHOLD = 0.7;

export type PolicySpec =
  | { kind: 'npa'; name: 'npa' }
  | { kind: 'dvfs'; name: 'dvfs' }
  | { kind: 'migration'; name: string; detector: DetectorName; selector: SelectorName; parameter: number };

/** The 22 policies of the paper's table, in its order. */
export const ALL_POLICIES: string[] = [
  'npa',
  'dvfs',
  ...SELECTORS.flatMap((s) => DETECTORS.map((d) => `${d}-${s}`)),
];

/** Parses `npa`, `dvfs` or `DETECTOR-SELECTOR`; `parameter` overrides the detector's reference value. */
export function parsePolicy(text: string, parameter?: number, flag = '--policy'): PolicySpec {
  const name = text.trim().toLowerCase();
  if (name === 'npa' || name === 'dvfs') {
    if (parameter !== undefined) throw badInput('policy-param', `${flag} ${name} takes no --param`, 'only the migration policies (thr, iqr, mad, lr, lrr) have a parameter');
    return name === 'npa' ? { kind: 'npa', name } : { kind: 'dvfs', name };
  }
  const [detector, selector, extra] = name.split('-');
  const known = ALL_POLICIES;
  if (extra !== undefined || !DETECTORS.includes(detector as DetectorName) || !SELECTORS.includes(selector as SelectorName)) {
    throw badInput('policy-unknown', `${flag}: unknown policy "${text}"`, `${nearest(name, known)}policies: npa, dvfs, or {${DETECTORS.join(',')}}-{${SELECTORS.join(',')}}`);
  }
  const d = detector as DetectorName;
  const value = parameter ?? DEFAULT_PARAMETER[d];
  if (!Number.isFinite(value) || value < 0 || (d === 'thr' && value > 1)) {
    throw badInput('policy-param', `--param ${value} is out of range for ${d}`, d === 'thr' ? 'THR takes a utilization threshold between 0 and 1, e.g. 0.8' : `${d} takes a non-negative safety parameter, e.g. ${DEFAULT_PARAMETER[d]}`);
  }
  return { kind: 'migration', name: `${d}-${selector}`, detector: d, selector: selector as SelectorName, parameter: value };
}

/** The paper's label, e.g. THR-MMT-0.8. */
export function policyLabel(p: PolicySpec): string {
  return p.kind === 'migration' ? `${p.name.toUpperCase()}-${p.parameter}` : p.name.toUpperCase();
}
