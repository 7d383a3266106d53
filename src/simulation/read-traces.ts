import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '../core/errors.js';
import type { Trace } from '../core/simulate/trace.js';
import { byName, parseTrace } from '../core/simulate/trace.js';

/** Reads every trace file of a directory (hidden files skipped), sorted by name. */
export function readTraceDir(dir: string): Trace[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw badInput('trace-not-dir', `${dir} is a file, not a directory of traces`, 'pass the folder that holds one file per VM, e.g. fixtures/planetlab-mini (bundled with dcctl)');
    names = readdirSync(dir);
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badInput('trace-not-found', `${dir}: no such directory`, 'pass a folder of PlanetLab traces (one file per VM), e.g. fixtures/planetlab-mini (bundled with dcctl)');
    throw badInput('trace-unreadable', `${dir}: ${(error as Error).message}`, 'pass a readable folder of trace files');
  }
  const traces: Trace[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let text: string;
    try {
      const bytes = readFileSync(path);
      if (bytes.includes(0)) throw badInput('trace-binary', `${path}:1:1: binary file, not a trace`, 'a trace is plain text, one integer percentage per line');
      text = bytes.toString('utf8');
    } catch (error) {
      if ((error as { exitCode?: number }).exitCode) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw badInput('trace-subdir', `${path} is a directory`, 'a trace folder holds only trace files (one per VM)');
      throw badInput('trace-unreadable', `${path}: ${(error as Error).message}`, 'check the file permissions');
    }
    traces.push(parseTrace(name, text, path));
  }
  if (traces.length === 0) throw badInput('trace-empty-dir', `${dir}: no trace files`, 'a trace folder holds one file per VM, one CPU percentage per line');
  return traces.sort(byName);
}
