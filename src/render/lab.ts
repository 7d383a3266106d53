import type { CheckRecord } from '../core/lab/grade.js';
import { withUnit } from '../core/lab/grade.js';
import type { CounterfactualRecord, LabReport, StepReport, StepStatus } from '../core/lab/run.js';
import type { VerifyReport } from '../core/lab/verify.js';
import { RELATION_LAWS } from '../config/lab-schema.js';
import type { LabStatement } from '../core/lab/statement.js';
import { plainText, safeText } from './terminal.js';
import { bold, cyan, dim, green, red, yellow } from './style.js';
import { table } from './table.js';

/** A value as a report shows it: numbers to 6 significant digits, text as is, the rest as JSON (capped). */
export function shownValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 0) return 'none (an empty list)';
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return `[${value.map(shownValue).join(', ')}]`;
  const json = JSON.stringify(value) ?? 'nothing';
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** A relation's expected value is { param: [values] }: "bandwidth goes 1Gbit/s, 10Gbit/s". */
function variedValues(expected: unknown): string {
  const [param, values] = Object.entries(expected as Record<string, unknown[]>)[0] ?? ['?', []];
  return `${param} goes ${values.map(shownValue).join(', ')}`;
}

const OP_WORDS: Record<string, (expected: unknown) => string> = {
  equals: (e) => shownValue(e),
  notEquals: (e) => `not ${shownValue(e)}`,
  lessThan: (e) => `< ${shownValue(e)}`,
  atMost: (e) => `<= ${shownValue(e)}`,
  greaterThan: (e) => `> ${shownValue(e)}`,
  atLeast: (e) => `>= ${shownValue(e)}`,
  approx: (e) => `about ${shownValue(e)}`,
  matches: (e) => `to match /${String(e)}/`,
  oneOf: (e) => `one of ${Array.isArray(e) ? e.map(shownValue).join(', ') : shownValue(e)}`,
  exists: (e) => (e === false ? 'nothing there' : 'a value'),
  ...Object.fromEntries(RELATION_LAWS.map((law) => [law, (e: unknown) => `${law} readings as ${variedValues(e)}`])),
  length: (e) => (typeof e === 'number' ? `length ${e}` : `length ${Object.entries(e as object).map(([op, v]) => OP_WORDS[op]?.(v) ?? '').join(', ')}`),
};

/** `path: expected X, got Y` — what a failed check says in every report. */
export function failedCheckLine(check: CheckRecord): string {
  const got = check.actual === null ? 'nothing (the path found no value)'
    : Array.isArray(check.actual) && check.actual.some((v) => v === null) ? `${shownValue(check.actual)} (null: a run gave no value there)` : shownValue(check.actual);
  return `${check.path}: expected ${OP_WORDS[check.op]!(check.expected)}, got ${got}`;
}

const MARK: Record<StepStatus, string> = { passed: '✓', failed: '✗', error: '!', unanswered: '?', pending: '·' };
const markColour: Record<StepStatus, (text: string) => string> = { passed: green, failed: red, error: red, unanswered: yellow, pending: dim };

/** The hints a step gave (older reports: the one hint). */
const givenHints = (step: StepReport): string[] => (step.hints?.length ? step.hints : step.hint ? [step.hint] : []);
const hintNotes = (step: StepReport): string[] => givenHints(step).map((h) => `hint: ${h}`);

export function answerLine(step: StepReport): string | null {
  const a = step.answer;
  if (!a) return null;
  const unit = withUnit(a.correct, a.path);
  const notes = [unit && unit !== shownValue(a.correct) ? unit : null, a.tolerance === 0 ? null : `tolerance ${a.tolerance}`].filter(Boolean);
  const correct = `${shownValue(a.correct)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  if (a.given === null) return `no answer; the model's: ${correct}`;
  return `your answer ${shownValue(a.given)}, the model's ${correct}: ${a.passed ? green('right') : red('wrong')}`;
}

/** "with twice the bandwidth: 4 (migrations[0].rounds)" — a counterfactual's words and value. */
export function counterfactualLine(c: CounterfactualRecord): string {
  const unit = withUnit(c.value, c.show);
  const value = c.value === null ? 'nothing (the command gave no value there)' : `${shownValue(c.value)}${unit && unit !== shownValue(c.value) ? ` (${unit})` : ''}`;
  return `${c.say}: ${value} ${dim(`(${c.show} of ${c.command})`)}`;
}

/** One step of the human checklist: mark, name, points, command; then what the student needs to read. */
export function renderStep(step: StepReport): string {
  const tries = step.attempts > 1 ? dim(` (${step.attempts} attempts)`) : '';
  const head = `${markColour[step.status](MARK[step.status])} ${bold(step.name)} ${dim(`${step.score}/${step.points}`)}${tries}${step.command ? `  ${cyan(step.command)}` : ''}`;
  const lines = [head, `    ${step.summary}`];
  for (const c of step.commands) lines.push(`    ${dim('$')} ${c.command} ${dim(`(exit ${c.exitCode})`)}`);
  const answer = answerLine(step);
  if (answer) lines.push(`    ${answer}`);
  if (step.error) lines.push(`    ${red('error')}: ${step.error}`);
  for (const c of step.checks.filter((check) => !check.passed)) lines.push(`    ${failedCheckLine(c)}`);
  if (step.misconception) lines.push(`    ${yellow('misconception')}: ${counterfactualLine(step.misconception)}`);
  for (const w of step.whatIf) lines.push(`    ${cyan('what if')}: ${counterfactualLine(w)}`);
  for (const hint of givenHints(step)) lines.push(`    ${yellow('hint')}: ${hint}`);
  if (step.explain) lines.push(`    ${dim(step.explain)}`);
  return lines.join('\n');
}

export function scoreLine(report: LabReport): string {
  const percent = report.maxScore === 0 ? 100 : Math.round((report.score / report.maxScore) * 1000) / 10;
  const verdict = report.passed ? green('passed') : red('not passed');
  const errored = report.steps.filter((s) => s.status === 'error').length;
  return `${bold('Score')} ${report.score}/${report.maxScore} (${percent}%, pass mark ${Math.round(report.passScore * 1000) / 10}%): ${verdict}${errored ? red(` (${errored} step${errored === 1 ? '' : 's'} errored)`) : ''}`;
}

export function labHeading(report: Pick<LabReport, 'lab' | 'title' | 'seed' | 'params'>): string {
  const params = Object.entries(report.params).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${bold(report.title)} ${dim(`(lab ${report.lab}, seed ${report.seed}${params ? `: ${params}` : ''})`)}`;
}

export function renderLabReport(report: LabReport): string {
  return [labHeading(report), '', ...report.steps.map(renderStep), '', scoreLine(report)].join('\n');
}

const xml = (text: string) => safeText(plainText(text)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** JUnit XML as GitLab and GitHub test reporters read it: a suite per lab, a case per step. */
export function renderJunit(report: LabReport): string {
  const failures = report.steps.filter((s) => s.status === 'failed' || s.status === 'unanswered').length;
  const errors = report.steps.filter((s) => s.status === 'error').length;
  const pending = report.steps.filter((s) => s.status === 'pending').length;
  const skipped = pending ? ` skipped="${pending}"` : '';
  const cases = report.steps.map((s) => {
    const time = (s.durationMs / 1000).toFixed(3);
    const open = `    <testcase classname="${xml(report.lab)}" name="${xml(s.name)}" time="${time}">`;
    const body: string[] = [];
    const details = [s.summary, answerLine(s), ...s.checks.filter((c) => !c.passed).map(failedCheckLine), s.misconception ? `misconception: ${counterfactualLine(s.misconception)}` : null, ...s.whatIf.map((w) => `what if: ${counterfactualLine(w)}`), ...hintNotes(s)].filter((x): x is string => x !== null);
    if (s.status === 'error') body.push(`      <error message="${xml(s.error ?? 'error')}" type="error">${xml(details.join('\n'))}</error>`);
    else if (s.status === 'pending') body.push('      <skipped message="not done yet"/>');
    else if (s.status !== 'passed') {
      const first = s.status === 'unanswered' ? 'unanswered' : s.checks.find((c) => !c.passed) ? failedCheckLine(s.checks.find((c) => !c.passed)!) : answerLine(s) ?? 'failed';
      body.push(`      <failure message="${xml(first)}" type="${s.status}">${xml(details.join('\n'))}</failure>`);
    }
    body.push(`      <system-out>${xml(`score ${s.score}/${s.points}`)}</system-out>`);
    return [open, ...body, '    </testcase>'].join('\n');
  });
  const params = Object.entries(report.params).map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dcctl lab" tests="${report.steps.length}" failures="${failures}" errors="${errors}"${skipped} time="${report.wallTimeSec.toFixed(3)}">`,
    `  <testsuite name="${xml(report.lab)}" tests="${report.steps.length}" failures="${failures}" errors="${errors}"${skipped} time="${report.wallTimeSec.toFixed(3)}">`,
    '    <properties>',
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="score" value="${report.score}/${report.maxScore}"/>`,
    ...Object.entries(report.params).map(([k, v]) => `      <property name="param.${xml(k)}" value="${xml(String(v))}"/>`),
    '    </properties>',
    ...cases,
    `    <system-out>${xml(`lab ${report.lab}: score ${report.score}/${report.maxScore}, ${report.passed ? 'passed' : 'not passed'} (pass mark ${report.passScore}); seed ${report.seed}${params ? `; ${params}` : ''}; dcctl ${report.dcctlVersion}`)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

const cell = (text: string) => safeText(plainText(text)).replace(/\|/g, '\\|');

/** A Markdown table for $GITHUB_STEP_SUMMARY. */
export function renderMarkdown(report: LabReport): string {
  const icon: Record<StepStatus, string> = { passed: '✅', failed: '❌', error: '⚠️', unanswered: '❔', pending: '⏳' };
  const params = Object.entries(report.params).map(([k, v]) => `\`${k}=${v}\``).join(', ');
  const rows = report.steps.map((s) => {
    const notes = [s.summary, answerLine(s), s.error, ...s.checks.filter((c) => !c.passed).map(failedCheckLine), s.misconception ? `misconception: ${counterfactualLine(s.misconception)}` : null, ...s.whatIf.map((w) => `what if: ${counterfactualLine(w)}`), ...hintNotes(s)]
      .filter((x): x is string => Boolean(x)).map(cell);
    return `| ${icon[s.status]} | \`${cell(s.name)}\` | ${s.score}/${s.points} | ${notes.join('<br>')} |`;
  });
  return [
    `### ${cell(report.title)} (lab \`${cell(report.lab)}\`)`,
    '',
    `**${report.passed ? 'Passed' : 'Not passed'}**: ${report.score}/${report.maxScore} points, pass mark ${report.passScore * 100}%; seed ${report.seed}${params ? `, ${params}` : ''}.`,
    '',
    '| | Step | Points | Result |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export interface LabListing {
  name: string;
  title: string;
  topics: string[];
  steps: number;
  points: number;
  params: string[];
  file: string;
}

export function renderLabList(labs: LabListing[]): string {
  if (labs.length === 0) return dim('no labs');
  return table(['LAB', 'TITLE', 'TOPICS', 'STEPS', 'POINTS', 'PARAMS'],
    labs.map((l) => [l.name, l.title, l.topics.join(', '), l.steps, l.points, l.params.join(', ') || dim('-')]),
    ['left', 'left', 'left', 'right', 'right', 'left'], { fit: { drop: ['PARAMS', 'TOPICS'], squeeze: 'TITLE' } });
}

export function renderVerify(report: VerifyReport): string {
  const head = `${bold(report.lab)} ${dim(`(${report.file})`)}: ${report.seeds} seed${report.seeds === 1 ? '' : 's'}, ${report.distinctAnswerSets} distinct answer set${report.distinctAnswerSets === 1 ? '' : 's'}`;
  if (report.passed) return `${head}\n${green('✓')} every seed scores full marks with the reference answers; every task's check fails before its solution; every counterfactual gives a value`;
  const lines = report.failures.slice(0, 50).map((f) => `${red('✗')} ${f.seed === null ? 'all seeds' : `seed ${f.seed}`}${f.step ? `, step ${bold(f.step)}` : ''}: ${f.reason}`);
  if (report.failures.length > 50) lines.push(dim(`... and ${report.failures.length - 50} more`));
  return [head, ...lines, red(`${report.failures.length} problem${report.failures.length === 1 ? '' : 's'}`)].join('\n');
}

export function renderLabStatement(s: LabStatement): string {
  const lines = [`${bold(s.title)} ${dim(`(lab ${s.lab}; ${s.topics.join(', ')}; ${s.maxScore} point${s.maxScore === 1 ? '' : 's'}, pass mark ${Math.round(s.passScore * 1000) / 10}%)`)}`];
  const params = Object.keys(s.params);
  if (params.length) lines.push(dim(`Each student's variant sets ${params.map((p) => `\${${p}}`).join(', ')}.`));
  s.steps.forEach((step, i) => {
    lines.push('', `${bold(`${i + 1}. ${step.name}`)} ${dim(`(${step.kind}, ${step.points} point${step.points === 1 ? '' : 's'})`)}`);
    if (step.question) lines.push(`   ${yellow('?')} ${step.question}${step.choices ? ` ${dim(`[${step.choices.map(shownValue).join(' / ')}]`)}` : ''}`);
    if (step.run) lines.push(`   ${cyan(`$ dcctl ${step.run}`)}`);
    if (step.task) lines.push(`   ${step.task}`);
  });
  return lines.join('\n');
}
