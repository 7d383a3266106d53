import { readFileSync } from 'node:fs';
import { badInput } from '../core/errors.js';
import type { LoadedDatacenter } from './load.js';
import { loadDatacenter } from './load.js';

/** Read and validate a datacenter file; every failure is a bad-input error naming the file. */
export function readDatacenterFile(path: string): LoadedDatacenter {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badInput('file-not-found', `${path}: no such file`, 'check the path; bundled examples are in fixtures/ (fixtures/lab-dc.yaml)');
    if (code === 'EISDIR') throw badInput('file-is-directory', `${path} is a directory`, 'pass a YAML file');
    if (code === 'EACCES') throw badInput('file-unreadable', `${path}: permission denied`, 'check the file permissions');
    throw badInput('file-unreadable', `${path}: ${(error as Error).message}`, 'pass a readable YAML file');
  }
  return loadDatacenter(bytes, path);
}
