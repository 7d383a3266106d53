import { Args } from '@oclif/core';
import { DcctlCommand } from './base-command.js';
import type { HostAction, HostStateResult } from './core/maintenance.js';
import { changeHostState } from './core/maintenance.js';

const SUMMARIES: Record<HostAction, string> = {
  'power-on': 'Power a host on',
  'power-off': 'Power a host off (refused while VMs are registered on it)',
  'maintenance-exit': 'Bring a host back from maintenance: placement uses it again',
};

/** One class per host state change; the rules are in core/maintenance.ts. */
export function hostStateCommand(action: HostAction) {
  return class extends DcctlCommand<typeof DcctlCommand> {
    static override summary = SUMMARIES[action];
    static override args = { host: Args.string({ description: 'host name', required: true }) };

    async run(): Promise<HostStateResult> {
      const host = (this.args as { host: string }).host;
      const result = await this.store().update((state) => this.accept(changeHostState(state, host, action)));
      this.show(() => `${result.host}: ${result.from} -> ${result.to}`);
      return result;
    }
  };
}
