import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyState, fixture, ROOT, run, tempDir } from '../helpers/cli.js';

/**
 * Every example in every command's --help runs as written from a fresh clone, on the state the
 * README's first session builds (fixtures/lab-dc.yaml applied): each in a copy of that state, in a
 * folder where fixtures/ is the clone's, so files the examples write land there.
 */
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, { examples?: string[] }> };
const examples = Object.entries(manifest.commands).flatMap(([id, c]) => (c.examples ?? []).map((example) => ({ id, example: example.replace('<%= config.bin %>', 'dcctl') })));

/** Shell words of an example (no quotes are used in them); a `> file` redirect is dropped. */
const words = (example: string) => example.replace(/\s>\s\S+$/, '').split(/\s+/).slice(1);

describe('help examples (real binary)', () => {
  let applied: string;
  beforeAll(async () => {
    applied = tempDir();
    expect((await run(['dc', 'apply', fixture('lab-dc.yaml')], applied)).code).toBe(0);
  });

  it('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it.each(examples)('$id: $example', async ({ id, example }) => {
    const state = tempDir();
    copyState(applied, state);
    const cwd = tempDir('dcctl-example-');
    symlinkSync(join(ROOT, 'fixtures'), join(cwd, 'fixtures'));
    mkdirSync(join(cwd, 'out'), { recursive: true });
    // A hands-on session's commands run in a session (lab answer once its question is current);
    // lab replay on a transcript written first. A graded answer or report may be exit 1 (not passed).
    const sessionCommand = /^lab:(next|answer|hint|status|report|stop)$/.test(id);
    if (sessionCommand) expect((await run(['lab', 'start', 'precopy-basics', '--force'], state)).code).toBe(0);
    if (id === 'lab:answer') expect((await run(['lab', 'next'], state)).code).toBe(0);
    if (id === 'lab:replay') {
      const answers = fixture('labs/answers/precopy-basics.yaml');
      expect((await run(['lab', 'run', 'precopy-basics', '--answers', answers, '--transcript', 'transcript.jsonl'], state, {}, cwd)).code).toBe(0);
    }
    // The plan commands read the plan the README writes (consolidate --out plan.yaml).
    if (/^plan:(show|check|apply)$/.test(id)) expect((await run(['consolidate', '--power-off', '--out', 'plan.yaml'], state, {}, cwd)).code).toBe(0);
    const result = await run(words(example), state, {}, cwd);
    const graded = id === 'lab:answer' || id === 'lab:report';
    expect(graded ? result.code <= 1 : result.code === 0, `${example}: exit ${result.code}\n${result.stderr}${result.stdout.slice(0, 400)}`).toBe(true);
  }, 60_000);
});
