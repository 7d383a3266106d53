import { Args } from '@oclif/core';
import { DcctlCommand } from '../../../base-command.js';
import type { HostStateResult } from '../../../core/maintenance.js';
import { changeHostState } from '../../../core/maintenance.js';

export default class HostPowerOff extends DcctlCommand<typeof HostPowerOff> {
  static override summary = 'Power a host off (refused while VMs are registered on it)';
  static override args = { host: Args.string({ description: 'host name', required: true }) };

  async run(): Promise<HostStateResult> {
    const result = await this.store().update((state) => this.accept(changeHostState(state, this.args.host, 'power-off')));
    this.show(() => `${result.host}: ${result.from} -> ${result.to}`);
    return result;
  }
}
