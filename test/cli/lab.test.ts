import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_TOPICS } from '../../src/config/lab-schema.js';
import { drawParams, studentSeed } from '../../src/core/lab/params.js';
import { appliedState, labDir, PRECOPY_LAB_HEAD, ROOT, run, tempDir } from '../helpers/cli.js';
import { childrenNamed, parseXml } from '../helpers/xml.js';


const HEAD = PRECOPY_LAB_HEAD;

function writeLab(steps: string, head = HEAD): string {
  const dir = labDir();
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, head + steps);
  return file;
}

/** A report without what may differ between runs of the same lab, seed and answers. */
const stable = (stdout: string) => stdout.replace(/"(durationMs|wallTimeSec)": [\d.e+-]+/g, '"$1": 0');

describe('lab list and show', () => {
  it('the bundled labs cover every topic of the course; at least four use params', async () => {
    const { code, json } = await run(['lab', 'list', '--json'], tempDir());
    expect(code).toBe(0);
    expect(json.labs.length).toBeGreaterThanOrEqual(8);
    const topics = new Set(json.labs.flatMap((l: { topics: string[] }) => l.topics));
    expect([...LAB_TOPICS].filter((t) => !topics.has(t))).toEqual([]);
    expect(json.labs.filter((l: { params: string[] }) => l.params.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(json.labs[0]).sort()).toEqual(['file', 'name', 'params', 'points', 'steps', 'title', 'topics']);
  });

  it('--topic filters; --dir adds a directory of lab files; a bad topic is exit 2', async () => {
    const sla = await run(['lab', 'list', '--topic', 'sla', '--json'], tempDir());
    expect(sla.json.labs.map((l: { name: string }) => l.name)).toEqual(['tenants-and-slas']);
    const file = writeLab('    - { name: one, run: vm list }\n');
    const mine = await run(['lab', 'list', '--dir', join(file, '..'), '--json'], tempDir());
    expect(mine.json.labs.map((l: { name: string }) => l.name)).toContain('t');
    const bad = await run(['lab', 'list', '--topic', 'slas'], tempDir());
    expect(bad.code).toBe(2);
  });

  it('show prints the steps and questions, never answers, solutions or hints', async () => {
    const human = await run(['lab', 'show', 'precopy-basics'], tempDir());
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('How many pre-copy rounds will m4b need?');
    expect(human.stdout).toContain('Put m1c on host a2');
    const json = await run(['lab', 'show', 'precopy-basics', '--json'], tempDir());
    for (const text of [human.stdout, JSON.stringify(json.json)]) {
      expect(text).not.toContain('migrations[0].rounds'); // the answer path
      expect(text).not.toContain('vm migrate m1c'); // the solution
      expect(text).not.toContain('Compare the dirty rate'); // the hint
    }
    expect(json.json.steps.map((s: { kind: string }) => s.kind)).toEqual(['run', 'ask', 'task']);
  });

  it('an unknown lab name is exit 2 with the nearest bundled name', async () => {
    const { code, stderr } = await run(['lab', 'run', 'precopy-basic'], tempDir());
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean "precopy-basics"?');
  });
});

describe('lab run', () => {
  let answersFile: string;
  let modelRounds: number;

  beforeAll(async () => {
    const first = await run(['lab', 'run', 'precopy-basics', '--json'], tempDir());
    modelRounds = first.json.steps[1].answer.correct;
    answersFile = join(tempDir(), 'answers.yaml');
    writeFileSync(answersFile, `predict-rounds: ${modelRounds}\nmove-m1c: [vm migrate m1c --to a2 --preset simgrid]\n`);
  });

  it('with the right answers it passes (exit 0); the report has the documented keys', async () => {
    const { code, json } = await run(['lab', 'run', 'precopy-basics', '--answers', answersFile, '--json'], tempDir());
    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual(['lab', 'title', 'file', 'seed', 'params', 'dcctlVersion', 'passScore', 'score', 'maxScore', 'passed', 'steps', 'wallTimeSec']);
    expect(json).toMatchObject({ lab: 'precopy-basics', file: 'fixtures/labs/precopy-basics.yaml', seed: 1, score: 4, maxScore: 4, passed: true, passScore: 0.6 });
    expect(json.params).toEqual(drawParams({ dirty: { choice: ['37.5MB/s', '75MB/s'] }, mem: { range: [4, 16], step: 4 } }, 1));
    for (const key of ['name', 'kind', 'status', 'points', 'score', 'command', 'exitCode', 'commands', 'checks', 'answer', 'hint', 'durationMs']) expect(json.steps[0]).toHaveProperty(key);
    expect(Object.keys(json.steps[0].checks[0]).sort()).toEqual(['actual', 'expected', 'op', 'passed', 'path', 'run']);
    expect(json.steps[1].answer).toEqual({ given: modelRounds, correct: modelRounds, tolerance: 0, passed: true, path: 'migrations[0].rounds' });
    expect(json.steps[2].commands).toEqual([{ command: 'vm migrate m1c --to a2 --preset simgrid', exitCode: 0 }]);
  });

  it('the same lab, seed and answers give the same document byte for byte (durations aside)', async () => {
    const a = await run(['lab', 'run', 'precopy-basics', '--answers', answersFile, '--json', '--student', 'alice'], tempDir());
    const b = await run(['lab', 'run', 'precopy-basics', '--answers', answersFile, '--json', '--student', 'alice'], tempDir());
    expect(stable(a.stdout)).toBe(stable(b.stdout));
    expect(a.json.seed).toBe(studentSeed('precopy-basics', 'alice'));
    expect(a.json.params).toEqual(drawParams({ dirty: { choice: ['37.5MB/s', '75MB/s'] }, mem: { range: [4, 16], step: 4 } }, a.json.seed));
  });

  it('without answers: exit 1, the ask unanswered, the task checked as the state stands, later steps still run', async () => {
    const { code, json, stdout } = await run(['lab', 'run', 'precopy-basics', '--json'], tempDir());
    expect(code).toBe(1);
    expect(json.steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'unanswered', 'failed']);
    expect(json.steps[2].checks.find((c: { passed: boolean }) => !c.passed)).toMatchObject({ path: 'vm.host', expected: 'a2', actual: 'a1' });
    expect(stdout).not.toContain('\u001b');
  });

  it('the human report: a checklist with each failed check as "path: expected X, got Y", the answer beside the model\'s, the score', async () => {
    const wrong = join(tempDir(), 'wrong.yaml');
    writeFileSync(wrong, `predict-rounds: ${modelRounds + 5}\n`);
    const { code, stdout } = await run(['lab', 'run', 'precopy-basics', '--answers', wrong], tempDir());
    expect(code).toBe(1);
    expect(stdout).toContain('✓ first-move 1/1');
    expect(stdout).toContain(`your answer ${modelRounds + 5}, the model's ${modelRounds}: wrong`);
    expect(stdout).toContain('vm.host: expected a2, got a1');
    expect(stdout).toMatch(/hint: Compare the dirty rate \((37\.5|75)MB\/s\)/); // the param in the hint
    expect(stdout).toMatch(/Score 1\/4 \(25%, pass mark 60%\): not passed/);
  });

  it('junit: one testsuite, a testcase per step with classname LAB, failures with path, expected and actual, score and seed in system-out', async () => {
    const { code, stdout } = await run(['lab', 'run', 'precopy-basics', '--reporter', 'junit'], tempDir());
    expect(code).toBe(1);
    const root = parseXml(stdout);
    expect(root.name).toBe('testsuites');
    const [suite] = childrenNamed(root, 'testsuite');
    expect(suite!.attrs).toMatchObject({ name: 'precopy-basics', tests: '3', failures: '2', errors: '0' });
    const cases = childrenNamed(suite!, 'testcase');
    expect(cases.map((c) => [c.attrs.classname, c.attrs.name])).toEqual([['precopy-basics', 'first-move'], ['precopy-basics', 'predict-rounds'], ['precopy-basics', 'move-m1c']]);
    expect(childrenNamed(cases[2]!, 'failure')[0]!.attrs.message).toBe('vm.host: expected a2, got a1');
    expect(childrenNamed(suite!, 'system-out')[0]!.text).toMatch(/score 1\/4, not passed .* seed 1/);
  });

  it('markdown for $GITHUB_STEP_SUMMARY; --output writes the format to a file and the checklist to the terminal', async () => {
    const md = await run(['lab', 'run', 'precopy-basics', '--answers', answersFile, '--reporter', 'markdown'], tempDir());
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| | Step | Points | Result |');
    expect(md.stdout.split('\n').filter((l) => l.startsWith('| ✅'))).toHaveLength(3);
    const out = join(tempDir(), 'report.xml');
    const written = await run(['lab', 'run', 'precopy-basics', '--reporter', 'junit', '--output', out], tempDir());
    expect(written.stdout).toContain('✓ first-move');
    expect(parseXml(readFileSync(out, 'utf8')).name).toBe('testsuites');
  });

  it('a wrong answer that matches a named misconception says so; whatIf counterfactuals run on a copy of the state', async () => {
    const first = await run(['lab', 'run', 'precopy-limits', '--json'], tempDir());
    const coldMs = first.json.steps[3].answer.correct as number; // the cold migration's downtime, asked in step 4
    const answers = join(tempDir(), 'pl.yaml');
    writeFileSync(answers, `postcopy-downtime: ${coldMs}ms\nmove-it-live: [vm migrate hot --to b1 --auto-converge]\n`);
    const { json } = await run(['lab', 'run', 'precopy-limits', '--answers', answers, '--json'], tempDir());
    const step = json.steps.find((s: { name: string }) => s.name === 'postcopy-downtime');
    expect(step.status).toBe('failed');
    expect(step.misconception).toMatchObject({ show: 'migrations[0].downtimeMs', command: 'vm migrate hot --to b1 --mode cold --dry-run', value: coldMs });
    expect(step.misconception.say).toMatch(/cold migration/);
    expect(step.whatIf).toHaveLength(1);
    expect(step.whatIf[0].value).toBeGreaterThan(0);
    // The counterfactuals changed nothing: the task after still starts from hot on a1 and passes.
    expect(json.steps.at(-1)).toMatchObject({ name: 'move-it-live', status: 'passed' });
    const right = await run(['lab', 'run', 'precopy-limits', '--answers', answers, '--json', '--seed', String(first.json.seed)], tempDir());
    expect(right.json.steps[0].whatIf).toEqual([]); // nothing computed for a step without counterfactuals
  });

  it('a step whose command is malformed for this variant errors, and the lab is not passed', async () => {
    const file = writeLab('    - { name: bad-rate, run: "vm migrate m4a --to b1 --dirty-rate ${rate}" }\n    - { name: after, run: vm list }\n',
      HEAD.replace('    mem: { choice: [4] }\n', '    mem: { choice: [4] }\n    rate: { choice: [fast] }\n').replace('  steps:\n', '  passScore: 0.5\n  steps:\n'));
    const { code, json } = await run(['lab', 'run', file, '--json'], tempDir());
    expect(code).toBe(1);
    expect(json.steps[0]).toMatchObject({ status: 'error', score: 0 });
    expect(json.steps[0].error).toContain('--dirty-rate');
    expect(json.steps[1].status).toBe('passed');
    expect(json.passed).toBe(false);
  });

  it('--state-dir holding a state is refused (exit 3) unless --force, which keeps a backup and leaves the lab\'s state there', async () => {
    const dir = await appliedState();
    const refused = await run(['lab', 'run', 'precopy-basics', '--state-dir', dir], tempDir());
    expect(refused.code).toBe(3);
    const forced = await run(['lab', 'run', 'precopy-basics', '--state-dir', dir, '--force', '--answers', answersFile, '--json'], tempDir());
    expect(forced.code).toBe(0);
    expect(existsSync(forced.json.backup)).toBe(true);
    const vms = await run(['vm', 'list', '--json'], dir);
    expect(vms.json.vms.map((v: { name: string }) => v.name).sort()).toEqual(['m1c', 'm4a', 'm4b']);
  });

  it('--interactive without a terminal is exit 2 with a hint to use --answers', async () => {
    const { code, stderr } = await run(['lab', 'run', 'precopy-basics', '--interactive'], tempDir());
    expect(code).toBe(2);
    expect(stderr).toContain('--answers FILE');
  });
});

describe('bad lab files and answers files (exit 2, FILE:LINE:COL)', () => {
  it.each([
    ['an unknown comparator', '    - { name: a, run: vm list, expect: { checks: [ { path: vms, lessThen: 3 } ] } }\n', /lessThen is not a comparator/],
    ['a bad path', '    - { name: a, run: vm list, expect: { checks: [ { path: "vms[", exists: true } ] } }\n', /not a path/],
    ['an unknown command', '    - { name: a, run: vm lst }\n', /dcctl has no command "vm lst".*/],
    ['an unknown flag', '    - { name: a, run: vm migrate m4a --to b1 --presett simgrid }\n', /has no flag --presett/],
    ['a lab command', '    - { name: a, run: lab run other }\n', /lab commands cannot run inside a lab/],
    ['--state-dir', '    - { name: a, run: vm list --state-dir /tmp }\n', /--state-dir cannot be given inside a lab/],
    ['both run and task', '    - { name: a, run: vm list, task: Do it., check: [ { run: vm list, checks: [ { path: vms, exists: true } ] } ] }\n', /exactly one of run or task/],
    ['an undeclared param', '    - { name: a, run: "vm show ${vm}" }\n', /\$\{vm\} is not a param/],
    ['an unknown key', '    - { name: a, run: vm list, pionts: 2 }\n', /pionts/],
    ['two steps of one name', '    - { name: a, run: vm list }\n    - { name: a, run: vm list }\n', /appears twice/],
  ])('%s', async (_what, steps, message) => {
    const file = writeLab(steps);
    const { code, stderr, json } = await run(['lab', 'run', file], tempDir());
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `));
    expect(stderr).toMatch(message);
    expect(json).toBeUndefined();
  });

  it('lab verify and lab show refuse a bad lab the same way (JSON: code invalid-lab)', async () => {
    const file = writeLab('    - { name: a, run: vm lst }\n');
    for (const command of ['verify', 'show']) {
      const result = await run(['lab', command, file, '--json'], tempDir());
      expect(result.code).toBe(2);
      expect(result.json.error.code).toBe('invalid-lab');
    }
  });

  it('an --output in a folder that does not exist is exit 2 before the lab runs', async () => {
    const { code, stderr } = await run(['lab', 'run', 'precopy-basics', '--output', '/nonexistent/dir/r.xml'], tempDir());
    expect(code).toBe(2);
    expect(stderr).toContain('--output /nonexistent/dir/r.xml: no such directory');
    expect(stderr).not.toContain('first-move');
  });

  it('an answers file naming an unknown step, or giving a task a number, is exit 2 at its line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'predict-rounds: 3\nmove-m1d: [vm list]\n');
    const unknown = await run(['lab', 'run', 'precopy-basics', '--answers', join(dir, 'a.yaml')], tempDir());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/a\.yaml:2:1 move-m1d: not a step of lab precopy-basics/);
    writeFileSync(join(dir, 'b.yaml'), 'move-m1c: 3\n');
    const wrongType = await run(['lab', 'run', 'precopy-basics', '--answers', join(dir, 'b.yaml'), '--json'], tempDir());
    expect(wrongType.code).toBe(2);
    expect(wrongType.json.error.message).toMatch(/b\.yaml:1:11 move-m1c: a task: its answer is a list of dcctl commands/);
  });
});

describe('lab verify', () => {
  it.each(['consolidation-and-balancing', 'cpu-virtualization', 'hypervisor-types', 'io-virtualization', 'memory-virtualization', 'multiplexing', 'precopy-basics', 'precopy-limits', 'tenants-and-slas'])(
    'bundled lab %s passes over seeds 1..20', async (name) => {
      const { code, json } = await run(['lab', 'verify', name, '--json'], tempDir());
      expect(json.failures).toEqual([]);
      expect(code).toBe(0);
      expect(json.seeds).toBe(20);
      if (json.variants.some((v: { params: object }) => Object.keys(v.params).length > 0)) expect(json.distinctAnswerSets).toBeGreaterThanOrEqual(2);
    }, 60_000);

  it('every bundled lab is in that list', () => {
    expect(readdirSync(join(ROOT, 'fixtures', 'labs')).filter((f) => f.endsWith('.yaml')).length).toBe(9);
  });

  it('fails a task whose check holds before its solution, naming seed and step (exit 1)', async () => {
    const file = writeLab(`    - name: nothing-to-do
      task: Leave m1c on a1.
      check: [ { run: vm show m1c, checks: [ { path: vm.host, equals: a1 } ] } ]
      solution: [ vm list ]
`);
    const { code, stdout } = await run(['lab', 'verify', file, '--seeds', '2'], tempDir());
    expect(code).toBe(1);
    expect(stdout).toContain('seed 1, step nothing-to-do: its check already holds before the solution runs');
  });

  it('fails a lab whose counterfactual reads nothing (a typo in show), naming the step', async () => {
    const file = writeLab(`    - name: rounds
      ask: { question: Rounds?, answer: "migrations[0].rounds" }
      run: vm migrate m4b --to b1 --dry-run
      whatIf: [ { run: vm migrate m4b --to b1 --mode cold --dry-run, show: migrations[0].downtimeMss, say: cold instead } ]
`);
    const { code, json } = await run(['lab', 'verify', file, '--seeds', '1', '--json'], tempDir());
    expect(code).toBe(1);
    expect(json.failures[0]).toMatchObject({ seed: 1, step: 'rounds' });
    expect(json.failures[0].reason).toContain('"cold instead" gives no value');
  });

  it('fails a lab whose params change nothing it asks', async () => {
    const head = HEAD.replace('    mem: { choice: [4] }\n', '    mem: { choice: [4] }\n    unused: { choice: [1, 2, 3] }\n');
    const file = writeLab('    - { name: a, run: vm list, ask: { question: How many?, answer: "vms[0].cpus" } }\n', head);
    const { code, json } = await run(['lab', 'verify', file, '--seeds', '5', '--json'], tempDir());
    expect(code).toBe(1);
    expect(json.failures.at(-1).reason).toMatch(/all 5 seeds give the same answers/);
  });
});

describe('schema --kind Lab', () => {
  it('prints the lab file\'s JSON Schema; plain schema keeps the datacenter\'s', async () => {
    const lab = await run(['schema', '--kind', 'Lab'], tempDir());
    expect(lab.json.title).toMatch(/lab/);
    expect(lab.json.properties.kind.const).toBe('Lab');
    const dc = await run(['schema'], tempDir());
    expect(dc.json.title).toMatch(/datacenter/);
  });
});

