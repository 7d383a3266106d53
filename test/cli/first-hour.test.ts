import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appliedState, fixture, run, tempDir } from '../helpers/cli.js';

/** A new user's first hour (issue 11), part 1: data safety, terminal safety, errors. Each case is what a person met before it was fixed. */

const ESC = '\u001B';
const BEL = '\u0007';

describe('data safety', () => {
  it('demo never touches the state DCCTL_STATE_DIR points at', async () => {
    const mine = await appliedState();
    expect((await run(['vm', 'create', 'my-own', '--cpus', '1', '--memory', '1GiB', '--tenant', 'globex'], mine)).code).toBe(0);
    const before = readFileSync(join(mine, 'state.json'), 'utf8');
    const demo = await run(['demo', '--json'], mine);
    expect(demo.code).toBe(0);
    expect(demo.json.stateDir).not.toBe(mine);
    expect(readFileSync(join(mine, 'state.json'), 'utf8')).toBe(before);
  });

  it('demo --state-dir to a state that holds something is exit 3 unless --force, which keeps a backup', async () => {
    const mine = await appliedState();
    const before = readFileSync(join(mine, 'state.json'), 'utf8');
    const exported = (await run(['state', 'export', '--json'], mine)).json;
    const refused = await run(['demo', '--state-dir', mine], tempDir());
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/already holds a state; the demo would replace it/);
    expect(refused.stderr).toMatch(/hint: .*--force \(a backup copy is kept\)/);
    expect(readFileSync(join(mine, 'state.json'), 'utf8')).toBe(before);
    const forced = await run(['demo', '--state-dir', mine, '--force', '--json'], tempDir());
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(forced.json.backup, 'utf8'))).toEqual(exported); // the whole state, history included: `state import` restores it
    const empty = tempDir();
    expect((await run(['demo', '--state-dir', empty, '--json'], tempDir())).json.backup).toBeNull();
  });

  it('state import refuses what dc apply refuses, naming the JSON path with line and column; the state stays', async () => {
    const dir = await appliedState();
    const exported = (await run(['state', 'export', '--json'], dir)).json;
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const cases: [string, (s: any) => void, RegExp][] = [
      ['escape sequence in a name', (s) => { s.vms[0].name = `${ESC}[31mred vm`; }, /vms\[0\]\.name: "\\e\[31mred vm" is not a valid name/],
      ['negative vCPUs', (s) => { s.vms[1].cpus = -5; }, /vms\[1\]\.cpus: -5 is out of range: must be at least 1/],
      ['a VM twice', (s) => { s.vms.push({ ...s.vms[0] }); }, /vms\[6\]\.name: VM web-1 appears twice/],
      ['a host over its limits', (s) => { s.vms[0].cpus = 1000; }, /host a1 holds 1000 vCPUs, over its limit of 128/],
      ['an unknown host', (s) => { s.vms[2].host = 'nowhere'; }, /vms\[2\]\.host: VM db-1 is on host nowhere, which is not defined/],
      ['a state that is not a VM state', (s) => { s.vms[0].state = 'exploded'; }, /vms\[0\]\.state: "exploded" is not allowed here/],
    ];
    for (const [what, edit, message] of cases) {
      const copy = structuredClone(exported);
      edit(copy);
      const file = join(tempDir(), 'edited.json');
      writeFileSync(file, JSON.stringify(copy, null, 2));
      const result = await run(['state', 'import', file], dir);
      expect(result.code, what).toBe(2);
      expect(result.stderr, what).toMatch(message);
      expect(result.stderr, what).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `));
      expect(result.stderr).not.toContain(ESC);
      expect(readFileSync(join(dir, 'state.json'), 'utf8'), what).toBe(before);
    }
  });
});

describe('terminal safety', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await appliedState();
  });

  it('names with escape sequences are shown escaped in errors and hints, human and JSON', async () => {
    const create = await run(['vm', 'create', `${ESC}[31mred`, '--cpus', '1', '--memory', '1GiB'], dir);
    expect(create.code).toBe(2);
    expect(create.stderr).not.toContain(ESC);
    expect(create.stderr).toContain('"\\e[31mred"');
    const show = await run(['vm', 'show', `${ESC}]2;PWNED${BEL}`], dir);
    expect(show.code).toBe(2);
    expect(show.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    expect(show.stderr).toContain('no VM named \\e]2;PWNED\\x07');
    const json = await run(['vm', 'show', `${ESC}]2;PWNED${BEL}`, '--json'], dir);
    expect(json.stdout).not.toContain(ESC);
    expect(json.json.error.message).toBe(`no VM named ${ESC}]2;PWNED${BEL}`); // the value itself, once parsed
  });

  it('a flag value from input is escaped too (a bidi override and C1 controls in JSON as well)', async () => {
    const result = await run(['vm', 'migrate', 'web-1', '--to', 'a\u202Eb\u009B'], dir);
    expect(result.stderr).toContain('\\u202e');
    expect(result.stderr).toContain('\\x9b');
    const json = await run(['vm', 'migrate', 'web-1', '--to', 'a\u202Eb', '--json'], dir);
    expect(json.stdout).toContain('\\u202e');
    expect(json.stdout).not.toContain('\u202E');
  });
});

describe('errors that finish their sentence', () => {
  const cases: [string[], RegExp, RegExp, Record<string, string>][] = [
    [['vm', 'show'], /^error: dcctl vm show needs an argument: NAME \(VM name\)$/m, /hint: usage: dcctl vm show NAME/, { argument: 'NAME' }],
    [['vm', 'migrate', 'web-1'], /^error: dcctl vm migrate needs --to \(target host\)$/m, /hint: usage: dcctl vm migrate VM --to HOST/, { flag: '--to' }],
    [['vm', 'create', 'x', '--cpus', 'abc'], /^error: --cpus takes a whole number, not "abc"$/m, /hint: --cpus is vCPUs: a whole number from 1 to 1024/, { flag: '--cpus' }],
    [['vm', 'create', 'x', '--cpus', '0', '--memory', '1GiB'], /^error: --cpus must be at least 1; got 0$/m, /hint: --cpus is vCPUs/, { flag: '--cpus' }],
    [['multiplex', 'a2-3', '--count', '0'], /^error: --count must be at least 1; got 0$/m, /hint: --count is carve this many/, { flag: '--count' }],
    [['multiplex', 'a2-3', '--count', '1000000'], /^error: --count may be at most 100000; got 1000000$/m, /hint: --count/, { flag: '--count' }],
    [['vm', 'migrate', 'web-1', '--to', 'a2-2', '--mode', 'fast'], /^error: --mode "fast" is not one of live, postcopy, hybrid, cold, offline$/m, /hint: --mode is/, { flag: '--mode' }],
    [['vm', 'create', 'x', '--cpu', '2'], /^error: dcctl vm create has no flag --cpu$/m, /hint: did you mean --cpus\?/, { flag: '--cpu', suggestion: '--cpus' }],
    [['vm', 'show', 'a', 'b'], /^error: dcctl vm show takes one argument; "b" is too many$/m, /hint: usage: dcctl vm show NAME/, { argument: 'b' }],
    [['vm', 'lst'], /^error: dcctl has no command "vm lst"$/m, /hint: did you mean "dcctl vm list"\?/, { command: 'vm lst', suggestion: 'vm list' }],
    [['vmm', 'list'], /^error: dcctl has no command "vmm list"$/m, /hint: did you mean "dcctl vm list"\?/, { suggestion: 'vm list' }],
  ];
  it.each(cases)('%j: a whole sentence, a hint, exit 2, and the same in JSON', async (args, message, hint, fields) => {
    const dir = tempDir();
    const human = await run(args, dir);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(message);
    expect(human.stderr).toMatch(hint);
    expect(human.stderr).not.toMatch(/›|Error:|See more help/);
    const json = await run([...args, '--json'], dir);
    expect(json.code).toBe(2);
    expect(json.json.error.message).toMatch(new RegExp(message.source.replace(/^\^error: /, '^').replace(/\$$/, '$')));
    expect(json.json.error).toMatchObject(fields);
  });

  it('-h is help', async () => {
    const result = await run(['vm', 'list', '-h'], tempDir());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('USAGE');
  });
});

