import type { LabStep } from '../config/lab-schema.js';
import type { AnswerValue } from '../core/lab/grade.js';
import type { AnswerSource } from '../core/lab/run.js';
import { failedCheckLine, shownValue } from '../render/lab.js';
import { bold, cyan, dim, yellow } from '../render/style.js';
import { stepPoints } from '../core/lab/statement.js';
import { plural } from '../core/text.js';
import { stepHints } from '../core/lab/attempts.js';

/**
 * A person at the terminal (`lab run --interactive`): each question is asked before its command
 * runs (a list for choices, free text otherwise: a number, with a unit where the field has one);
 * a task gives a `lab>` prompt where dcctl commands run with their own output, and `check`,
 * `hint` or `skip` end or help the step. Ctrl-C throws inquirer's ExitPromptError to the command.
 */
export function interactiveAnswers(say: (text: string) => void): AnswerSource {
  const heading = (step: LabStep, index: number) => say(`\n${bold(`${index + 1}. ${step.name}`)} ${dim(`(${plural(stepPoints(step), 'point')})`)}`);
  return {
    ask: async (step, index) => {
      heading(step, index);
      const ask = step.ask!;
      say(`${cyan(`$ dcctl ${step.run}`)} ${dim('(runs after your answer)')}`);
      const { input, select } = await import('@inquirer/prompts');
      if (ask.choices) {
        return select<AnswerValue>({ message: ask.question, choices: ask.choices.filter((c) => c !== null).map((c) => ({ name: shownValue(c), value: c as AnswerValue })) });
      }
      return input({ message: ask.question, required: true, validate: (text) => (text.trim() === '' ? 'type an answer (a number, with a unit where it has one)' : true) });
    },
    task: async (step, index, work) => {
      heading(step, index);
      say(step.task!);
      say(dim('Type dcctl commands (without "dcctl"); then check, hint or skip.'));
      const { input } = await import('@inquirer/prompts');
      const hints = stepHints(step);
      let hintsGiven = 0;
      const nextHint = () => say(hints.length ? `${yellow('hint')}: ${hints[Math.min(hintsGiven++, hints.length - 1)]}` : dim('this step has no hint'));
      for (;;) {
        const line = (await input({ message: 'lab>' })).trim();
        if (line === '') continue;
        if (line === 'skip') return 'skip';
        if (line === 'hint') {
          nextHint();
          continue;
        }
        if (line === 'check') {
          const failed = (await work.check()).filter((c) => !c.passed);
          if (failed.length === 0) return 'check';
          for (const c of failed) say(`  ${failedCheckLine(c)}`);
          if (hintsGiven < hints.length) nextHint(); // one more hint per failed check
          say(dim('not yet: keep going, or type hint or skip'));
          continue;
        }
        const outcome = await work.run(line, { show: true });
        if (outcome.refused) say(`${yellow('not here')}: ${outcome.refused}`);
        else if (outcome.exitCode !== 0) say(dim(`(exit ${outcome.exitCode})`));
      }
    },
  };
}
