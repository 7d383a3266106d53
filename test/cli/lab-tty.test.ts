import { describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/cli.js';
import { CTRL_C, runInPty } from '../helpers/pty.js';

/** lab run --interactive at a real (pseudo-)terminal: questions before results, a lab> prompt for tasks, Ctrl-C. */
describe('lab run --interactive', () => {
  it('asks before the result is shown, reveals the model\'s value, and gives tasks a lab> prompt with check and hint', async () => {
    const first = await run(['lab', 'run', 'precopy-basics', '--json'], tempDir());
    const rounds = first.json.steps[1].answer.correct as number;
    const result = await runInPty(['lab', 'run', 'precopy-basics', '--interactive'], tempDir(), [
      { expect: 'How many pre-copy rounds will m4b need?' },
      { send: `${rounds}\r` },
      { expect: 'lab>' },
      { send: 'check\r' },
      { expect: 'not yet' },
      { send: 'hint\r' },
      { expect: 'no hint' },
      { send: 'vm migrate m1c --to a2 --preset simgrid\r' },
      { expect: 'converged' },
      { send: 'check\r' },
      { expect: 'Score' },
    ]);
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    // The question came before m4b's result was printed.
    expect(result.text.indexOf('How many pre-copy rounds')).toBeLessThan(result.text.indexOf('m4b a1 -> b1'));
    expect(result.text).toContain(`your answer ${rounds}, the model's ${rounds}: right`);
    expect(result.text).toContain('vm.host: expected a2, got a1');
    expect(result.text).toMatch(/STAGE\s+START/); // the student's command printed its own table
    expect(result.text).toContain('Score 4/4');
  });

  it('Ctrl-C at a question ends the run with the partial report and exit 130', async () => {
    const result = await runInPty(['lab', 'run', 'precopy-basics', '--interactive'], tempDir(), [
      { expect: 'How many pre-copy rounds' },
      { send: CTRL_C },
    ]);
    expect(result.code).toBe(130);
    expect(result.text).toContain('interrupted');
    expect(result.text).toMatch(/Score 1\/4 .*not passed/);
    expect(result.text).not.toMatch(/internal error|bug in dcctl/);
  });
});
