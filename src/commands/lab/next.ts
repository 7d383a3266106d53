import { LabSessionCommand } from '../../lab-session-command.js';
import type { LabStepResult } from '../../lab-session-command.js';
import { refused } from '../../core/errors.js';

export default class LabNext extends LabSessionCommand<typeof LabNext> {
  static override summary = 'Do the current step of the lab session: run a run step, check a task against the state as it stands';
  static override description = 'A task that fails stays current: each failed check is shown as path: expected X, got Y, with one more hint per failed attempt. '
    + 'A question is answered with dcctl lab answer VALUE. Exit 0 when the step passed (or the finished lab was passed), 1 when not, 3 without a session or when the lab file changed.';
  static override examples = ['<%= config.bin %> lab next', '<%= config.bin %> lab next --json'];

  async run(): Promise<LabStepResult> {
    return this.advance(async (handsOn, session, source, step) => {
      if (step.ask) throw refused('answer-first', `step ${session.current + 1} (${step.name}) is a question: answer it first`, 'dcctl lab answer VALUE (dcctl lab status shows the question)');
      return handsOn.attempt(session, source, null);
    });
  }
}
