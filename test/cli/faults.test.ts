import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/store/lock.js';
import { appliedState, fixture, run, tempDir } from '../helpers/cli.js';

/** Faults a store must survive (issue 12): full disks, broken and live locks, dead writers' leftovers, modes. */

const create = (dir: string, name: string, env: Record<string, string> = {}) =>
  run(['vm', 'create', name, '--cpus', '1', '--memory', '1GiB', '--tenant', 'globex', '--json'], dir, env);

/** A tiny tmpfs (root only); null where it cannot be mounted. */
function mountTmpfs(kib: number): string | null {
  const dir = tempDir('dcctl-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}

function freeBytes(dir: string): number {
  const out = execFileSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

/** Leave about `leave` bytes free on the file system of `dir`. */
function fill(dir: string, leave: number): string {
  const filler = join(dir, 'filler');
  const size = Math.max(0, freeBytes(dir) - leave);
  try {
    writeFileSync(filler, Buffer.alloc(size));
  } catch {
    // as full as it gets
  }
  // Top up block by block until the file system refuses (tmpfs rounds to pages).
  while (leave === 0) {
    try {
      writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
    } catch {
      break;
    }
  }
  return filler;
}

describe('a full disk never costs the state (tmpfs)', () => {
  let mount: string | null;
  beforeAll(() => {
    mount = mountTmpfs(512);
    if (!mount) console.warn('faults.test: cannot mount a tmpfs here (not root?): the full-disk cases are skipped');
  });
  afterAll(() => {
    if (mount) execFileSync('umount', [mount]);
  });

  it('with less room than the new state: exit 3 "no space left", the old file intact, no temp file, no lock', async (context) => {
    if (!mount) return context.skip();
    const dir = join(mount, 'state');
    expect((await run(['dc', 'apply', fixture('lab-dc.yaml')], dir)).code).toBe(0);
    expect((await run(['multiplex', 'a1', '--count', '14', '--cpus', '2', '--memory', '4GiB'], dir)).code).toBe(0);
    const before = readFileSync(join(dir, 'state.json'));
    expect(before.length).toBeGreaterThan(8_000);
    const filler = fill(mount, Math.floor(before.length / 2));
    const result = await create(dir, 'no-room');
    expect(result.code).toBe(3);
    expect(result.json.error.code).toBe('no-space');
    expect(result.json.error.message).toBe(`no space left on ${dir}: the state was not changed`);
    expect(readFileSync(join(dir, 'state.json')).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['journal', 'state.json', 'state.json.checked']);
    unlinkSync(filler);
    expect((await create(dir, 'room-again')).code).toBe(0);
  });

  it('with no room at all: exit 3, no empty lock left behind; the next command after freeing space does not wait', async (context) => {
    if (!mount) return context.skip();
    const dir = join(mount, 'state2');
    expect((await run(['dc', 'apply', fixture('lab-dc.yaml')], dir)).code).toBe(0);
    const before = readFileSync(join(dir, 'state.json'));
    const filler = fill(mount, 0);
    const result = await create(dir, 'no-room');
    expect(result.code).toBe(3);
    expect(result.json.error.code).toBe('no-space');
    expect(readdirSync(dir).sort()).toEqual(['journal', 'state.json', 'state.json.checked']);
    expect(readFileSync(join(dir, 'state.json')).equals(before)).toBe(true);
    unlinkSync(filler);
    expect(existsSync(join(dir, 'state.json.lock'))).toBe(false);
    // a lock left behind would make this wait out the timeout and exit 3 (state-locked)
    expect((await create(dir, 'room-again', { DCCTL_LOCK_TIMEOUT_MS: '2000' })).code).toBe(0);
  });
});

describe('locks', () => {
  const lockOf = (dir: string) => join(dir, 'state.json.lock');

  it('a lock held by a live process is not broken by its age', async () => {
    const dir = await appliedState();
    writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() - 3_600_000, start: processStartTime(process.pid) }));
    const result = await create(dir, 'waits', { DCCTL_LOCK_TIMEOUT_MS: '1000' });
    expect(result.code).toBe(3);
    expect(result.json.error.code).toBe('state-locked');
    expect(existsSync(lockOf(dir))).toBe(true);
    expect((await run(['vm', 'list', '--json'], dir)).json.vms.map((v: { name: string }) => v.name)).not.toContain('waits');
  });

  it('a live pid with another start time is a reused pid: its lock is broken', async () => {
    const dir = await appliedState();
    writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), start: 1 }));
    expect((await create(dir, 'after-reuse', { DCCTL_LOCK_TIMEOUT_MS: '3000' })).code).toBe(0);
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('an empty lock older than a few seconds is broken', async () => {
    const dir = await appliedState();
    writeFileSync(lockOf(dir), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockOf(dir), old, old);
    expect((await create(dir, 'after-empty-lock', { DCCTL_LOCK_TIMEOUT_MS: '3000' })).code).toBe(0);
    expect(existsSync(lockOf(dir))).toBe(false);
  });
});

describe('writes', () => {
  it('a dead writer\'s temp files are removed when the lock is next taken; a live one\'s are not', async () => {
    const dir = await appliedState();
    writeFileSync(join(dir, 'state.json.tmp-999999999-dead'), '{"partial":');
    writeFileSync(join(dir, `state.json.tmp-${process.pid}-live`), '{"partial":');
    expect((await create(dir, 'cleaner')).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([`state.json.tmp-${process.pid}-live`]);
  });

  it('a write keeps the file\'s mode (a user\'s chmod 600 is not widened)', async () => {
    const dir = await appliedState();
    chmodSync(join(dir, 'state.json'), 0o600);
    expect((await create(dir, 'private')).code).toBe(0);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, 'state.json'), 0o640);
    expect((await create(dir, 'group')).code).toBe(0);
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o640);
  });

  it('a state dir that is a file: exit 3 saying so, for reads and writes (not "corrupt")', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const read = await run(['vm', 'list', '--json'], file);
    expect(read.code).toBe(3);
    expect(read.json.error).toMatchObject({ code: 'state-dir-not-a-directory', message: `${file} is not a directory` });
    const write = await run(['dc', 'apply', fixture('lab-dc.yaml'), '--json'], file);
    expect(write.code).toBe(3);
    expect(write.json.error.code).toBe('state-dir-not-a-directory');
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('hostile sizes are refused in well under a second, or bounded', () => {
  it('a migration that would iterate for ever stops at the round cap, records a bounded timeline, and writes a small state', async () => {
    const dir = await appliedState('migration-lab.yaml');
    const started = Date.now();
    const dry = await run(['vm', 'migrate', 'db', '--to', 'dst', '--dirty-rate', '100GiB/s', '--timeout', '1000000h', '--dry-run', '--json'], dir);
    expect(dry.code).toBe(1); // aborted at the cap, as at the timeout
    expect(dry.json.migrations[0]).toMatchObject({ rounds: 10_000, stopReason: 'timeout', outcome: 'aborted' });
    expect(dry.json.migrations[0].iterations).toHaveLength(200);
    expect(dry.json.migrations[0].iterations.at(-1).round).toBe(9_999);
    const real = await run(['vm', 'migrate', 'db', '--to', 'dst', '--dirty-rate', '100GiB/s', '--timeout', '10000h', '--json'], dir);
    expect(real.code).toBe(1);
    expect(statSync(join(dir, 'state.json')).size).toBeLessThan(200_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([
    [['simulate', '--trace', fixture('planetlab-mini'), '--interval', '1ms'], /86,400,000 intervals; a run may have at most 200,000/],
    [['simulate', '--synthetic', '--vms', '1000000'], /288,000,000 VM-intervals; a run may have at most 200,000,000/],
    [['simulate', '--synthetic', '--vms', '100000000'], /--vms may be at most 10000000/],
  ])('%j is exit 2 naming the limit', async (args, message) => {
    const result = await run([...args, '--json'], tempDir());
    expect(result.code).toBe(2);
    expect(result.json.error.message).toMatch(message);
  });

  it('an over-long name is refused at once, and no error echoes more than 1,000 characters of it', async () => {
    const dir = await appliedState();
    const name = 'x'.repeat(14_000);
    const result = await run(['vm', 'delete', name, '--json'], dir);
    expect(result.code).toBe(2);
    expect(result.json.error.message).toBe(`no VM named ${'x'.repeat(40)}… (14,000 characters; names have at most 63)`);
    const create = await run(['vm', 'create', name, '--cpus', '1', '--memory', '1GiB', '--json'], dir);
    expect(create.code).toBe(2);
    expect(create.json.error.message.length).toBeLessThan(1100);
  });
});

describe('a state.json that is a link', () => {
  it('to a file outside the state dir: its content is never echoed, nor written through, nor copied into a backup', async () => {
    const dir = tempDir();
    const outside = join(tempDir(), 'passwd');
    writeFileSync(outside, 'root:x:0:0:root:/root:/bin/bash\n');
    symlinkSync(outside, join(dir, 'state.json'));
    const read = await run(['vm', 'list', '--json'], dir);
    expect(read.code).toBe(3);
    expect(read.stdout).not.toContain('root:x');
    const reset = await run(['state', 'reset', '--yes', '--json'], dir);
    expect(reset.code).toBe(3);
    expect(reset.json.error.code).toBe('state-symlink');
    expect(readFileSync(outside, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('to a file inside the state dir: writes go to that file and the link stays', async () => {
    const dir = await appliedState();
    renameSync(join(dir, 'state.json'), join(dir, 'real.json'));
    symlinkSync('real.json', join(dir, 'state.json'));
    expect((await create(dir, 'through-link')).code).toBe(0);
    expect(lstatSync(join(dir, 'state.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toContain('through-link');
  });
});

describe('corruption inside a valid document is noticed on load', () => {
  const cases: [string, (s: any) => unknown, RegExp][] = [
    ['a negative size', (s) => { s.vms[0].memoryBytes = -1; return s; }, /vms\[0\]\.memoryBytes: -1 is out of range/],
    ['a huge vCPU count', (s) => { s.vms[0].cpus = 1e308; return s; }, /vms\[0\]\.cpus: .* (is too large|out of range)/],
    ['an unknown VM state', (s) => { s.vms[0].state = 'exploded'; return s; }, /vms\[0\]\.state: "exploded" is not allowed here/],
    ['events that are not events', (s) => { s.events = [1, 2, 'x']; return s; }, /events\[0\]/],
    ['migrations that are not a list', (s) => { s.migrations = 'x'; return s; }, /migrations: expected a list/],
    ['a host without fields', (s) => { s.datacenter.hosts[0] = { name: s.datacenter.hosts[0].name }; return s; }, /datacenter\.hosts\[0\]/],
    ['a VM on a host over its limit', (s) => { s.vms[0].cpus = 1000; return s; }, /over its limit/],
  ];
  it.each(cases)('%s: exit 3 state-corrupt naming the path; the file is never rewritten', async (_what, edit, message) => {
    const dir = await appliedState();
    const file = join(dir, 'state.json');
    const text = JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8'))));
    writeFileSync(file, text);
    const read = await run(['vm', 'list', '--json'], dir);
    expect(read.code).toBe(3);
    expect(read.json.error.code).toBe('state-corrupt');
    expect(read.json.error.message).toMatch(message);
    const write = await create(dir, 'on-corrupt');
    expect(write.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a top-level __proto__ key and a 100,000-deep array under an extra key are refused, not crashed on', async () => {
    for (const edit of [(t: string) => t.replace(/^\{/, '{"__proto__":{"polluted":1},'), (t: string) => t.replace(/^\{/, `{"extra":${'['.repeat(100_000)}${']'.repeat(100_000)},`)]) {
      const dir = await appliedState();
      const file = join(dir, 'state.json');
      const text = edit(readFileSync(file, 'utf8'));
      writeFileSync(file, text);
      const read = await run(['vm', 'list', '--json'], dir);
      expect(read.code).toBe(3);
      expect(read.json.error.code).toBe('state-corrupt');
      expect(read.stderr).toBe('');
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('a checked state is stamped (not checked again while unchanged); an edited one is checked and stamped anew', async () => {
    const dir = await appliedState();
    expect((await run(['vm', 'list', '--json'], dir)).code).toBe(0);
    const stamp = readFileSync(join(dir, 'state.json.checked'), 'utf8');
    expect(stamp).toMatch(/^\d+:\d+:[\d.]+$/);
    writeFileSync(join(dir, 'state.json'), `${readFileSync(join(dir, 'state.json'), 'utf8')} `);
    expect((await run(['vm', 'list', '--json'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'state.json.checked'), 'utf8')).not.toBe(stamp);
  });
});
