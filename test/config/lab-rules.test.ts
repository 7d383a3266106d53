import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { labRuleIssues } from '../../src/config/lab-rules.js';
import type { LabFile } from '../../src/config/lab-schema.js';
import { labFileSchema } from '../../src/config/lab-schema.js';

/**
 * The lab of issue 13, as a teacher writes it: the contract's keys. (Paths with [ ] inside a flow
 * mapping are quoted here: unquoted, `{ path: a[0].b }` is not valid YAML 1.2; the loader is to accept it.)
 */
const LAB = `
apiVersion: dcctl/v1
kind: Lab
metadata: { name: precopy-basics, title: When does pre-copy converge? }
spec:
  topics: [live-migration]
  datacenter: dc.yaml
  params:
    dirty: { choice: [37.5MB/s, 75MB/s] }
    mem:   { range: [4, 16], step: 4 }
  passScore: 0.6
  steps:
    - name: first-move
      run: vm migrate m4a --to b1 --preset simgrid --dirty-rate \${dirty}
      expect:
        exitCode: 0
        checks:
          - { path: "migrations[0].converged", equals: true }
          - { path: "migrations[0].downtimeMs", lessThan: 300 }
      explain: Each round sends what the last one dirtied ...
    - name: predict-rounds
      ask:
        question: How many pre-copy rounds will m4b need?
        answer: migrations[0].rounds
        tolerance: 0
      run: vm migrate m4b --to b1 --preset simgrid
      points: 2
      hint: Compare the dirty rate with the bandwidth.
    - name: move-m1c
      task: Put m1c on host a2 while it keeps running, with less than 30 ms of downtime.
      check:
        - run: vm show m1c
          checks: [ { path: vm.host, equals: a2 }, { path: vm.state, equals: active } ]
        - run: migration list --vm m1c
          checks: [ { path: "migrations[*].downtimeMs", lessThan: 30 } ]
      solution: [ vm migrate m1c --to a2 --preset simgrid ]
`;

const load = (edit?: (lab: any) => void) => {
  const raw = parse(LAB);
  edit?.(raw);
  const parsed = labFileSchema.safeParse(raw);
  if (!parsed.success) return { shape: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), rules: [] };
  return { shape: [], rules: labRuleIssues(parsed.data as LabFile).map((i) => `${i.path.join('.')}: ${i.message}`) };
};

describe('lab files', () => {
  it('the contract\'s example is a valid lab', () => {
    expect(load()).toEqual({ shape: [], rules: [] });
  });

  it('each rule the shape cannot say is found at load, at its path', () => {
    const cases: [string, (lab: any) => void, string][] = [
      ['run and task', (l) => { l.spec.steps[0].task = 'x'; }, 'spec.steps.0: a step has exactly one of run or task'],
      ['ask on a task', (l) => { l.spec.steps[2].ask = { question: 'q', answer: 1 }; }, 'spec.steps.2.ask: ask goes with a run step'],
      ['duplicate step', (l) => { l.spec.steps[1].name = 'first-move'; }, 'spec.steps.1.name: step first-move appears twice'],
      ['bad path', (l) => { l.spec.steps[0].expect.checks[0].path = 'migrations[0'; }, 'spec.steps.0.expect.checks.0.path: not a path'],
      ['unknown comparator', (l) => { l.spec.steps[0].expect.checks[0] = { path: 'a', lessThen: 3 }; }, 'spec.steps.0.expect.checks.0.lessThen: lessThen is not a comparator'],
      ['two comparators', (l) => { l.spec.steps[0].expect.checks[0] = { path: 'a', lessThan: 3, atLeast: 1 }; }, 'spec.steps.0.expect.checks.0: a check has one comparator'],
      ['undeclared param', (l) => { l.spec.steps[1].run += ' --bandwidth ${bw}'; }, 'spec.steps.1.run: ${bw} is not a param of this lab'],
      ['lab inside a lab', (l) => { l.spec.steps[0].run = 'lab run x'; }, 'spec.steps.0.run: lab commands cannot run inside a lab'],
      ['--state-dir', (l) => { l.spec.steps[2].solution = ['vm list --state-dir /tmp']; }, 'spec.steps.2.solution.0: --state-dir cannot be given inside a lab'],
      ['unterminated quote', (l) => { l.spec.steps[2].check[0].run = 'vm show "m1c'; }, 'spec.steps.2.check.0.run: unterminated " quote'],
      ['task without check', (l) => { delete l.spec.steps[2].check; }, 'spec.steps.2.check: a task step needs check'],
      ['empty range', (l) => { l.spec.params.mem = { range: [16, 4] }; }, 'spec.params.mem: range [16, 4] must be two numbers'],
    ];
    for (const [what, edit, message] of cases) {
      const { shape, rules } = load(edit);
      expect(shape, what).toEqual([]);
      expect(rules.some((r) => r.startsWith(message)), `${what}: ${rules.join(' | ')}`).toBe(true);
    }
  });

  it('the shape: kind, topics from the vocabulary, step names, unknown keys', () => {
    expect(load((l) => { l.kind = 'Datacenter'; }).shape.join()).toMatch(/^kind: /);
    expect(load((l) => { l.spec.topics = ['migration']; }).shape.join()).toMatch(/^spec\.topics\.0: /);
    expect(load((l) => { l.spec.steps[0].name = 'First Move'; }).shape.join()).toMatch(/lowercase letters, digits and dashes/);
    expect(load((l) => { l.spec.steps[0].explian = 'typo'; }).shape.join()).toMatch(/spec\.steps\.0: Unrecognized key.*explian/);
  });
});
