import type { LabFile, LabStep } from '../../config/lab-schema.js';
import type { CheckRecord } from './grade.js';
import type { ParamValue } from './params.js';
import type { LabReport } from './run.js';

export interface VerifyFailure {
  seed: number | null;
  step: string | null;
  reason: string;
}

export interface VariantSummary {
  seed: number;
  params: Record<string, ParamValue>;
  score: number;
  maxScore: number;
}

export interface VerifyReport {
  lab: string;
  file: string;
  seeds: number;
  passed: boolean;
  /** How many different sets of model answers the seeds gave (a lab with params needs two or more). */
  distinctAnswerSets: number;
  failures: VerifyFailure[];
  variants: VariantSummary[];
}

/** What a variant run under the reference must show: full marks, every step passed. */
function variantFailures(report: LabReport): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
  for (const step of report.steps) {
    if (step.status === 'passed') continue;
    const check = step.checks.find((c) => !c.passed);
    const why = step.error ?? (check ? `${check.path} ${check.op} ${JSON.stringify(check.expected)} does not hold: got ${JSON.stringify(check.actual)}` : 'the reference answer was not accepted');
    failures.push({ seed: report.seed, step: step.name, reason: `${step.status} with the reference answers: ${why}` });
  }
  for (const step of report.steps) {
    for (const c of step.whatIf.filter((w) => w.value === null)) {
      failures.push({ seed: report.seed, step: step.name, reason: `the counterfactual "${c.say}" gives no value: ${c.show} of "${c.command}" found nothing` });
    }
  }
  if (failures.length === 0 && report.score !== report.maxScore) failures.push({ seed: report.seed, step: null, reason: `scored ${report.score}/${report.maxScore} with the reference answers` });
  return failures;
}

/** The model's answers of one variant: every ask's value, and every check's reading (for labs without asks). */
function answerSet(report: LabReport): string {
  const asks = report.steps.filter((s) => s.answer).map((s) => s.answer!.correct);
  return JSON.stringify(asks.length ? asks : report.steps.map((s) => s.checks.map((c) => c.actual)));
}

/**
 * `lab verify` (issue 13): for each seed the lab run with its reference answers scores full marks
 * and every expectation holds; each task's check fails before its solution runs (or the task asks
 * for nothing); every whatIf and misconception gives a value; a lab with params gives at least
 * two distinct sets of answers over the seeds.
 * `runSeed` runs one variant with the reference answers, reporting each task's checks before its solution.
 */
export async function verifyLab(
  lab: LabFile, file: string, seeds: readonly number[],
  runSeed: (seed: number, beforeSolution: (step: LabStep, checks: CheckRecord[]) => void) => Promise<LabReport>,
): Promise<VerifyReport> {
  const failures: VerifyFailure[] = [];
  const variants: VariantSummary[] = [];
  const sets = new Set<string>();
  for (const seed of seeds) {
    const report = await runSeed(seed, (step, checks) => {
      if (checks.length > 0 && checks.every((c) => c.passed)) {
        failures.push({ seed, step: step.name, reason: 'its check already holds before the solution runs: the task asks for nothing' });
      }
    });
    failures.push(...variantFailures(report));
    variants.push({ seed, params: report.params, score: report.score, maxScore: report.maxScore });
    sets.add(answerSet(report));
  }
  const hasParams = Object.keys(lab.spec.params ?? {}).length > 0;
  if (hasParams && seeds.length > 1 && sets.size < 2) {
    failures.push({ seed: null, step: null, reason: `all ${seeds.length} seeds give the same answers: the params change nothing the lab asks or checks` });
  }
  return { lab: lab.metadata.name, file, seeds: seeds.length, passed: failures.length === 0, distinctAnswerSets: sets.size, failures, variants };
}
