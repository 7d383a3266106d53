import type { FieldIssue } from './issues.js';
import type { LabFile } from './lab-schema.js';
import type { YamlFileKind } from './load.js';
import { locate, parseYamlFile, problemsError } from './load.js';
import type { AnswerValue } from '../core/lab/grade.js';

/** A student's answers: a value per ask step, the commands per task step (issue 13). */
export type LabAnswers = Record<string, AnswerValue | string[]>;

const ANSWERS_FILE: YamlFileKind = {
  article: 'an answers file',
  emptyHint: 'write one line per step: `predict-rounds: 7` for an ask, `move-m1c: [vm migrate m1c --to a2]` for a task',
  tooBigHint: 'an answers file holds a value or a few commands per step',
  field: 'an answer',
  code: 'invalid-answers',
};

/**
 * Parse and check an answers file (YAML or JSON) against the lab: every key a step of it, an
 * ask's answer a number, text or boolean, a task's a list of dcctl commands. Exit 2 at FILE:LINE:COL.
 */
export function loadAnswers(bytes: Uint8Array, file: string, lab: LabFile): LabAnswers {
  const { doc, lineCounter, data } = parseYamlFile(bytes, file, ANSWERS_FILE);
  const issues: FieldIssue[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    issues.push({ path: [], message: 'an answers file is a mapping of step names to answers', hint: ANSWERS_FILE.emptyHint });
  } else {
    const steps = new Map(lab.spec.steps.map((s) => [s.name, s]));
    for (const [name, value] of Object.entries(data)) {
      const step = steps.get(name);
      if (!step) {
        const asks = lab.spec.steps.filter((s) => s.ask || s.task !== undefined).map((s) => s.name);
        issues.push({ path: [name], atKey: true, message: `not a step of lab ${lab.metadata.name}`, hint: `the steps that take answers: ${asks.join(', ') || '(none)'}` });
      } else if (step.task !== undefined) {
        if (!Array.isArray(value) || !value.every((c) => typeof c === 'string' && c.trim() !== '')) {
          issues.push({ path: [name], message: 'a task: its answer is a list of dcctl commands', hint: `${name}: [vm migrate m1c --to a2]` });
        }
      } else if (!step.ask) {
        issues.push({ path: [name], atKey: true, message: 'this step asks nothing (it only runs a command)', hint: 'remove it' });
      } else if (!['string', 'number', 'boolean'].includes(typeof value)) {
        issues.push({ path: [name], message: 'a question: its answer is a number, a word or true/false', hint: step.ask.choices ? `one of ${step.ask.choices.join(', ')}` : `${name}: 42` });
      }
    }
  }
  if (issues.length) throw problemsError(issues.map((issue) => locate(issue, doc, lineCounter, file)), ANSWERS_FILE.code);
  return data as LabAnswers;
}
