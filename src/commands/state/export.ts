import { writeFileSync, renameSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { State } from '../../core/state.js';
import { safeJson } from '../../render/terminal.js';

export default class StateExport extends DcctlCommand<typeof StateExport> {
  static override summary = 'Print the whole state as JSON (or write it to --output) for backups and `state import`';
  static override flags = { output: Flags.string({ char: 'o', description: 'write to this file instead of stdout' }) };

  async run(): Promise<State | { path: string; vms: number; events: number }> {
    const store = this.store();
    const state = store.exportDocument(await store.read());
    const { output } = this.flags;
    if (!output) {
      // JSON, escaped as JSON (C1 and bidi characters as \\uXXXX), not as terminal text: it is meant to be saved.
      if (!this.jsonEnabled()) process.stdout.write(`${safeJson(state)}\n`);
      return state;
    }
    const temp = `${output}.tmp-${process.pid}`;
    writeFileSync(temp, `${safeJson(state)}\n`);
    renameSync(temp, output);
    this.show(() => `state written to ${output} (${state.vms.length} VMs, ${state.events.length} events)`);
    return { path: output, vms: state.vms.length, events: state.events.length };
  }
}
