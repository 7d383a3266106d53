import { Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { Vm } from '../../core/model.js';
import { VM_STATES } from '../../core/model.js';
import { listVms } from '../../core/vm-view.js';
import { renderVmList } from '../../render/vms.js';

export interface VmListResult {
  vms: Vm[];
}

export default class VmList extends DcctlCommand<typeof VmList> {
  static override summary = 'List VMs, optionally by host, state or tenant';
  static override flags = {
    host: Flags.string({ description: 'only VMs registered on this host' }),
    state: Flags.option({ description: 'only VMs in this state', options: VM_STATES })(),
    tenant: Flags.string({ description: 'only VMs of this tenant' }),
  };

  async run(): Promise<VmListResult> {
    const vms = listVms(await this.store().read(), this.flags);
    this.show(() => renderVmList(vms));
    return { vms };
  }
}
