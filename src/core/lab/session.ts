import type { LabFile, LabStep } from '../../config/lab-schema.js';
import type { DcEvent } from '../state.js';
import type { ParamValue } from './params.js';
import type { CommandRecord, LabReport, StepReport } from './run.js';
import { labPassed, withParamsInTexts } from './run.js';
import { attemptScore, hintsShown, maxAttempts } from './attempts.js';
import type { StepStatement } from './statement.js';
import { labStatement, stepKind, stepPoints } from './statement.js';

/**
 * A hands-on lab session (issue 14): `lab start` writes it into the state, `lab next` / `lab
 * answer` advance it, `lab stop` removes it. It lives in the locked state, so two terminals on
 * one state see one session. Pure functions here; the lab commands run the steps.
 */
export interface LabSession {
  lab: string;
  title: string;
  /** How `lab start` found the lab: a bundled lab's name, or the lab file's absolute path. */
  ref: string;
  /** The lab file as reports name it. */
  file: string;
  /** The lab file's sha256 at `lab start`: a changed file is refused. */
  sha256: string;
  seed: number;
  student: string | null;
  params: Record<string, ParamValue>;
  dcctlVersion: string;
  /** The journal epoch the session started on (a state import or reset since gives a new one). */
  epoch: string | null;
  /** The id of the session's `lab-started` event: events after it are the session's. */
  startEventId: number;
  /** The step to do now; steps.length once every step is over. */
  current: number;
  steps: SessionStep[];
}

export interface SessionStep {
  name: string;
  /** Checks of a task, answers of an ask, runs of a run step, so far. */
  attempts: number;
  /** `lab hint` calls for this step. */
  hintsAsked: number;
  /** The last event of this step (its lab-step event), once it is over. */
  endEventId: number | null;
  /** The graded step, once it is over (passed, answered, run, or out of attempts). */
  report: StepReport | null;
}

export function newSession(lab: LabFile, init: Omit<LabSession, 'lab' | 'title' | 'current' | 'steps' | 'epoch' | 'startEventId'>): LabSession {
  return {
    lab: lab.metadata.name,
    title: lab.metadata.title ?? lab.metadata.name,
    ...init,
    epoch: null,
    startEventId: 0,
    current: 0,
    steps: lab.spec.steps.map((s) => ({ name: s.name, attempts: 0, hintsAsked: 0, endEventId: null, report: null })),
  };
}

export const sessionComplete = (session: LabSession): boolean => session.current >= session.steps.length;

/** The step to do now, with the variant's params in its texts (null when the lab is done). */
export function currentStep(session: LabSession, lab: LabFile): LabStep | null {
  const step = lab.spec.steps[session.current];
  return step ? withParamsInTexts(step, session.params) : null;
}

/** The current step as the student reads it (question, task, command; never answers). */
export function currentStatement(session: LabSession, lab: LabFile): (StepStatement & { index: number; text: string | null }) | null {
  const step = currentStep(session, lab);
  if (!step) return null;
  const statement = labStatement({ ...lab, spec: { ...lab.spec, steps: [step] } }, session.file).steps[0]!;
  return { ...statement, index: session.current, run: step.run === undefined ? null : fillRun(step.run, session.params), text: step.task ?? step.ask?.question ?? null };
}

const fillRun = (run: string, params: Readonly<Record<string, ParamValue>>) => run.replace(/\$\{([A-Za-z_][\w-]*)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));

export interface AttemptOutcome {
  session: LabSession;
  /** The step's report with this attempt's count, score and hints. */
  report: StepReport;
  /** Whether the step is over (the session moved to the next one). */
  over: boolean;
}

/**
 * One attempt at the current step. A task that fails stays current (one more hint, its points
 * decayed by attempts.decay for the try that passes) until it passes or attempts.max is used;
 * a run or ask step is over after its one run. A step that errors is over (the lab is broken there).
 */
export function recordAttempt(session: LabSession, lab: LabFile, graded: StepReport): AttemptOutcome {
  const index = session.current;
  const step = lab.spec.steps[index]!;
  const held = session.steps[index]!;
  const attempts = held.attempts + 1;
  const passed = graded.status === 'passed';
  const over = passed || graded.kind !== 'task' || graded.status === 'error' || attempts >= maxAttempts(step);
  const hints = passed ? hintsShown(withParamsInTexts(step, session.params), 0, held.hintsAsked) : hintsShown(withParamsInTexts(step, session.params), attempts, held.hintsAsked);
  const report: StepReport = { ...graded, attempts, score: passed ? attemptScore(step, attempts) : 0, hints, hint: hints.at(-1) ?? null };
  const steps = session.steps.map((s, i) => (i === index ? { ...s, attempts, report: over ? report : null } : s));
  return { session: { ...session, steps, current: over ? index + 1 : index }, report, over };
}

/** One more hint for the current step (all of them once each was given). */
export function askHint(session: LabSession, lab: LabFile): { session: LabSession; hints: string[]; total: number } {
  const step = currentStep(session, lab);
  if (!step) return { session, hints: [], total: 0 };
  const held = session.steps[session.current]!;
  const hintsAsked = held.hintsAsked + 1;
  const hints = hintsShown(step, held.attempts, hintsAsked);
  const total = hintsShown(step, Infinity, 0).length;
  const steps = session.steps.map((s, i) => (i === session.current ? { ...s, hintsAsked } : s));
  return { session: { ...session, steps }, hints, total };
}

/** Mark the step just over with the event that closes it (its commands are the events before). */
export function closeStep(session: LabSession, index: number, endEventId: number): LabSession {
  return { ...session, steps: session.steps.map((s, i) => (i === index ? { ...s, endEventId } : s)) };
}

/** The commands a person typed that changed the state (from the event log), leaving out the lab's own. */
export function typedCommands(events: readonly DcEvent[]): CommandRecord[] {
  return events.filter((e) => e.command !== undefined && e.by !== 'lab' && !e.type.startsWith('lab-')).map((e) => ({ command: e.command!, exitCode: 0 }));
}

/** The events of each step: after the previous step's end (or the start), up to its own end (the current one: up to now). */
export function stepEventRanges(session: LabSession): { from: number; to: number }[] {
  let from = session.startEventId;
  return session.steps.map((s) => {
    const range = { from, to: s.endEventId ?? Infinity };
    if (s.endEventId !== null) from = s.endEventId;
    return range;
  });
}

export interface Continuity {
  continuous: boolean;
  /** What broke it, in words (a state import or reset, a dc apply outside the lab). */
  breaks: string[];
}

/** Whether the session's state is the one it started on: the same journal epoch and no dc apply by hand since. */
export function sessionContinuity(session: LabSession, epoch: string | null, events: readonly DcEvent[]): Continuity {
  const breaks: string[] = [];
  if (session.epoch !== null && epoch !== session.epoch) breaks.push('the state was replaced (state import or state reset) after lab start');
  for (const e of events) {
    if (e.id > session.startEventId && e.type === 'dc-applied' && e.by !== 'lab') breaks.push(`dc apply outside the lab (event ${e.id}: ${e.message})`);
  }
  return { continuous: breaks.length === 0, breaks };
}

export interface SessionProgress {
  lab: string;
  title: string;
  seed: number;
  student: string | null;
  params: Record<string, ParamValue>;
  /** 1-based number of the step to do now (null when every step is over). */
  step: number | null;
  steps: number;
  done: number;
  score: number;
  maxScore: number;
  complete: boolean;
  passed: boolean;
}

export function sessionProgress(session: LabSession, lab: LabFile): SessionProgress {
  const over = session.steps.filter((s) => s.report !== null).map((s) => s.report!);
  const passScore = lab.spec.passScore ?? 1;
  const { score, passed } = labPassed(over, passScore);
  const maxScore = lab.spec.steps.reduce((sum, s) => sum + stepPoints(s), 0);
  const complete = sessionComplete(session);
  const ratio = maxScore === 0 ? 1 : score / maxScore;
  return {
    lab: session.lab, title: session.title, seed: session.seed, student: session.student, params: session.params,
    step: complete ? null : session.current + 1, steps: session.steps.length, done: over.length,
    score: Math.round(score * 1000) / 1000, maxScore, complete, passed: complete && passed && ratio + 1e-12 >= passScore,
  };
}

/** A step not reached yet, as a session report shows it. */
function pendingStep(step: LabStep, held: SessionStep): StepReport {
  return {
    name: step.name, kind: stepKind(step), status: 'pending',
    points: stepPoints(step), score: 0, command: null, exitCode: null, commands: [], checks: [], answer: null,
    hint: null, hints: [], attempts: held.attempts, summary: held.attempts ? `not done yet (${held.attempts} attempt${held.attempts === 1 ? '' : 's'} so far)` : 'not done yet',
    error: null, explain: null, whatIf: [], misconception: null, durationMs: 0,
  };
}

export type SessionReport = LabReport & {
  session: { student: string | null; complete: boolean; continuous: boolean; breaks: string[]; sha256: string };
};

/**
 * The session as `lab run` reports a lab, plus per step its attempts and the commands the student
 * typed during it (from the event log), and whether the session was continuous.
 */
export function sessionReport(session: LabSession, lab: LabFile, events: readonly DcEvent[], continuity: Continuity): SessionReport {
  const ranges = stepEventRanges(session);
  const steps = lab.spec.steps.map((step, i) => {
    const held = session.steps[i]!;
    const typed = typedCommands(events.filter((e) => e.id > ranges[i]!.from && e.id <= ranges[i]!.to));
    const report = held.report ?? pendingStep(step, held);
    // A task's own commands are what the student typed; a run/ask step's command is the lab's.
    return { ...report, commands: typed };
  });
  const progress = sessionProgress(session, lab);
  const passScore = lab.spec.passScore ?? 1;
  return {
    lab: session.lab, title: session.title, file: session.file, seed: session.seed, params: session.params, dcctlVersion: session.dcctlVersion,
    passScore, score: progress.score, maxScore: progress.maxScore, passed: progress.passed, steps, wallTimeSec: 0,
    session: { student: session.student, complete: progress.complete, continuous: continuity.continuous, breaks: continuity.breaks, sha256: session.sha256 },
  };
}
