import type { Command } from '@oclif/core';
import { LabCommand } from './lab-command.js';
import { HandsOn } from './lab/hands-on.js';
import type { LabSession, SessionProgress } from './core/lab/session.js';
import { currentStatement, sessionComplete, sessionProgress } from './core/lab/session.js';
import type { LabFile, LabStep } from './config/lab-schema.js';
import type { LabSource } from './lab/source.js';
import type { StepReport } from './core/lab/run.js';
import { maxAttempts } from './core/lab/attempts.js';
import type { CurrentStep } from './render/lab-session.js';
import { progressLine, renderAttempt, renderCurrentStep } from './render/lab-session.js';

export interface LabStepResult {
  /** The step just graded (null when every step was already over). */
  result: StepReport | null;
  /** Whether that step is over (false: a task that failed and has attempts left stays current). */
  over: boolean;
  /** The step had been done by another lab command while this one waited: its recorded result, nothing run again. */
  alreadyDone: boolean;
  /** How many attempts the step allows (null: as many as it takes). */
  attemptsAllowed: number | null;
  progress: SessionProgress;
  step: CurrentStep | null;
}

/** The hands-on session commands (lab start, next, answer, status, hint, report, stop) on the state dir. */
export abstract class LabSessionCommand<T extends typeof Command> extends LabCommand<T> {
  protected handsOn(): HandsOn {
    return new HandsOn(this.config, this.catalog(), this.store());
  }

  protected current(session: LabSession, lab: LabFile): CurrentStep | null {
    return currentStatement(session, lab);
  }

  /**
   * `lab next` / `lab answer`: under the session lock, grade the current step with `grade`. The
   * step seen before waiting for the lock is the one meant: when another terminal did it
   * meanwhile, its recorded result is shown and nothing runs twice. Exit 1 when the step did not pass.
   */
  protected async advance(grade: (handsOn: HandsOn, session: LabSession, source: LabSource, step: LabStep) => Promise<{ report: StepReport; over: boolean; session: LabSession }>): Promise<LabStepResult> {
    const handsOn = this.handsOn();
    const observed = (await handsOn.session()).session.current;
    const outcome = await handsOn.exclusive(async (): Promise<LabStepResult> => {
      const { session } = await handsOn.session();
      const source = handsOn.labOf(session);
      const { lab } = source;
      const allowed = (index: number) => {
        const max = maxAttempts(lab.spec.steps[index] ?? {});
        return Number.isFinite(max) ? max : null;
      };
      const done = session.steps[observed]?.report;
      if (session.current !== observed && done) {
        return { result: done, over: true, alreadyDone: true, attemptsAllowed: allowed(observed), progress: sessionProgress(session, lab), step: this.current(session, lab) };
      }
      if (sessionComplete(session)) return { result: null, over: true, alreadyDone: false, attemptsAllowed: null, progress: sessionProgress(session, lab), step: null };
      const index = session.current;
      const graded = await grade(handsOn, session, source, lab.spec.steps[index]!);
      return { result: graded.report, over: graded.over, alreadyDone: false, attemptsAllowed: allowed(index), progress: sessionProgress(graded.session, lab), step: this.current(graded.session, lab) };
    });
    this.applyOutputSettings(); // the step's commands ran in this process
    this.show(() => (outcome.result
      ? renderAttempt({ ...outcome, result: outcome.result }, outcome.attemptsAllowed)
      : `${progressLine(outcome.progress)}\n\n${renderCurrentStep(null, outcome.progress.steps)}`));
    const passed = outcome.result ? outcome.result.status === 'passed' : outcome.progress.passed;
    if (!passed) this.failedExitCode = 1;
    return outcome;
  }
}
