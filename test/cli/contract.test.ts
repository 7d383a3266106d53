import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, run, tempDir } from '../helpers/cli.js';

/**
 * The CLI contract: every command's flags and arguments (from the oclif manifest) and the shape of
 * every command's --json document. A breaking change shows up as a diff of test/contract/*.json.
 */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  }
  return value === null ? 'null' : typeof value;
}

describe('CLI contract', () => {
  it('flags and arguments of every command', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { flags: Record<string, { type: string; options?: string[]; required?: boolean }>; args: Record<string, { required?: boolean }> }>;
    };
    const contract = Object.fromEntries(Object.keys(manifest.commands).sort().map((id) => {
      const command = manifest.commands[id]!;
      return [id, {
        args: Object.fromEntries(Object.entries(command.args).map(([name, a]) => [name, a.required ? 'required' : 'optional'])),
        flags: Object.fromEntries(Object.keys(command.flags).sort().map((name) => [name, command.flags[name]!.options ? command.flags[name]!.options : command.flags[name]!.type])),
      }];
    }));
    await expect(`${JSON.stringify(contract, null, 2)}\n`).toMatchFileSnapshot(join(ROOT, 'test', 'contract', 'commands.json'));
  });

  describe('result shapes', () => {
    let dir: string;
    const shapes: Record<string, unknown> = {};
    beforeAll(async () => {
      dir = tempDir();
      const steps: [string, string[]][] = [
        ['dc validate', ['dc', 'validate', fixture('lab-dc.yaml')]],
        ['dc apply', ['dc', 'apply', fixture('lab-dc.yaml')]],
        ['dc show', ['dc', 'show']],
        ['host list', ['host', 'list']],
        ['host show', ['host', 'show', 'a1']],
        ['vm create', ['vm', 'create', 'x', '--cpus', '1', '--memory', '1GiB', '--tenant', 'globex']],
        ['vm list', ['vm', 'list']],
        ['vm show', ['vm', 'show', 'web-1']],
        ['vm pause', ['vm', 'pause', 'x']],
        ['vm delete', ['vm', 'delete', 'x']],
        ['multiplex (report)', ['multiplex', 'a1']],
        ['multiplex (carve)', ['multiplex', 'a2-2', '--count', '2', '--cpus', '1', '--memory', '1GiB']],
        ['events', ['events', '--limit', '1']],
        ['vm migrate', ['vm', 'migrate', 'web-1', '--to', 'a2-3']],
        ['migration list', ['migration', 'list']],
        ['migration show', ['migration', 'show', 'm1']],
        ['consolidate', ['consolidate', '--dry-run']],
        ['balance', ['balance', '--dry-run']],
        ['host maintenance enter', ['host', 'maintenance', 'enter', 'a2-3', '--dry-run']],
        ['consolidate --out', ['consolidate', '--power-off', '--out', join(dir, 'plan.yaml')]],
        ['plan show', ['plan', 'show', join(dir, 'plan.yaml'), '--graph']],
        ['plan check', ['plan', 'check', join(dir, 'plan.yaml')]],
        ['plan apply --dry-run', ['plan', 'apply', join(dir, 'plan.yaml'), '--dry-run']],
        ['plan compare', ['plan', 'compare']],
        ['capacity', ['capacity', '--cpus', '2', '--memory', '4GiB', '--failures', '1']],
        ['place --explain', ['place', '--cpus', '4', '--memory', '8GiB', '--tenant', 'acme', '--group', 'web', '--explain']],
        ['vm create --explain', ['vm', 'create', 'big', '--cpus', '40', '--memory', '200GiB', '--tenant', 'acme', '--explain']],
        ['host power off', ['host', 'power', 'off', 'a2-2']],
        ['power', ['power']],
        ['simulate', ['simulate', '--trace', fixture('planetlab-mini'), '--vms', '12', '--hosts', '10', '--duration', '1h']],
        ['lab list', ['lab', 'list']],
        ['lab show', ['lab', 'show', 'precopy-basics']],
        ['lab run', ['lab', 'run', 'precopy-basics', '--answers', fixture('labs/answers/precopy-basics.yaml')]],
        ['lab verify', ['lab', 'verify', 'precopy-basics', '--seeds', '2']],
        ['simulate --compare', ['simulate', '--trace', fixture('planetlab-mini'), '--vms', '12', '--hosts', '10', '--duration', '1h', '--compare', '--policies', 'dvfs,thr-mmt']],
        ['trace info', ['trace', 'info', fixture('planetlab-mini')]],
        ['error (refused)', ['vm', 'create', 'y', '--cpus', '64', '--memory', '1TiB']],
        ['error (bad input)', ['vm', 'show', 'nope']],
      ];
      for (const [name, args] of steps) shapes[name] = shape((await run([...args, '--json'], dir)).json);
      // A hands-on session, on a state of its own.
      const session = tempDir();
      const sessionSteps: [string, string[]][] = [
        ['lab start', ['lab', 'start', 'precopy-basics']],
        ['lab next', ['lab', 'next']],
        ['lab answer', ['lab', 'answer', '3']],
        ['lab hint', ['lab', 'hint']],
        ['lab status', ['lab', 'status']],
        ['lab report', ['lab', 'report']],
        ['lab stop', ['lab', 'stop']],
      ];
      for (const [name, args] of sessionSteps) shapes[name] = shape((await run([...args, '--json'], session)).json);
    }, 180_000);

    it('of every --json document', async () => {
      await expect(`${JSON.stringify(shapes, null, 2)}\n`).toMatchFileSnapshot(join(ROOT, 'test', 'contract', 'results.json'));
    });
  });
});
