import { readFileSync } from 'node:fs';
import { badInput } from '../core/errors.js';
import type { LoadedDatacenter } from './load.js';
import { loadDatacenter } from './load.js';

/**
 * Read an input file (a datacenter, a lab, an answers file); every failure is a bad-input error
 * naming the file. `missingHint` says where such files are; `details` (a flag) go with every error.
 */
export function readInputFile(path: string, missingHint: string, details?: Record<string, unknown>): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badInput('file-not-found', `${path}: no such file`, missingHint, details);
    if (code === 'EISDIR') throw badInput('file-is-directory', `${path} is a directory`, 'pass a YAML file', details);
    if (code === 'EACCES') throw badInput('file-unreadable', `${path}: permission denied`, 'check the file permissions', details);
    throw badInput('file-unreadable', `${path}: ${(error as Error).message}`, 'pass a readable YAML file', details);
  }
}

/** Read and validate a datacenter file; every failure is a bad-input error naming the file. */
export function readDatacenterFile(path: string): LoadedDatacenter {
  return loadDatacenter(readInputFile(path, 'check the path; bundled examples are in fixtures/ (fixtures/lab-dc.yaml)'), path);
}
