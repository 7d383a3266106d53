import { readFileSync } from 'node:fs';
import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { badInput } from '../../core/errors.js';
import { stateHeaderProblem } from '../../store/shape.js';

export interface StateImportResult {
  imported: string;
  vms: number;
  hosts: number;
  clockSec: number;
  movedAside: string | null;
}

export default class StateImport extends DcctlCommand<typeof StateImport> {
  static override summary = 'Replace the state with a file written by `state export`';
  static override args = { file: Args.string({ description: 'JSON file from dcctl state export', required: true }) };

  async run(): Promise<StateImportResult> {
    const { file } = this.args;
    let text: string;
    let value: unknown;
    try {
      text = readFileSync(file, 'utf8');
      value = JSON.parse(text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw badInput('bad-state-file', code === 'ENOENT' ? `${file}: no such file` : `${file} is not JSON: ${(error as Error).message}`, 'pass a file written by dcctl state export');
    }
    const problem = stateHeaderProblem(value);
    if (problem) throw badInput('bad-state-file', `${file} is not a dcctl state: ${problem}`, 'pass a file written by dcctl state export');
    // Validated before the lock is taken: a bad file leaves the current state as it is.
    const { validateStateFile } = await import('../../config/state-file.js');
    const state = validateStateFile(value, text, file);
    const { movedAside } = await this.store().replace(state);
    this.show(() => `imported ${file}: ${state.vms.length} VMs on ${state.datacenter?.hosts.length ?? 0} hosts${movedAside ? ` (the unreadable old state is kept at ${movedAside})` : ''}`);
    return { imported: file, vms: state.vms.length, hosts: state.datacenter?.hosts.length ?? 0, clockSec: state.clockSec, movedAside };
  }
}
