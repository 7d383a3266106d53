import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'run.js');
export const fixture = (name: string) => join(ROOT, 'fixtures', name);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

export function tempDir(prefix = 'dcctl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The head of a test lab on the pre-copy labs' datacenter (write it in a labDir()), up to `steps:`. */
export const PRECOPY_LAB_HEAD = `apiVersion: dcctl/v1
kind: Lab
metadata: { name: t, title: Test lab }
spec:
  topics: [live-migration]
  datacenter: datacenters/precopy.yaml
  params:
    dirty: { choice: [37.5MB/s] }
    mem: { choice: [4] }
  steps:
`;

/** A fresh dir holding a copy of the bundled labs' datacenters, so a test lab written there can name them. */
export function labDir(): string {
  const dir = tempDir('dcctl-lab-');
  cpSync(join(ROOT, 'fixtures', 'labs', 'datacenters'), join(dir, 'datacenters'), { recursive: true });
  return dir;
}

/** Run the real binary with its own state dir, no TTY, CI set (as in CI). */
export function run(args: string[], stateDir: string, env: Record<string, string> = {}, cwd = ROOT): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, DCCTL_STATE_DIR: stateDir, CI: 'true', NO_COLOR: '', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

const applied = new Map<string, Promise<string>>();

/**
 * A fresh state dir with a bundled datacenter applied. The first call per file in a test process
 * runs `dc apply`; later ones copy that state (a process start saved per test).
 */
export async function appliedState(file = 'lab-dc.yaml'): Promise<string> {
  let template = applied.get(file);
  if (!template) {
    template = (async () => {
      const dir = tempDir();
      const result = await run(['dc', 'apply', fixture(file)], dir);
      if (result.code !== 0) throw new Error(`dc apply ${file} failed: ${result.stderr}`);
      return dir;
    })();
    applied.set(file, template);
  }
  const dir = tempDir();
  copyState(await template, dir);
  return dir;
}

/** A copy of a state dir's state (state.json and its journal; not the lock nor the checked stamp). */
export function copyState(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (source) => !/state\.json\.(lock|checked)$/.test(source) });
}
