import { COMPARATORS } from '../core/lab/compare.js';
import type { ParamSpec } from '../core/lab/params.js';
import { paramSpecProblem } from '../core/lab/params.js';
import { parsePath } from '../core/lab/path.js';
import type { CommandCatalog } from '../core/lab/commands.js';
import { labCommandProblem, resolveCommand } from '../core/lab/commands.js';
import { splitWords } from '../core/lab/words.js';
import type { FieldIssue, Path } from './issues.js';
import type { LabFile, LabRelation } from './lab-schema.js';
import { checkGroups } from '../core/lab/relations.js';

const COMPARATOR_SET = new Set<string>(COMPARATORS);

/** A path is checked with each ${param} standing for a plain key (its values are names and numbers). */
const withParamsFilled = (text: string) => text.replace(/\$\{[^}]*\}/g, 'p');

/**
 * What a lab file's shape cannot say, found when the lab loads rather than when a step runs:
 * one of run/task per step, ask only with run, unique step names, each check a valid path with
 * exactly one comparator, ${params} declared, run strings that split and stay inside the lab
 * and, given the CLI's catalog, name a dcctl command and its flags.
 */
export function labRuleIssues(lab: LabFile, catalog?: CommandCatalog): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: Path, message: string, hint: string) => issues.push({ path, message, hint });
  const params = lab.spec.params ?? {};
  for (const [name, spec] of Object.entries(params)) {
    const problem = paramSpecProblem(spec as ParamSpec);
    if (problem) add(['spec', 'params', name], problem, 'a param is { choice: [a, b] } or { range: [lo, hi], step: s }');
  }
  const paramsDeclared = (path: Path, text: string, varied?: string) => {
    const unknown = [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!).filter((name) => !Object.hasOwn(params, name) && name !== varied);
    if (unknown.length) add(path, `\${${unknown[0]}} is not a param of this lab`, `declare it under spec.params, or use one of: ${Object.keys(params).join(', ') || '(none declared)'}`);
  };
  const commandRules = (path: Path, command: string, varied?: string) => {
    paramsDeclared(path, command, varied);
    const split = splitWords(command);
    if (!split.ok) return add(path, split.error, 'quote as a shell would: "two words" or \'two words\'');
    if (split.words[0] === 'dcctl') return add(path, 'a run string starts with the command, without "dcctl"', `write "${split.words.slice(1).join(' ')}"`);
    const outside = labCommandProblem(split.words); // the runner refuses the same, should one come from a student
    if (outside) return add(path, outside, split.words[0] === 'lab' ? 'run them from your shell' : 'remove the flag');
    if (catalog) {
      const resolved = resolveCommand(split.words, catalog);
      if (!resolved.ok) add(path, resolved.error, resolved.hint);
    }
  };
  const checkRules = (path: Path, check: Record<string, unknown>) => {
    paramsDeclared([...path, 'path'], String(check.path));
    const parsed = parsePath(withParamsFilled(String(check.path)));
    if (!parsed.ok) add([...path, 'path'], `not a path: ${parsed.error}`, 'paths are dot keys with [N], [key=value] or [*], e.g. migrations[0].downtimeMs');
    const ops = Object.keys(check).filter((key) => key !== 'path' && key !== 'tolerance');
    const unknown = ops.filter((op) => !COMPARATOR_SET.has(op));
    if (unknown.length) add([...path, unknown[0]!], `${unknown[0]} is not a comparator`, `use one of ${COMPARATORS.join(', ')}`);
    else if (ops.length !== 1) add(path, ops.length === 0 ? 'a check needs a comparator' : `a check has one comparator; this one has ${ops.join(', ')}`, 'split it into one check per comparator');
  };
  const relationRules = (path: Path, relation: LabRelation) => {
    const { param } = relation.vary;
    commandRules([...path, 'run'], relation.run, param);
    if (!relation.run.includes(`\${${param}}`)) add([...path, 'run'], `the run does not use \${${param}}, the param the relation varies`, `put \${${param}} where its value goes, e.g. --bandwidth \${${param}}`);
    paramsDeclared([...path, 'path'], relation.path);
    const parsed = parsePath(withParamsFilled(relation.path));
    if (!parsed.ok) add([...path, 'path'], `not a path: ${parsed.error}`, 'a relation reads one number, e.g. migrations[0].downtimeMs');
  };
  const seen = new Set<string>();
  lab.spec.steps.forEach((step, i) => {
    const at = (...rest: Path): Path => ['spec', 'steps', i, ...rest];
    if (seen.has(step.name)) add(at('name'), `step ${step.name} appears twice`, 'step names are unique within a lab');
    seen.add(step.name);
    const relationOnly = step.run === undefined && step.task === undefined && (step.relation !== undefined || (step.relations?.length ?? 0) > 0);
    if ((step.run === undefined) === (step.task === undefined) && !relationOnly) {
      add(at(), 'a step has exactly one of run or task (or only relations)', 'a run step runs a command; a task step asks the student to do something, checked by check; a step of relations asserts laws of the model');
    }
    if (step.ask && step.run === undefined) add(at('ask'), 'ask goes with a run step (its answer comes from that run\'s result)', 'add run:, or make the question a task');
    if (step.task !== undefined && !step.check?.length) add(at('check'), 'a task step needs check: the commands and checks that say it is done', 'add check: [{ run: ..., checks: [...] }]');
    if (step.solution && step.task === undefined) add(at('solution'), 'solution goes with a task step', 'remove it, or make the step a task');
    if (step.ask?.choices && step.ask.answer !== undefined && typeof step.ask.answer !== 'string' && !step.ask.choices.includes(step.ask.answer)) {
      add(at('ask', 'answer'), 'the answer is not one of the choices', 'give one of the choices, or a path into the result');
    }
    if (typeof step.ask?.answer === 'string' && !step.ask.choices?.includes(step.ask.answer)) {
      paramsDeclared(at('ask', 'answer'), step.ask.answer);
      const parsed = parsePath(withParamsFilled(step.ask.answer));
      if (!parsed.ok) add(at('ask', 'answer'), `not a path into the result: ${parsed.error}`, 'a string answer is a path such as migrations[0].rounds, or one of choices');
    }
    if (step.ask && step.ask.answer === undefined) add(at('ask', 'answer'), 'an ask needs an answer: a path into the run\'s result, or a literal', 'add answer: migrations[0].rounds (dcctl computes it), or answer: 42');
    if (step.run !== undefined) commandRules(at('run'), step.run);
    const anyCheckRules = (path: Path, c: Record<string, unknown>) => ('relation' in c && !('path' in c) ? relationRules([...path, 'relation'], c.relation as LabRelation) : checkRules(path, c));
    step.expect?.checks?.forEach((c, k) => anyCheckRules(at('expect', 'checks', k), c));
    step.check?.forEach((c, k) => {
      if ('relation' in c) return relationRules(at('check', k, 'relation'), c.relation);
      commandRules(at('check', k, 'run'), c.run);
      c.checks.forEach((inner, m) => anyCheckRules(at('check', k, 'checks', m), inner));
    });
    if (step.relation) relationRules(at('relation'), step.relation);
    step.relations?.forEach((r, k) => relationRules(at('relations', k), r));
    if (step.task !== undefined && step.check?.length && checkGroups(step).length === 0) add(at('check'), 'a task needs at least one check of the state besides relations', 'add { run: ..., checks: [...] } that says the task is done');
    if (step.attempts && step.task === undefined) add(at('attempts'), 'attempts go with a task step (a question is answered once, before its result is shown)', 'remove attempts, or make the step a task');
    step.solution?.forEach((command, k) => commandRules(at('solution', k), command));
    const counterfactuals = (path: Path, list: { run: string; show: string }[] | undefined) => list?.forEach((c, k) => {
      commandRules([...path, k, 'run'], c.run);
      paramsDeclared([...path, k, 'show'], c.show);
      const parsed = parsePath(withParamsFilled(c.show));
      if (!parsed.ok) add([...path, k, 'show'], `not a path: ${parsed.error}`, 'show is a path into the command\'s result, e.g. migrations[0].rounds');
    });
    counterfactuals(at('whatIf'), step.whatIf);
    counterfactuals(at('ask', 'whatIf'), step.ask?.whatIf);
    counterfactuals(at('misconceptions'), step.misconceptions);
    counterfactuals(at('ask', 'misconceptions'), step.ask?.misconceptions);
    if ((step.misconceptions?.length || step.ask?.misconceptions?.length) && !step.ask) add(at('misconceptions'), 'misconceptions go with an ask (they are wrong answers)', 'add ask:, or use whatIf');
  });
  return issues;
}
