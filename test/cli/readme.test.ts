import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run, tempDir } from '../helpers/cli.js';

/**
 * The README's first session runs as written from a fresh clone: each `dcctl` command of the
 * block under "A first session", in order, in one state, from a folder where fixtures/ is the
 * clone's (the block's own first lines make `dcctl` the clone's bin/run.js and set the state dir).
 */
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const session = /## A first session\s+```sh\n([\s\S]*?)```/.exec(readme)![1]!;
const commands = session.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean)
  .flatMap((l) => l.split('&&').map((c) => c.trim()));

describe('README first session (real binary)', () => {
  it('starts by making dcctl the clone\'s binary and setting the state dir', () => {
    expect(commands[0]).toBe('alias dcctl="$PWD/bin/run.js"');
    expect(commands[1]).toMatch(/^export DCCTL_STATE_DIR=/);
  });

  it('every command exits 0, in order', async () => {
    const state = tempDir();
    const cwd = tempDir('dcctl-readme-');
    symlinkSync(join(ROOT, 'fixtures'), join(cwd, 'fixtures'));
    const dcctl = commands.filter((c) => c.startsWith('dcctl '));
    expect(dcctl.length).toBeGreaterThan(5);
    for (const command of dcctl) {
      const result = await run(command.split(/\s+/).slice(1), state, {}, cwd);
      expect(result.code, `${command}\n${result.stderr}`).toBe(0);
    }
  }, 60_000);
});
