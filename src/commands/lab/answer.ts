import { Args } from '@oclif/core';
import { LabSessionCommand } from '../../lab-session-command.js';
import type { LabStepResult } from '../../lab-session-command.js';
import { badInput, refused } from '../../core/errors.js';
import { choiceAnswer } from '../../core/lab/grade.js';

export default class LabAnswer extends LabSessionCommand<typeof LabAnswer> {
  static override summary = 'Answer the current question of the lab session; its command then runs and the model\'s value is shown beside yours';
  static override description = 'VALUE is a number (with a unit where the result field has one: 34s, 210ms, 3Gbit/s, 41%), a word, or one of the choices (its text or its letter a, b, c ...). '
    + 'A question is answered once. Exit 0 for a right answer, 1 for a wrong one.';
  static override examples = ['<%= config.bin %> lab answer 4', '<%= config.bin %> lab answer 4 --json'];
  static override args = { value: Args.string({ description: 'your answer', required: true }) };

  async run(): Promise<LabStepResult> {
    const value = this.args.value.trim();
    if (value === '') throw badInput('empty-answer', 'the answer is empty', 'type a number, a word or a choice: dcctl lab answer 4');
    return this.advance(async (handsOn, session, source, step) => {
      if (!step.ask) {
        throw refused('not-a-question', `step ${session.current + 1} (${step.name}) is a ${step.task !== undefined ? 'task' : 'command to run'}, not a question`,
          step.task !== undefined ? 'do the task with dcctl commands, then dcctl lab next' : 'dcctl lab next runs it');
      }
      return handsOn.attempt(session, source, choiceAnswer(value, step.ask.choices));
    });
  }
}
