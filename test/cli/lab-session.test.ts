import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedState, fixture, labDir, PRECOPY_LAB_HEAD, run, tempDir } from '../helpers/cli.js';
import { childrenNamed, parseXml } from '../helpers/xml.js';
import { chainLines } from '../../src/core/lab/transcript.js';

/** A hands-on lab: an ask with a misconception and a whatIf, a task with hints and decaying points, a relation. */
const LAB = `${PRECOPY_LAB_HEAD}    - name: predict-downtime
      ask:
        question: What downtime will m4b see?
        answer: migrations[0].downtimeMs
        tolerance: 5%
        misconceptions:
          - { run: vm migrate m4b --to b1 --mode cold, show: migrations[0].downtimeMs, say: cold }
      run: vm migrate m4b --to b1 --preset simgrid
      whatIf:
        - { run: "vm migrate m4b --to b1 --preset simgrid --bandwidth 500Mbit/s", show: migrations[0].downtimeMs, say: "with half the bandwidth" }
      points: 2
    - name: move-m1c
      task: Put m1c on host a2 while it keeps running.
      check:
        - run: vm show m1c
          checks: [ { path: vm.host, equals: a2 }, { path: vm.state, equals: active } ]
      hints: [ "vm migrate moves a VM", "vm migrate m1c --to a2" ]
      attempts: { max: 3, decay: 0.5 }
      solution: [ vm migrate m1c --to a2 ]
      points: 4
    - name: bandwidth-law
      relation: { vary: { param: bw, values: [500Mbit/s, 800Mbit/s, 1Gbit/s] }, run: "vm migrate m4a --to a2 --bandwidth \${bw} --dry-run", path: migrations[0].downtimeMs, is: non-increasing }
`;

function writeLab(text = LAB): string {
  const dir = labDir();
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, text);
  return file;
}

const stateFile = (dir: string) => readFileSync(join(dir, 'state.json'), 'utf8');

describe('a hands-on lab session', () => {
  it('start, commands in between, a wrong answer with its misconception, a task failed then passed, hints, a relation, the report, stop', async () => {
    const lab = writeLab();
    const dir = tempDir();
    const start = await run(['lab', 'start', lab, '--json'], dir);
    expect(start.code).toBe(0);
    expect(start.json.progress).toMatchObject({ lab: 't', step: 1, steps: 3, done: 0, score: 0, maxScore: 7, complete: false });
    expect(start.json.step).toMatchObject({ name: 'predict-downtime', kind: 'ask', question: 'What downtime will m4b see?', run: 'vm migrate m4b --to b1 --preset simgrid' });

    // A question is answered, not run.
    const early = await run(['lab', 'next', '--json'], dir);
    expect(early.code).toBe(1);
    expect(early.json.error.code).toBe('answer-first');

    // The student predicts the downtime of a cold migration (a dry run changes nothing, so it is not one of their commands).
    const cold = await run(['vm', 'migrate', 'm4b', '--to', 'b1', '--mode', 'cold', '--dry-run', '--json'], dir);
    const coldMs = cold.json.migrations[0].downtimeMs as number;
    const answer = await run(['lab', 'answer', `${coldMs}ms`, '--json'], dir);
    expect(answer.code).toBe(1);
    const asked = answer.json.result;
    expect(asked).toMatchObject({ name: 'predict-downtime', status: 'failed', score: 0, attempts: 1 });
    expect(asked.misconception).toMatchObject({ say: 'cold', value: coldMs });
    expect(asked.whatIf).toHaveLength(1);
    expect(asked.whatIf[0]).toMatchObject({ say: 'with half the bandwidth', show: 'migrations[0].downtimeMs' });
    expect(typeof asked.whatIf[0].value).toBe('number');
    // The counterfactuals ran on copies: the state holds the one real migration of m4b, with the model's downtime.
    const migrations = await run(['migration', 'list', '--vm', 'm4b', '--json'], dir);
    expect(migrations.json.migrations).toHaveLength(1);
    expect(migrations.json.migrations[0]).toMatchObject({ to: 'b1', mode: 'live', downtimeMs: asked.answer.correct });
    expect(answer.json.step).toMatchObject({ name: 'move-m1c', kind: 'task' });

    // The task checked before it is done: fails, stays, one hint.
    const first = await run(['lab', 'next', '--json'], dir);
    expect(first.code).toBe(1);
    expect(first.json).toMatchObject({ over: false, attemptsAllowed: 3, progress: { step: 2, done: 1 } });
    expect(first.json.result).toMatchObject({ status: 'failed', attempts: 1, hints: ['vm migrate moves a VM'] });
    const human = await run(['lab', 'next'], dir);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('vm.host: expected a2, got a1');
    expect(human.stdout).toContain('attempt 2 of 3');
    const hint = await run(['lab', 'hint', '--json'], dir);
    expect(hint.json).toEqual({ step: 'move-m1c', hints: ['vm migrate moves a VM', 'vm migrate m1c --to a2'], total: 2 });

    expect((await run(['vm', 'migrate', 'm1c', '--to', 'a2'], dir)).code).toBe(0);
    const done = await run(['lab', 'next', '--json'], dir);
    expect(done.code).toBe(0);
    // Passed on the third attempt: 4 points x (1 - 0.5)^2.
    expect(done.json.result).toMatchObject({ status: 'passed', attempts: 3, score: 1, commands: [{ command: 'vm migrate m1c --to a2', exitCode: 0 }] });
    expect(done.json.step).toMatchObject({ name: 'bandwidth-law', kind: 'check' });

    const law = await run(['lab', 'next', '--json'], dir);
    expect(law.code).toBe(0);
    const relation = law.json.result.checks[0];
    expect(relation).toMatchObject({ op: 'non-increasing', expected: { bw: ['500Mbit/s', '800Mbit/s', '1Gbit/s'] }, passed: true, path: 'migrations[0].downtimeMs' });
    expect(relation.actual).toHaveLength(3);
    expect(relation.actual[0]).toBeGreaterThan(relation.actual[2]);
    expect(law.json.progress).toMatchObject({ complete: true, score: 2, passed: false, step: null });
    // The relation's dry runs and copies left m4a where it was.
    expect((await run(['vm', 'show', 'm4a', '--json'], dir)).json.vm.host).toBe('a1');

    const report = await run(['lab', 'report', '--json'], dir);
    expect(report.code).toBe(1); // 2 of 7 points
    expect(report.json).toMatchObject({ lab: 't', score: 2, maxScore: 7, passed: false, session: { complete: true, continuous: true, breaks: [] } });
    expect(report.json.steps.map((s: { status: string }) => s.status)).toEqual(['failed', 'passed', 'passed']);
    expect(report.json.steps[1]).toMatchObject({ attempts: 3, commands: [{ command: 'vm migrate m1c --to a2' }] });
    expect(report.json.steps[0].commands).toEqual([]);
    const junit = await run(['lab', 'report', '--reporter', 'junit'], dir);
    const suites = parseXml(junit.stdout);
    expect(childrenNamed(childrenNamed(suites, 'testsuite')[0]!, 'testcase')).toHaveLength(3);

    const stop = await run(['lab', 'stop', '--json'], dir);
    expect(stop.json).toMatchObject({ stopped: true, progress: { score: 2 } });
    const status = await run(['lab', 'status', '--json'], dir);
    expect(status.code).toBe(3);
    expect(status.json.error.code).toBe('no-lab-session');
    expect((await run(['vm', 'show', 'm1c', '--json'], dir)).json.vm.host).toBe('a2'); // the state stays
    const again = await run(['lab', 'stop', '--json'], dir);
    expect(again).toMatchObject({ code: 0, json: { stopped: false } });
  }, 90_000); // some twenty processes in a row: 15 s alone, twice that beside other test files

  it('refuses without a session, on a used state, and once the lab file changed; nothing is written', async () => {
    const empty = tempDir();
    for (const args of [['lab', 'next'], ['lab', 'answer', '3'], ['lab', 'report'], ['lab', 'hint'], ['lab', 'status']]) {
      const r = await run([...args, '--json'], empty);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.json.error.code).toBe('no-lab-session');
    }
    expect(existsSync(join(empty, 'state.json'))).toBe(false);

    const used = await appliedState();
    const before = stateFile(used);
    const refused = await run(['lab', 'start', 'precopy-basics', '--json'], used);
    expect(refused.code).toBe(3);
    expect(refused.json.error.code).toBe('state-exists');
    expect(stateFile(used)).toBe(before);
    const forced = await run(['lab', 'start', 'precopy-basics', '--force', '--json'], used);
    expect(forced.code).toBe(0);
    expect(existsSync(forced.json.backup)).toBe(true);
    expect(readdirSync(used).some((f) => f.endsWith('.bak'))).toBe(true);

    const lab = writeLab();
    const dir = tempDir();
    expect((await run(['lab', 'start', lab], dir)).code).toBe(0);
    writeFileSync(lab, LAB.replace('points: 2', 'points: 3'));
    const held = stateFile(dir);
    for (const args of [['lab', 'answer', '30s'], ['lab', 'next'], ['lab', 'report']]) {
      const r = await run([...args, '--json'], dir);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.json.error.code).toBe('lab-changed');
    }
    expect(stateFile(dir)).toBe(held);
    expect((await run(['lab', 'status', '--json'], dir)).json.labFileChanged).toBe(true);
  });

  it('a report says when the session was not continuous (a dc apply, a state import)', async () => {
    const lab = writeLab();
    const dir = tempDir();
    await run(['lab', 'start', lab], dir);
    expect((await run(['lab', 'report', '--json'], dir)).json.session.continuous).toBe(true);
    const exported = await run(['state', 'export'], dir);
    const copy = join(tempDir(), 'export.json');
    writeFileSync(copy, exported.stdout);
    expect((await run(['state', 'import', copy, '--force'], dir)).code).toBe(0);
    const imported = await run(['lab', 'report', '--json'], dir);
    expect(imported.json.session.continuous).toBe(false);
    expect(imported.json.session.breaks[0]).toMatch(/state import or state reset/);

    const other = tempDir();
    await run(['lab', 'start', lab], other);
    await run(['dc', 'apply', fixture('lab-dc.yaml'), '--force'], other);
    const applied = await run(['lab', 'report', '--json'], other);
    expect(applied.json.session.continuous).toBe(false);
    expect(applied.json.session.breaks.join(' ')).toMatch(/dc apply outside the lab/);
  });

  it('two lab next at once run the step once', async () => {
    const dir = tempDir();
    await run(['lab', 'start', 'precopy-basics'], dir); // step 1 runs vm migrate m4a
    const [a, b] = await Promise.all([run(['lab', 'next', '--json'], dir), run(['lab', 'next', '--json'], dir)]);
    // One ran the step; the other either waited for it and shows its result, or came after it and
    // met step 2 (a question): never a second run.
    const ran = [a, b].filter((r) => r.code === 0 && r.json.alreadyDone === false);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.json.result.name).toBe('first-move');
    const other = ran[0] === a ? b : a;
    if (other.code === 0) expect(other.json).toMatchObject({ alreadyDone: true, result: { name: 'first-move' } });
    else expect(other).toMatchObject({ code: 1, json: { error: { code: 'answer-first' } } });
    const migrations = await run(['migration', 'list', '--vm', 'm4a', '--json'], dir);
    expect(migrations.json.migrations).toHaveLength(1);
    expect((await run(['lab', 'status', '--json'], dir)).json.progress).toMatchObject({ step: 2, done: 1 });
  });
});

describe('relations in lab verify', () => {
  it('a law the model does not follow fails verify, naming the readings', async () => {
    const lab = writeLab(LAB.replace('is: non-increasing', 'is: increasing'));
    const r = await run(['lab', 'verify', lab, '--seeds', '1', '--json'], tempDir());
    expect(r.code).toBe(1);
    expect(r.json.failures[0]).toMatchObject({ step: 'bandwidth-law' });
    expect(r.json.failures[0].reason).toMatch(/increasing/);
  });

  it('a relation whose run does not use the varied param is refused at load', async () => {
    const lab = writeLab(LAB.replace('--bandwidth ${bw} --dry-run', '--dry-run'));
    const r = await run(['lab', 'show', lab, '--json'], tempDir());
    expect(r.code).toBe(2);
    expect(r.json.error.message).toMatch(/does not use \$\{bw\}/);
  });
});

describe('transcripts and lab replay', () => {
  const answers = fixture('labs/answers/precopy-basics.yaml');

  it('a lab run\'s transcript replays; a changed line breaks the chain; a re-chained different answer is the first step that differs', async () => {
    const dir = tempDir();
    const file = join(dir, 't.jsonl');
    expect((await run(['lab', 'run', 'precopy-basics', '--answers', answers, '--transcript', file], tempDir())).code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['header', 'step', 'step', 'step']);
    expect(lines[2].prev).toBe(lines[1].hash);
    const good = await run(['lab', 'replay', file, '--json'], tempDir());
    expect(good).toMatchObject({ code: 0, json: { matched: true, steps: 3, firstDifference: null } });

    const tampered = join(dir, 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('"score":2', '"score":0'));
    const broken = await run(['lab', 'replay', tampered, '--json'], tempDir());
    expect(broken.code).toBe(1);
    expect(broken.json.error).toMatchObject({ code: 'transcript-broken' });
    expect(broken.json.error.message).toMatch(/line 3: the line was changed/);
    const dropped = join(dir, 'dropped.jsonl');
    writeFileSync(dropped, readFileSync(file, 'utf8').split('\n').filter((_, i) => i !== 1).join('\n'));
    expect((await run(['lab', 'replay', dropped, '--json'], tempDir())).json.error.message).toMatch(/line 2: the line does not follow/);

    // A forger who re-chains the hashes after changing an answer is caught by the digest.
    const forged = join(dir, 'forged.jsonl');
    writeFileSync(forged, chainLines(lines.map((l) => (l.step === 'predict-rounds' ? { ...l, answer: 99 } : l))));
    const differs = await run(['lab', 'replay', forged, '--json'], tempDir());
    expect(differs.code).toBe(1);
    expect(differs.json).toMatchObject({ matched: false, firstDifference: { index: 1, step: 'predict-rounds', status: 'failed' } });
  });

  it('a hands-on session\'s transcript replays with the commands the student typed', async () => {
    const dir = tempDir();
    await run(['lab', 'start', 'precopy-basics'], dir);
    await run(['lab', 'next'], dir);
    await run(['lab', 'answer', '5'], dir);
    await run(['lab', 'next'], dir); // fails: m1c not moved yet
    await run(['vm', 'migrate', 'm1c', '--to', 'a2', '--preset', 'simgrid'], dir);
    expect((await run(['lab', 'next'], dir)).code).toBe(0);
    const file = join(tempDir(), 'session.jsonl');
    await run(['lab', 'report', '--transcript', file, '--json'], dir);
    const steps = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(steps.map((s) => s.step)).toEqual(['first-move', 'predict-rounds', 'move-m1c']);
    expect(steps[2].commands).toEqual(['vm migrate m1c --to a2 --preset simgrid']);
    expect(steps[1].answer).toBe('5');
    const replay = await run(['lab', 'replay', file, '--json'], tempDir());
    expect(replay).toMatchObject({ code: 0, json: { matched: true, steps: 3 } });
  });
});
