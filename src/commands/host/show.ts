import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { HostDetails } from '../../core/host-view.js';
import { hostDetails } from '../../core/host-view.js';
import { renderHostDetails } from '../../render/hosts.js';

export default class HostShow extends DcctlCommand<typeof HostShow> {
  static override summary = 'Show one host: hypervisor, effective capacity after virtualization overhead, and its VMs';
  static override args = { name: Args.string({ description: 'host name', required: true }) };

  async run(): Promise<HostDetails> {
    const details = hostDetails(await this.store().read(), this.args.name);
    this.show(() => renderHostDetails(details));
    return details;
  }
}
