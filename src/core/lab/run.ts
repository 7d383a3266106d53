import type { LabFile, LabRelation, LabStep } from '../../config/lab-schema.js';
import type { AnswerRecord, AnswerValue, CheckRecord } from './grade.js';
import { answerMatches, exitCodeCheck, gradeAnswer, judgeCheck, modelAnswer } from './grade.js';
import { parseTolerance } from './compare.js';
import type { ParamValue } from './params.js';
import { substitute } from './params.js';
import { summarizeResult } from './summary.js';
import { labCommandProblem } from './commands.js';
import { stepPoints } from './statement.js';
import { splitWords } from './words.js';
import { checkGroups, expectChecks, followsLaw, stepRelations } from './relations.js';
import { hintsShown } from './attempts.js';

/** What one dcctl command gave: its exit code and its JSON document (the result, or {error}). */
export interface CommandOutcome {
  exitCode: number;
  document: unknown;
}

/**
 * Runs a dcctl command (words without "dcctl") on the lab's state: in-process in the CLI, a fake
 * in tests. `show`: a student's command at a prompt, its own output on the terminal (no document).
 */
export type LabExecutor = (words: string[], options?: { show?: boolean }) => Promise<CommandOutcome>;

export type StepKind = 'run' | 'ask' | 'task' | 'check';
/** pending: a hands-on session's step not reached yet. */
export type StepStatus = 'passed' | 'failed' | 'error' | 'unanswered' | 'pending';

export interface CommandRecord {
  command: string;
  exitCode: number;
}

export interface StepReport {
  name: string;
  kind: StepKind;
  status: StepStatus;
  points: number;
  score: number;
  /** The step's command with the variant's params in (null for a task: its checks name theirs). */
  command: string | null;
  exitCode: number | null;
  /** A task's commands, the student's (or the solution's under `lab verify`), in order. */
  commands: CommandRecord[];
  checks: CheckRecord[];
  answer: AnswerRecord | null;
  /** The last hint given (null when none was). */
  hint: string | null;
  /** Every hint given, in order: one more per failed attempt (and per `lab hint` in a session). */
  hints: string[];
  /** How many times the step was tried (checked, answered); 1 in a one-go `lab run`. */
  attempts: number;
  /** A one-line account of the step's result, for the human and markdown reports. */
  summary: string;
  /** Why a step errored (a command refused as bad input, an answer the result does not hold). */
  error: string | null;
  explain: string | null;
  /** Counterfactuals computed after a wrong answer or a failed check (a copy of the state; never the lab's). */
  whatIf: CounterfactualRecord[];
  /** The teacher's named wrong model the answer matched (and the right one did not). */
  misconception: CounterfactualRecord | null;
  durationMs: number;
}

export interface CounterfactualRecord {
  say: string;
  command: string;
  show: string;
  /** What the path read in that command's result (null: nothing there, or the command failed). */
  value: unknown;
}

export interface LabReport {
  lab: string;
  title: string;
  file: string;
  seed: number;
  params: Record<string, ParamValue>;
  dcctlVersion: string;
  passScore: number;
  score: number;
  maxScore: number;
  passed: boolean;
  steps: StepReport[];
  wallTimeSec: number;
}

/** The reference answer (`lab verify`): the model's own value, whatever it is. */
export const REFERENCE_ANSWER = Symbol('reference answer');

/**
 * Where answers come from: an answers file, a person at a prompt, or the reference. `ask` is
 * called before the step's command runs (the prediction comes first); `task` does the student's
 * work through `run` and returns when it is time to check (or `skip`).
 */
export interface AnswerSource {
  ask(step: LabStep, index: number): Promise<AnswerValue | null | typeof REFERENCE_ANSWER>;
  task(step: LabStep, index: number, work: TaskWork): Promise<'check' | 'skip'>;
  /** Commands to run before a run or ask step's own (a replayed session's); recorded in the step's `commands`. */
  before?(step: LabStep, index: number, run: TaskWork['run']): Promise<void>;
  /** Called after each step, with its report (a person sees the model's value revealed here). */
  stepDone?(report: StepReport, step: LabStep): Promise<void> | void;
}

/** A copy of the lab's state at one moment; each fork is a copy of that copy, with its own executor. */
export interface StateSnapshot {
  fork(): Promise<{ execute: LabExecutor; dispose: () => void }>;
  dispose(): void;
}

export interface TaskWork {
  /** Run one of the student's commands (a string as typed); recorded in the step's `commands`. */
  run(command: string, options?: { show?: boolean }): Promise<CommandOutcome & { command: string; refused?: string }>;
  /** Evaluate the task's checks now, without scoring (what `check` at a prompt shows). */
  check(): Promise<CheckRecord[]>;
}

export interface RunLabOptions {
  lab: LabFile;
  file: string;
  seed: number;
  params: Record<string, ParamValue>;
  dcctlVersion: string;
  execute: LabExecutor;
  answers: AnswerSource;
  /** Milliseconds on some clock (durations only; never part of what is graded). */
  now: () => number;
  /** A throw-away copy of the lab's state as it stands, for counterfactuals and relations (each runs on a fork of it). */
  snapshot?: () => Promise<StateSnapshot>;
  /** Under `lab verify`: run every counterfactual (whatIf and misconceptions, into `whatIf`) whatever the answer, to see each gives a value. */
  probeCounterfactuals?: boolean;
  /** Under `lab verify`: check each task before its solution runs (it must fail then). */
  checkBeforeSolution?: (step: LabStep, checks: CheckRecord[]) => void;
}

/** A run string with the variant's params in, split as a shell splits words. */
function commandWords(command: string, params: Readonly<Record<string, ParamValue>>): { text: string; words: string[] } | { text: string; error: string } {
  const text = substitute(command, params).text;
  const split = splitWords(text);
  if (!split.ok) return { text, error: split.error };
  const words = split.words[0] === 'dcctl' ? split.words.slice(1) : split.words;
  const problem = labCommandProblem(words);
  return problem ? { text, error: problem } : { text, words };
}

async function execute(options: RunLabOptions, command: string, show = false): Promise<CommandOutcome & { command: string; refused?: string }> {
  const prepared = commandWords(command, options.params);
  if ('error' in prepared) return { command: prepared.text, exitCode: 2, document: { error: { code: 'usage', message: prepared.error } }, refused: prepared.error };
  return { command: prepared.text, ...(await options.execute(prepared.words, show ? { show } : undefined)) };
}

/**
 * Error codes that mean the lab's command is malformed (a flag, an argument, a file), not that the
 * state differs from what the step expects: a step that meets one errors instead of failing.
 * "No VM named shop" (unknown-vm) before the student created it is a failed check, not an error.
 */
const BROKEN_COMMAND = new Set(['usage', 'unknown-command', 'bad-flag', 'missing-flag', 'missing-arg', 'bad-count', 'policy-param', 'policy-unknown',
  'file-not-found', 'file-unreadable', 'file-is-directory', 'invalid-datacenter', 'internal']);

function brokenOutcome(outcome: CommandOutcome, expectedExit: number): string | null {
  const error = (outcome.document as { error?: { code?: string; message?: string } } | null)?.error;
  if (outcome.exitCode === expectedExit || !error?.code || !BROKEN_COMMAND.has(error.code)) return null;
  return error.message ?? `exit ${outcome.exitCode}`;
}

/** A recorder of commands run on the lab's state (a task's work, or a replay's commands before a step). */
function commandLog(options: RunLabOptions, commands: CommandRecord[]): TaskWork['run'] {
  return async (command, runOptions) => {
    const outcome = await execute(options, command, runOptions?.show);
    commands.push({ command: outcome.command, exitCode: outcome.exitCode });
    return outcome;
  };
}

/** What a step needs a copy of the state for: counterfactuals and relations. */
const needsSnapshot = (options: RunLabOptions, step: LabStep) => options.snapshot !== undefined
  && (stepRelations(step).length > 0 || [step.whatIf, step.misconceptions, step.ask?.whatIf, step.ask?.misconceptions].some((l) => (l?.length ?? 0) > 0));

async function withSnapshot<T>(options: RunLabOptions, step: LabStep, work: (snapshot: StateSnapshot | null) => Promise<T>): Promise<T> {
  const snapshot = needsSnapshot(options, step) ? await options.snapshot!() : null;
  try {
    return await work(snapshot);
  } finally {
    snapshot?.dispose();
  }
}

/**
 * A run or ask step. Counterfactuals and relations run on a copy of the state taken before the
 * step's command: "the same migration with twice the bandwidth" is the migration not yet made.
 */
async function runCommandStep(options: RunLabOptions, step: LabStep, index: number): Promise<Omit<StepReport, 'durationMs'>> {
  const kind: StepKind = step.ask ? 'ask' : step.run === undefined ? 'check' : 'run';
  const commands: CommandRecord[] = [];
  if (options.answers.before) await options.answers.before(step, index, commandLog(options, commands));
  const given = step.ask ? await options.answers.ask(step, index) : null;
  return withSnapshot(options, step, async (snapshot) => {
    const outcome = step.run === undefined ? null : await execute(options, step.run);
    const expectedExit = step.expect?.exitCode ?? 0;
    const checks = outcome ? [exitCodeCheck(outcome.exitCode, expectedExit, outcome.command),
      ...expectChecks(step).map((c) => judgeCheck(c, outcome.document, outcome.command, options.params))] : [];
    checks.push(...await judgeRelations(options, snapshot, stepRelations(step)));
    let error = outcome ? brokenOutcome(outcome, expectedExit) : null;
    let answer: AnswerRecord | null = null;
    if (step.ask && outcome) {
      const model = modelAnswer(step.ask, outcome.document, options.params);
      if (!model.found) error ??= `the result of "${outcome.command}" has no ${String(step.ask.answer)} (the ask's answer path)`;
      const correct = model.found ? model.value : null;
      const value = given === REFERENCE_ANSWER ? (correct as AnswerValue) : given;
      const answerPath = model.found && typeof step.ask.answer === 'string' && !(step.ask.choices ?? []).includes(step.ask.answer) ? substitute(step.ask.answer, options.params).text : undefined;
      answer = gradeAnswer(value ?? null, correct, step.ask.tolerance, answerPath);
    }
    const checksHold = checks.every((c) => c.passed);
    const status: StepStatus = error ? 'error' : answer && answer.given === null ? 'unanswered' : checksHold && (answer?.passed ?? true) ? 'passed' : 'failed';
    const wrong = status === 'failed' || status === 'unanswered';
    const probed = options.probeCounterfactuals ? [...(step.misconceptions ?? []), ...(step.ask?.misconceptions ?? [])] : [];
    const whatIf = wrong || options.probeCounterfactuals ? await counterfactuals(options, snapshot, [...(step.whatIf ?? []), ...(step.ask?.whatIf ?? []), ...probed]) : [];
    let misconception: CounterfactualRecord | null = null;
    if (status === 'failed' && answer && answer.given !== null && !answer.passed) {
      const tolerance = parseTolerance(step.ask?.tolerance ?? 0);
      for (const candidate of await counterfactuals(options, snapshot, [...(step.misconceptions ?? []), ...(step.ask?.misconceptions ?? [])])) {
        if (candidate.value !== null && answerMatches(answer.given, candidate.value, typeof tolerance === 'object' ? tolerance : { absolute: 0 }, answer.path ?? undefined)) {
          misconception = candidate;
          break;
        }
      }
    }
    const summary = outcome ? summarizeResult(outcome.document, outcome.exitCode) : `${checks.filter((c) => c.passed).length} of ${checks.length} relations hold`;
    return finish(step, kind, status, { command: outcome?.command ?? null, exitCode: outcome?.exitCode ?? null, commands, checks, answer, error, summary, whatIf, misconception });
  });
}

async function runTaskStep(options: RunLabOptions, step: LabStep, index: number): Promise<Omit<StepReport, 'durationMs'>> {
  const commands: CommandRecord[] = [];
  let error: string | null = null;
  const evaluate = async (): Promise<CheckRecord[]> => {
    const checks: CheckRecord[] = [];
    for (const group of checkGroups(step)) {
      const outcome = await execute(options, group.run);
      const broken = brokenOutcome(outcome, 0);
      if (broken) error ??= `check command "${outcome.command}": ${broken}`;
      checks.push(...group.checks.map((c) => judgeCheck(c, outcome.document, outcome.command, options.params)));
    }
    return checks;
  };
  const work: TaskWork = {
    run: commandLog(options, commands),
    check: async () => {
      const before = error;
      const checks = await evaluate();
      error = before; // a look at the checks is not the graded one
      return checks;
    },
  };
  if (options.checkBeforeSolution) options.checkBeforeSolution(step, await work.check());
  const decision = await options.answers.task(step, index, work);
  // A task's counterfactuals and relations start from the state the student made.
  return withSnapshot(options, step, async (snapshot) => {
    const checks = [...await evaluate(), ...await judgeRelations(options, snapshot, stepRelations(step))];
    const passed = decision === 'check' && checks.every((c) => c.passed);
    const status: StepStatus = error ? 'error' : passed ? 'passed' : 'failed';
    const summary = decision === 'skip' ? 'skipped' : taskSummary(commands.length, checks);
    const whatIf = status === 'failed' || options.probeCounterfactuals ? await counterfactuals(options, snapshot, step.whatIf ?? []) : [];
    return finish(step, 'task', status, { command: null, exitCode: null, commands, checks, answer: null, error, summary, whatIf, misconception: null });
  });
}

/** "2 commands; 3 of 3 checks hold" */
export function taskSummary(commands: number, checks: readonly CheckRecord[]): string {
  const failed = checks.filter((c) => !c.passed).length;
  return `${commands} command${commands === 1 ? '' : 's'}; ${checks.length - failed} of ${checks.length} checks hold`;
}

type Counterfactual = { run: string; show: string; say: string };

/** Run a command on a fresh fork of the snapshot and read one path of its result (null: nothing there, or refused as bad input). */
async function readOnFork(options: RunLabOptions, snapshot: StateSnapshot, run: string, show: string, params: Readonly<Record<string, ParamValue>>): Promise<{ command: string; value: unknown }> {
  const fork = await snapshot.fork();
  try {
    const outcome = await execute({ ...options, params, execute: fork.execute }, run);
    const read = outcome.exitCode === 2 ? { found: false as const } : modelAnswer({ answer: show }, outcome.document, params);
    return { command: outcome.command, value: read.found ? read.value ?? null : null };
  } finally {
    fork.dispose();
  }
}

/** Counterfactuals, each on its own fork (one may change what the next reads); none without a snapshot. */
async function counterfactuals(options: RunLabOptions, snapshot: StateSnapshot | null, list: readonly Counterfactual[]): Promise<CounterfactualRecord[]> {
  if (!snapshot) return [];
  const records: CounterfactualRecord[] = [];
  for (const c of list) {
    const { command, value } = await readOnFork(options, snapshot, c.run, c.show, options.params);
    records.push({ say: substitute(c.say, options.params).text, command, show: substitute(c.show, options.params).text, value });
  }
  return records;
}

/**
 * Relations as checks: the run once per value of the varied param (the variant's other params
 * as they are), each on its own fork; the readings must follow the law. Recorded as a check:
 * op is the law, expected the values varied, actual the readings.
 */
async function judgeRelations(options: RunLabOptions, snapshot: StateSnapshot | null, relations: readonly LabRelation[]): Promise<CheckRecord[]> {
  const records: CheckRecord[] = [];
  for (const relation of relations) {
    const { param, values } = relation.vary;
    const readings: unknown[] = [];
    if (snapshot) {
      for (const value of values) readings.push((await readOnFork(options, snapshot, relation.run, relation.path, { ...options.params, [param]: value })).value);
    }
    const others = Object.fromEntries(Object.entries(options.params).filter(([name]) => name !== param));
    records.push({
      path: substitute(relation.path, others).text,
      op: relation.is,
      expected: { [param]: [...values] },
      actual: readings,
      passed: snapshot !== null && followsLaw(relation.is, readings),
      run: substitute(relation.run, others).text,
    });
  }
  return records;
}

function finish(step: LabStep, kind: StepKind, status: StepStatus, rest: Pick<StepReport, 'command' | 'exitCode' | 'commands' | 'checks' | 'answer' | 'error' | 'summary' | 'whatIf' | 'misconception'>): Omit<StepReport, 'durationMs'> {
  const points = stepPoints(step);
  const hints = status === 'passed' ? [] : hintsShown(step, 1, 0);
  const { whatIf, misconception, ...shown } = rest;
  return {
    name: step.name, kind, status, points, score: status === 'passed' ? points : 0, ...shown,
    hint: hints.at(-1) ?? null, hints, attempts: 1, explain: step.explain ?? null, whatIf, misconception,
  };
}

/** The step as a student reads it: ${params} in its question, task, hints and explanation. */
export function withParamsInTexts(step: LabStep, params: Readonly<Record<string, ParamValue>>): LabStep {
  const fill = (text: string | undefined) => (text === undefined ? undefined : substitute(text, params).text);
  return {
    ...step,
    ...(step.task !== undefined ? { task: fill(step.task) } : {}),
    ...(step.hint !== undefined ? { hint: fill(step.hint) } : {}),
    ...(step.hints ? { hints: step.hints.map((h) => fill(h)!) } : {}),
    ...(step.explain !== undefined ? { explain: fill(step.explain) } : {}),
    ...(step.ask ? { ask: { ...step.ask, question: fill(step.ask.question)! } } : {}),
  };
}

/** Score / max >= passScore and no step errored. A lab worth no points passes when nothing errored. */
export function labPassed(steps: readonly StepReport[], passScore: number): { score: number; maxScore: number; passed: boolean } {
  const score = steps.reduce((sum, s) => sum + s.score, 0);
  const maxScore = steps.reduce((sum, s) => sum + s.points, 0);
  const errored = steps.some((s) => s.status === 'error');
  const ratio = maxScore === 0 ? 1 : score / maxScore;
  return { score, maxScore, passed: !errored && ratio + 1e-12 >= passScore };
}

/** One step of the lab on its state, as runLab runs each (a hands-on session runs them one command at a time). */
export async function runStep(options: RunLabOptions, index: number): Promise<StepReport> {
  const step = withParamsInTexts(options.lab.spec.steps[index]!, options.params);
  const t0 = options.now();
  const report = step.task !== undefined ? await runTaskStep(options, step, index) : await runCommandStep(options, step, index);
  const full: StepReport = { ...report, durationMs: Math.round(options.now() - t0) };
  await options.answers.stepDone?.(full, step);
  return full;
}

/**
 * Run every step in order on one state (state carries over, as in a session). A failing step
 * does not stop the lab: later steps still run and score. The report depends only on the lab,
 * the seed, the answers and the model; durations aside, the same inputs give the same report.
 */
export async function runLab(options: RunLabOptions, onStep?: (report: StepReport) => void): Promise<LabReport> {
  const { lab } = options;
  const started = options.now();
  const steps: StepReport[] = [];
  for (const index of lab.spec.steps.keys()) {
    const full = await runStep(options, index);
    steps.push(full);
    onStep?.(full);
  }
  const passScore = lab.spec.passScore ?? 1;
  return {
    lab: lab.metadata.name,
    title: lab.metadata.title ?? lab.metadata.name,
    file: options.file,
    seed: options.seed,
    params: options.params,
    dcctlVersion: options.dcctlVersion,
    passScore,
    ...labPassed(steps, passScore),
    steps,
    wallTimeSec: Math.round(options.now() - started) / 1000,
  };
}
