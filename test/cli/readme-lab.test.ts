import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { parseXml } from '../helpers/xml.js';

/**
 * The README's lab written from scratch works as written: its YAML saved as cold-or-live.yaml,
 * then the shell block under it run line by line by bash (dcctl being the clone's binary), each
 * line exiting 0.
 */
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### A lab from scratch'));
const labYaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
const shell = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
const lines = shell.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));

const bash = (line: string, cwd: string) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
  execFile('bash', ['-c', `dcctl() { "${process.execPath}" "${BIN}" "$@"; }\n${line}`], { cwd, env: { ...process.env, CI: 'true', DCCTL_STATE_DIR: join(cwd, 'state') } },
    (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
});

describe('README: a lab from scratch (real binary)', () => {
  it('the lab verifies, alice passes with the README\'s answers, and the JUnit report is written', async () => {
    const cwd = tempDir('dcctl-readme-lab-');
    writeFileSync(join(cwd, 'cold-or-live.yaml'), labYaml);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      const result = await bash(line, cwd);
      expect(result.code, `${line}\n${result.stderr}${result.stdout}`).toBe(0);
    }
    expect(parseXml(readFileSync(join(cwd, 'report.xml'), 'utf8')).name).toBe('testsuites');
  }, 60_000);
});

describe('README: a hands-on session (real binary)', () => {
  it('runs line by line with the exit codes its comments state', async () => {
    const cwd = tempDir('dcctl-readme-session-');
    writeFileSync(join(cwd, 'cold-or-live.yaml'), labYaml);
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### A hands-on session')))![1]!;
    const steps = block.split('\n').filter((l) => l.trim()).map((l) => ({ line: l.replace(/\s+#.*$/, '').trim(), exit: Number(/# exit (\d+)/.exec(l)?.[1] ?? 0) }));
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const { line, exit } of steps) {
      const result = await bash(line, cwd);
      expect(result.code, `${line}\n${result.stderr}${result.stdout}`).toBe(exit);
    }
  }, 60_000);
});
