import { readFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { badInput, stateProblem } from '../../core/errors.js';
import { stateHeaderProblem } from '../../store/shape.js';

export interface StateImportResult {
  imported: string;
  vms: number;
  hosts: number;
  clockSec: number;
  movedAside: string | null;
  backup: string | null;
}

export default class StateImport extends DcctlCommand<typeof StateImport> {
  static override summary = 'Replace the state with a file written by `state export`';
  static override description = 'A state that holds a datacenter, VMs or events is replaced only with --force, which keeps it first as a backup (a file `state import` restores).';
  static override args = { file: Args.string({ description: 'JSON file from dcctl state export', required: true }) };
  static override flags = { force: Flags.boolean({ description: 'replace a state that holds a datacenter, VMs or events (a backup copy is kept)' }) };

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
    const store = this.store();
    if (!this.flags.force && await store.holdsState()) {
      throw stateProblem('state-exists', `${store.dir} already holds a state; the import would replace it`,
        'add --force to replace it (a backup copy is kept), or pass another --state-dir', { stateDir: store.dir });
    }
    const { movedAside, backup } = await store.replace(state, { backup: true });
    this.show(() => `imported ${file}: ${state.vms.length} VMs on ${state.datacenter?.hosts.length ?? 0} hosts${movedAside ? ` (the unreadable old state is kept at ${movedAside})` : ''}${backup ? ` (the previous state is kept at ${backup})` : ''}`);
    return { imported: file, vms: state.vms.length, hosts: state.datacenter?.hosts.length ?? 0, clockSec: state.clockSec, movedAside, backup };
  }
}
