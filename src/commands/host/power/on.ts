import { Args } from '@oclif/core';
import { DcctlCommand } from '../../../base-command.js';
import type { HostStateResult } from '../../../core/maintenance.js';
import { changeHostState } from '../../../core/maintenance.js';

export default class HostPowerOn extends DcctlCommand<typeof HostPowerOn> {
  static override summary = 'Power a host on';
  static override args = { host: Args.string({ description: 'host name', required: true }) };

  async run(): Promise<HostStateResult> {
    const result = await this.store().update((state) => this.accept(changeHostState(state, this.args.host, 'power-on')));
    this.show(() => `${result.host}: ${result.from} -> ${result.to}`);
    return result;
  }
}
