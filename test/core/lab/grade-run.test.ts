import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LabFile } from '../../../src/config/lab-schema.js';
import { labFileSchema } from '../../../src/config/lab-schema.js';
import { answerMatches, gradeAnswer, judgeCheck, modelAnswer, readAnswer, withUnit } from '../../../src/core/lab/grade.js';
import type { AnswerSource, CommandOutcome, LabExecutor } from '../../../src/core/lab/run.js';
import { labPassed, REFERENCE_ANSWER, runLab } from '../../../src/core/lab/run.js';
import { summarizeResult } from '../../../src/core/lab/summary.js';
import { verifyLab } from '../../../src/core/lab/verify.js';

const RESULT = { migrations: [{ vm: 'm4a', from: 'a1', to: 'b1', mode: 'live', rounds: 4, downtimeMs: 3.4, converged: true, outcome: 'completed', totalTimeSec: 38.2 }] };

describe('checks', () => {
  it('reads a path, judges one comparator and records what it found', () => {
    expect(judgeCheck({ path: 'migrations[0].downtimeMs', lessThan: 300 }, RESULT, 'vm migrate m4a', {}))
      .toEqual({ path: 'migrations[0].downtimeMs', op: 'lessThan', expected: 300, actual: 3.4, passed: true, run: 'vm migrate m4a' });
    expect(judgeCheck({ path: 'migrations[0].rounds', approx: 5, tolerance: '20%' }, RESULT, 'x', {}).passed).toBe(true); // |4 - 5| <= 1
    expect(judgeCheck({ path: 'migrations[0].rounds', approx: 5, tolerance: '10%' }, RESULT, 'x', {}).passed).toBe(false); // 1 > 0.5
  });

  it('a path that finds nothing fails and records null; [*] on an empty list fails and records []', () => {
    expect(judgeCheck({ path: 'vm.host', equals: 'a2' }, { error: {} }, 'x', {})).toMatchObject({ actual: null, passed: false });
    expect(judgeCheck({ path: 'migrations[*].downtimeMs', lessThan: 30 }, { migrations: [] }, 'x', {})).toMatchObject({ actual: [], passed: false });
  });

  it('${params} go into paths and expectations; a whole ${n} keeps its number', () => {
    const doc = { hosts: [{ name: 'a1', cpus: 8 }, { name: 'b1', cpus: 4 }] };
    const check = judgeCheck({ path: 'hosts[name=${h}].cpus', equals: '${n}' }, doc, 'x', { h: 'b1', n: 4 });
    expect(check).toMatchObject({ path: 'hosts[name=b1].cpus', expected: 4, actual: 4, passed: true });
  });
});

describe('answers', () => {
  it('reads numbers, percentages of fractions and quantities in the unit of the field', () => {
    expect(readAnswer('12', 7)).toBe(12);
    expect(readAnswer('41%', 0.4)).toBeCloseTo(0.41, 12);
    expect(readAnswer('0.2s', 216, 'migrations[0].downtimeMs')).toBe(200);
    expect(readAnswer('250MB/s', 1, 'effective.network[io=emulated].bytesPerSec')).toBe(250_000_000);
    expect(readAnswer('244MiB', 1, 'effective.referenceVmOverheadBytes')).toBe(244 * 2 ** 20);
    expect(readAnswer('yes', false)).toBe(true);
    expect(readAnswer('fast', 3)).toBe('fast');
  });

  it('numbers within the tolerance pass; text ignores case; a missing answer never passes', () => {
    expect(gradeAnswer('210ms', 216.1, '5%', 'migrations[0].downtimeMs')).toEqual({ given: '210ms', correct: 216.1, tolerance: '5%', passed: true, path: 'migrations[0].downtimeMs' });
    expect(gradeAnswer(200, 216.1, '5%').passed).toBe(false); // 16.1 > 10.8
    expect(gradeAnswer(7, 7, undefined)).toEqual({ given: 7, correct: 7, tolerance: 0, passed: true, path: null });
    expect(withUnit(255852544, 'effective.referenceVmOverheadBytes')).toBe('244 MiB');
    expect(withUnit(34368.1, 'migrations[0].downtimeMs')).toBe('34.37 s');
    expect(answerMatches('MicroKernel', 'microkernel', { absolute: 0 })).toBe(true);
    expect(gradeAnswer(null, 3, 0).passed).toBe(false);
  });

  it('the model\'s answer: a path into the result, or the literal (a choice, a number)', () => {
    expect(modelAnswer({ answer: 'migrations[0].rounds' }, RESULT)).toEqual({ found: true, value: 4 });
    expect(modelAnswer({ answer: 'passthrough', choices: ['emulated', 'passthrough'] }, RESULT)).toEqual({ found: true, value: 'passthrough' });
    expect(modelAnswer({ answer: 42 }, RESULT)).toEqual({ found: true, value: 42 });
    expect(modelAnswer({ answer: 'migrations[3].rounds' }, RESULT)).toEqual({ found: false });
  });
});

describe('result summaries', () => {
  it('say what a migration, a VM or an error was in one line', () => {
    expect(summarizeResult(RESULT, 0)).toBe('m4a a1 -> b1 (live): completed, 4 rounds, downtime 3.4 ms, total 38.2 s');
    expect(summarizeResult({ error: { code: 'sla-breach', message: 'predicted downtime is 216 ms' } }, 1)).toBe('exit 1: predicted downtime is 216 ms');
    expect(summarizeResult({ vm: { name: 'web', state: 'active', host: 'a1', cpus: 2, memoryBytes: 2 ** 30 } }, 0)).toBe('web: active on a1, 2 vCPU, 1 GiB');
  });
});

const lab = (text: string): LabFile => labFileSchema.parse(parse(text));
const LAB = lab(`
apiVersion: dcctl/v1
kind: Lab
metadata: { name: t }
spec:
  topics: [live-migration]
  datacenter: dc.yaml
  passScore: 0.5
  steps:
    - name: move
      run: vm migrate m4a --to b1
      expect: { checks: [ { path: "migrations[0].converged", equals: true } ] }
    - name: rounds
      ask: { question: How many rounds?, answer: "migrations[0].rounds" }
      run: vm migrate m4b --to b1
      points: 2
      hint: Compare the rates.
    - name: place
      task: Put x on a2.
      check: [ { run: vm show x, checks: [ { path: vm.host, equals: a2 } ] } ]
      solution: [ vm migrate x --to a2 ]
`);

/** A datacenter of one VM x whose host a migration changes; every other migration converges in 4 rounds. */
function fakeDcctl(): { execute: LabExecutor; calls: string[] } {
  let xHost = 'a1';
  const calls: string[] = [];
  const execute: LabExecutor = async (words): Promise<CommandOutcome> => {
    calls.push(words.join(' '));
    if (words[0] === 'vm' && words[1] === 'show') return { exitCode: 0, document: { vm: { name: 'x', host: xHost, state: 'active', cpus: 1, memoryBytes: 2 ** 30 } } };
    if (words[2] === 'x') xHost = words[4]!;
    if (words.includes('--bad')) return { exitCode: 2, document: { error: { code: 'bad-flag', message: '--bad is bad' } } };
    return { exitCode: 0, document: RESULT };
  };
  return { execute, calls };
}

const answers = (given: Record<string, unknown>): AnswerSource => ({
  ask: async (step) => (step.name in given ? (given[step.name] as number) : null),
  task: async (step, _i, work) => {
    for (const command of (given[step.name] as string[] | undefined) ?? []) await work.run(command);
    return 'check';
  },
});

const options = (extra: Partial<Parameters<typeof runLab>[0]> = {}) => {
  const fake = fakeDcctl();
  return { fake, options: { lab: LAB, file: 'lab.yaml', seed: 1, params: {}, dcctlVersion: 'test', execute: fake.execute, answers: answers({}), now: () => 0, ...extra } };
};

describe('running a lab', () => {
  it('scores each step, keeps going after a failure, and passes on the pass mark', async () => {
    const { fake, options: o } = options({ answers: answers({ rounds: 4, place: ['vm migrate x --to a2'] }) });
    const report = await runLab(o);
    expect(report.steps.map((s) => [s.name, s.kind, s.status, s.score])).toEqual([['move', 'run', 'passed', 1], ['rounds', 'ask', 'passed', 2], ['place', 'task', 'passed', 1]]);
    expect(report).toMatchObject({ score: 4, maxScore: 4, passed: true, passScore: 0.5 });
    expect(report.steps[2]!.commands).toEqual([{ command: 'vm migrate x --to a2', exitCode: 0 }]);
    expect(fake.calls).toEqual(['vm migrate m4a --to b1', 'vm migrate m4b --to b1', 'vm migrate x --to a2', 'vm show x']);
  });

  it('an ask without an answer is unanswered; a wrong one fails with the hint; a task without commands is checked as the state stands', async () => {
    const report = await runLab(options().options);
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'unanswered', 'failed']);
    expect(report.steps[1]).toMatchObject({ answer: { given: null, correct: 4, passed: false }, score: 0 });
    expect(report.steps[2]!.checks[0]).toMatchObject({ path: 'vm.host', actual: 'a1', passed: false });
    expect(report).toMatchObject({ score: 1, maxScore: 4, passed: false });
    const wrong = await runLab(options({ answers: answers({ rounds: 5 }) }).options);
    expect(wrong.steps[1]).toMatchObject({ status: 'failed', answer: { given: 5, correct: 4, tolerance: 0, passed: false }, hint: 'Compare the rates.' });
    expect(wrong.steps[0]!.hint).toBeNull();
  });

  it('a lab command is refused before it runs; a malformed command errors the step and the lab', async () => {
    const { options: o } = options({ answers: answers({ place: ['lab run other', 'vm migrate x --to a2 --bad'] }) });
    const report = await runLab(o);
    expect(report.steps[2]!.commands).toEqual([{ command: 'lab run other', exitCode: 2 }, { command: 'vm migrate x --to a2 --bad', exitCode: 2 }]);
    const broken = lab(JSON.stringify({ ...LAB, spec: { ...LAB.spec, passScore: 0, steps: [{ name: 'bad', run: 'vm migrate m4a --bad' }] } }));
    const errored = await runLab({ ...o, lab: broken });
    expect(errored.steps[0]).toMatchObject({ status: 'error', error: '--bad is bad', score: 0 });
    expect(errored.passed).toBe(false);
  });

  it('the reference answer takes the model\'s value; the same inputs give the same report', async () => {
    const reference: AnswerSource = { ask: async () => REFERENCE_ANSWER, task: async (step, _i, work) => { for (const c of step.solution ?? []) await work.run(c); return 'check'; } };
    const first = await runLab(options({ answers: reference }).options);
    const second = await runLab(options({ answers: reference }).options);
    expect(first.score).toBe(4);
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));
  });

  it('labPassed: a lab worth nothing passes unless a step errored', () => {
    expect(labPassed([], 1)).toEqual({ score: 0, maxScore: 0, passed: true });
  });
});

describe('verifying a lab', () => {
  it('flags a task whose check holds before its solution, and params that change nothing', async () => {
    const paramLab = { ...LAB, spec: { ...LAB.spec, params: { n: { choice: [1, 2] } } } } as LabFile;
    const report = await verifyLab(paramLab, 'lab.yaml', [1, 2], async (seed, beforeSolution) => {
      const fake = fakeDcctl();
      const reference: AnswerSource = { ask: async () => REFERENCE_ANSWER, task: async (step, _i, work) => { for (const c of step.solution ?? []) await work.run(c); return 'check'; } };
      // x starts on a2 here: the task's check already holds.
      await fake.execute(['vm', 'migrate', 'x', '--to', 'a2']);
      return runLab({ lab: paramLab, file: 'lab.yaml', seed, params: { n: seed }, dcctlVersion: 't', execute: fake.execute, answers: reference, now: () => 0, checkBeforeSolution: beforeSolution });
    });
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual([
      { seed: 1, step: 'place', reason: 'its check already holds before the solution runs: the task asks for nothing' },
      { seed: 2, step: 'place', reason: 'its check already holds before the solution runs: the task asks for nothing' },
      { seed: null, step: null, reason: 'all 2 seeds give the same answers: the params change nothing the lab asks or checks' },
    ]);
  });
});
