import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { VmDetails } from '../../core/vm-view.js';
import { vmDetails } from '../../core/vm-view.js';
import { renderVmDetails } from '../../render/vms.js';

export default class VmShow extends DcctlCommand<typeof VmShow> {
  static override summary = 'Show one VM: state, host, shape, workload, what virtualization costs it, recent events';
  static override args = { name: Args.string({ description: 'VM name', required: true }) };

  async run(): Promise<VmDetails> {
    const details = vmDetails(await this.store().read(), this.args.name);
    this.show(() => renderVmDetails(details));
    return details;
  }
}
