import { Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { refused } from '../../core/errors.js';
import { emptyState } from '../../core/state.js';
import { safeText } from '../../render/terminal.js';

export interface StateResetResult {
  reset: true;
  path: string;
  backup: string | null;
  movedAside: string | null;
}

export default class StateReset extends DcctlCommand<typeof StateReset> {
  static override summary = 'Empty the state (a copy of the old one is kept next to it)';
  static override flags = { yes: Flags.boolean({ char: 'y', description: 'do not ask for confirmation on a TTY' }) };

  async run(): Promise<StateResetResult> {
    const store = this.store();
    if (this.interactive() && !this.flags.yes && store.exists()) {
      const { confirm } = await import('@inquirer/prompts');
      if (!(await confirm({ message: `Empty the state at ${safeText(store.path)}? (a backup copy is kept)`, default: false }))) {
        throw refused('cancelled', 'reset cancelled', 'nothing was changed');
      }
    }
    const { movedAside, backup } = await store.replace(emptyState(), { backup: true });
    this.show(() => `state reset at ${store.path}${backup ? ` (previous state kept at ${backup})` : ''}`);
    return { reset: true, path: store.path, backup, movedAside };
  }
}
