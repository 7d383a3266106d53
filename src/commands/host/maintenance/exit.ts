import { Args } from '@oclif/core';
import { DcctlCommand } from '../../../base-command.js';
import type { HostStateResult } from '../../../core/maintenance.js';
import { changeHostState } from '../../../core/maintenance.js';

export default class MaintenanceExit extends DcctlCommand<typeof MaintenanceExit> {
  static override summary = 'Bring a host back from maintenance: placement uses it again';
  static override args = { host: Args.string({ description: 'host name', required: true }) };

  async run(): Promise<HostStateResult> {
    const result = await this.store().update((state) => this.accept(changeHostState(state, this.args.host, 'maintenance-exit')));
    this.show(() => `${result.host}: ${result.from} -> ${result.to}`);
    return result;
  }
}
