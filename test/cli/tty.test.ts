import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appliedState, run, tempDir } from '../helpers/cli.js';
import { CTRL_C, runInPty } from '../helpers/pty.js';

/** What a person sees at a real terminal (a pseudo-terminal of a given width). */

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('at a terminal (pseudo-terminal)', () => {
  let lab: string;
  beforeAll(async () => {
    lab = await appliedState();
    expect((await run(['multiplex', 'a1', '--count', '6', '--cpus', '2', '--memory', '4GiB'], lab)).code).toBe(0);
  });

  it('Ctrl-C at the vm create prompt ends quietly with exit 130', async () => {
    const result = await runInPty(['vm', 'create', 'new-vm'], lab, [{ expect: 'vCPUs for new-vm' }, { send: CTRL_C }]);
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(130);
    expect(result.text).not.toMatch(/internal error|bug in dcctl|SIGINT/);
  });

  it('Ctrl-C at the state reset confirmation ends quietly with exit 130 and changes nothing', async () => {
    const dir = await appliedState();
    const result = await runInPty(['state', 'reset'], dir, [{ expect: 'Empty the state' }, { send: CTRL_C }]);
    expect(result.code).toBe(130);
    expect(result.text).not.toMatch(/internal error|bug in dcctl/);
    expect((await run(['vm', 'list', '--json'], dir)).json.vms).toHaveLength(6);
  });

  it('vm create checks the name and the datacenter before it asks anything', async () => {
    const taken = await runInPty(['vm', 'create', 'web-1'], lab, [{ sleep: 0.5 }]);
    expect(taken.code).toBe(1);
    expect(taken.text).toContain('a VM named web-1 already exists');
    expect(taken.text).not.toContain('vCPUs for');
    const bad = await runInPty(['vm', 'create', 'bad name'], lab, [{ sleep: 0.5 }]);
    expect(bad.code).toBe(2);
    expect(bad.text).not.toContain('vCPUs for');
    const none = await runInPty(['vm', 'create', 'first'], tempDir(), [{ sleep: 0.5 }]);
    expect(none.code).toBe(3);
    expect(none.text).toContain('no datacenter has been applied');
    // And answered, the prompts create it.
    const asked = await runInPty(['vm', 'create', 'asked', '--tenant', 'globex'], lab, [{ expect: 'vCPUs for asked' }, { send: '2\r' }, { expect: 'memory for asked' }, { send: '2GiB\r' }]);
    expect(asked.code).toBe(0);
    expect(asked.text).toMatch(/created asked on/);
  });

  it.each([
    [['host', 'list']], [['vm', 'list']], [['multiplex', 'a1']], [['events']], [['vm', 'show', 'web-1']],
    [['vm', 'migrate', 'db-1', '--to', 'a2-2', '--dry-run']], [['consolidate', '--dry-run']], [['balance', '--dry-run']],
  ])('%j fits 80 columns', async (args) => {
    const narrow = await runInPty(args, lab, [], 80);
    expect(narrow.code).toBe(0);
    expect(widest(narrow.text)).toBeLessThanOrEqual(80);
  });

  it.each([[['host', 'list']], [['events']]])('%j with --wide is the whole table, as a pipe gets it', async (args) => {
    const wide = await runInPty([...args, '--wide'], lab, [], 80);
    const piped = await run(args, lab);
    expect(widest(piped.stdout)).toBeGreaterThan(80);
    expect(widest(wide.text)).toBe(widest(piped.stdout));
  });

  it('the migration round table fits 80 columns (dropping START and THROTTLE first)', async () => {
    const dir = await appliedState('migration-lab.yaml');
    const result = await runInPty(['vm', 'migrate', 'db', '--to', 'dst', '--dry-run'], dir, [], 80);
    expect(widest(result.text)).toBeLessThanOrEqual(80);
    const header = result.text.split('\n').find((l) => l.includes('ROUND'))!;
    expect(header).toContain('DIRTIED');
  });

  it('the spinner keeps turning while the planner works', async () => {
    const dir = tempDir();
    const vms = Array.from({ length: 6000 }, (_, i) => `    - { name: v${i}, cpus: ${[1, 2, 4][i % 3]}, memory: ${[2, 4, 8][i % 3]}GiB, workload: { cpu: ${[20, 40, 60][i % 3]}% } }`).join('\n');
    const file = join(tempDir(), 'spread.yaml');
    writeFileSync(file, `apiVersion: dcctl/v1\nkind: Datacenter\nmetadata: { name: spread }\nspec:\n  defaults: { placement: worst-fit }\n  clusters:\n    - name: c\n      hypervisor: { product: kvm }\n      hosts:\n        - { name: h, count: 800, cpu: { cores: 32 }, memory: 256GiB }\n  vms:\n${vms}\n`);
    expect((await run(['dc', 'apply', file], dir)).code).toBe(0);
    const result = await runInPty(['consolidate', '--dry-run'], dir, [], 80);
    expect(result.code).toBe(0);
    const frames = new Set([...result.output.matchAll(/([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏])\S* planning consolidation/g)].map((m) => m[1]));
    expect(frames.size).toBeGreaterThan(1);
  }, 60_000);
});
