import { LabSessionCommand } from '../../lab-session-command.js';
import type { SessionProgress } from '../../core/lab/session.js';
import { sessionProgress } from '../../core/lab/session.js';
import type { StepKind, StepStatus } from '../../core/lab/run.js';
import type { CurrentStep } from '../../render/lab-session.js';
import { progressLine, renderCurrentStep, sessionHeading } from '../../render/lab-session.js';
import { findLab } from '../../lab/source.js';
import { stepKind, stepPoints } from '../../core/lab/statement.js';
import { dim, yellow } from '../../render/style.js';
import { table } from '../../render/table.js';

export interface LabStatusResult {
  progress: SessionProgress;
  step: CurrentStep | null;
  steps: { name: string; kind: StepKind; status: StepStatus; score: number; points: number; attempts: number }[];
  /** The lab file differs from the one `lab start` read (lab next, answer and report refuse it). */
  labFileChanged: boolean;
}

export default class LabStatus extends LabSessionCommand<typeof LabStatus> {
  static override summary = 'Show the lab session\'s progress, score so far and the current step';
  static override examples = ['<%= config.bin %> lab status', '<%= config.bin %> lab status --json'];

  async run(): Promise<LabStatusResult> {
    const handsOn = this.handsOn();
    const { session } = await handsOn.session();
    let changed = false;
    let lab;
    try {
      lab = handsOn.labOf(session).lab; // checks the file's sha256
    } catch {
      changed = true; // status still shows the progress, from the lab as it is now
      lab = findLab(session.ref, this.config.root, this.catalog()).lab;
    }
    const result: LabStatusResult = {
      progress: sessionProgress(session, lab),
      step: this.current(session, lab),
      steps: lab.spec.steps.map((step, i) => {
        const held = session.steps[i];
        const report = held?.report ?? null;
        return { name: step.name, kind: stepKind(step), status: report?.status ?? 'pending', score: report?.score ?? 0, points: stepPoints(step), attempts: held?.attempts ?? 0 };
      }),
      labFileChanged: changed,
    };
    this.show(() => [
      sessionHeading(result.progress),
      ...(changed ? [yellow(`The lab file ${session.file} changed since lab start: lab next, answer and report refuse it until it is restored.`)] : []),
      table(['#', 'step', 'kind', 'status', 'score', 'attempts'], result.steps.map((s, i) => [i + 1, s.name, s.kind, s.status, `${s.score}/${s.points}`, s.attempts]), ['right', 'left', 'left', 'left', 'right', 'right']),
      progressLine(result.progress),
      '',
      renderCurrentStep(result.step, result.progress.steps),
      dim(`state: ${handsOn.store.dir}`),
    ].join('\n'));
    return result;
  }
}
