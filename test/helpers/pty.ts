import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT } from './cli.js';

export type PtyStep = { expect: string; timeout?: number } | { send: string } | { sleep: number };

export interface PtyResult {
  /** Everything the terminal received, escape sequences included. */
  output: string;
  /** The screen's text with escape sequences removed (close to what a person reads). */
  text: string;
  code: number;
  timedOut: boolean;
}

export const CTRL_C = '\u0003';

/** Run the real binary in a pseudo-terminal (python3's pty module) of `columns`, playing `steps`. */
export function runInPty(args: string[], stateDir: string, steps: PtyStep[] = [], columns = 80, env: Record<string, string> = {}): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DCCTL_STATE_DIR: stateDir, TERM: 'xterm-256color', ...env };
    delete childEnv.CI;
    delete childEnv.NO_COLOR;
    delete childEnv.FORCE_COLOR;
    execFile('python3', [join(ROOT, 'test', 'helpers', 'pty-run.py'), String(columns), '40', JSON.stringify(steps), '--', process.execPath, BIN, ...args],
      { cwd: ROOT, env: childEnv, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
        if (error) return reject(error);
        const parsed = JSON.parse(stdout) as Omit<PtyResult, 'text'>;
        // eslint-disable-next-line no-control-regex
        const text = parsed.output.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\u001B\][^\u0007]*\u0007/g, '').replace(/\r/g, '');
        resolve({ ...parsed, text });
      });
  });
}
