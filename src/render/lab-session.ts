import type { SessionProgress } from '../core/lab/session.js';
import type { StepReport } from '../core/lab/run.js';
import type { StepStatement } from '../core/lab/statement.js';
import { plural } from '../core/text.js';
import { renderStep, shownValue } from './lab.js';
import { bold, cyan, dim, green, red, yellow } from './style.js';

export type CurrentStep = StepStatement & { index: number; text: string | null };

/** "Score 3/5 (60%), 2 of 4 steps done" */
export function progressLine(p: SessionProgress): string {
  const percent = p.maxScore === 0 ? 100 : Math.round((p.score / p.maxScore) * 1000) / 10;
  const done = p.complete ? (p.passed ? green('complete: passed') : red('complete: not passed')) : `${p.done} of ${plural(p.steps, 'step')} done`;
  return `${bold('Score')} ${p.score}/${p.maxScore} (${percent}%), ${done}`;
}

export function sessionHeading(p: SessionProgress): string {
  const params = Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${bold(p.title)} ${dim(`(lab ${p.lab}, seed ${p.seed}${p.student ? `, student ${p.student}` : ''}${params ? `: ${params}` : ''})`)}`;
}

/** The step to do now and what to type for it. */
export function renderCurrentStep(step: CurrentStep | null, steps: number): string {
  if (!step) return `${green('Every step is done.')} ${dim('dcctl lab report shows the whole report; dcctl lab stop ends the session.')}`;
  const lines = [`${bold(`Step ${step.index + 1} of ${steps}: ${step.name}`)} ${dim(`(${step.kind}, ${plural(step.points, 'point')})`)}`];
  if (step.kind === 'ask') {
    lines.push(`  ${yellow('?')} ${step.question}${step.choices ? ` ${dim(`[${step.choices.map((c, i) => `${String.fromCharCode(97 + i)}) ${shownValue(c)}`).join('  ')}]`)}` : ''}`);
    lines.push(`  ${cyan(`$ dcctl ${step.run}`)} ${dim('(runs after your answer)')}`);
    lines.push(dim('  answer with: dcctl lab answer VALUE (a number, with a unit where it has one, or a choice)'));
  } else if (step.kind === 'task') {
    lines.push(`  ${step.task}`);
    lines.push(dim('  do it with dcctl commands in this state, then: dcctl lab next (it checks the state)'));
  } else {
    if (step.run) lines.push(`  ${cyan(`$ dcctl ${step.run}`)}`);
    lines.push(dim('  dcctl lab next runs it'));
  }
  return lines.join('\n');
}

/** A step's result after `lab next` / `lab answer`, then what comes next. */
export function renderAttempt(result: { result: StepReport; over: boolean; alreadyDone: boolean; progress: SessionProgress; step: CurrentStep | null }, maxAttempts: number | null): string {
  const lines: string[] = [];
  if (result.alreadyDone) lines.push(dim('This step was just done by another lab command on this state; its result:'));
  lines.push(renderStep(result.result));
  if (!result.over) {
    const left = maxAttempts === null ? '' : ` (attempt ${result.result.attempts} of ${maxAttempts})`;
    lines.push('', `${yellow('Not yet')}: the step stays${left}. Change the state, then dcctl lab next again; dcctl lab hint gives a hint.`);
  } else {
    lines.push('', progressLine(result.progress), '', renderCurrentStep(result.step, result.progress.steps));
  }
  return lines.join('\n');
}
