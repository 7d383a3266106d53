import type { LabStep } from '../../config/lab-schema.js';
import { stepPoints } from './statement.js';

/** A step's hints in the order they are given: `hints:`, or the one `hint:` (both: hint first). */
export function stepHints(step: Pick<LabStep, 'hint' | 'hints'>): string[] {
  return [...(step.hint !== undefined ? [step.hint] : []), ...(step.hints ?? [])];
}

/** How many hints a student has seen after `failed` failed attempts and `asked` calls of `lab hint`: one more for each. */
export function hintsShown(step: Pick<LabStep, 'hint' | 'hints'>, failed: number, asked: number): string[] {
  return stepHints(step).slice(0, Math.max(failed, asked));
}

/** The tries a step gets (attempts.max; unlimited when the lab sets none). */
export const maxAttempts = (step: Pick<LabStep, 'attempts'>): number => step.attempts?.max ?? Infinity;

/**
 * The points a step passed on its `attempt`-th try earns: each failed try before it takes
 * `decay` of what was left (attempts: { decay: 0.5 } gives 100 %, 50 %, 25 % ...). Rounded to a
 * thousandth of a point so that reports do not show binary fractions.
 */
export function attemptScore(step: Pick<LabStep, 'points' | 'attempts'>, attempt: number): number {
  const decay = step.attempts?.decay ?? 0;
  return Math.round(stepPoints(step) * (1 - decay) ** Math.max(0, attempt - 1) * 1000) / 1000;
}
