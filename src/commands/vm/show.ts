import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { DcEvent } from '../../core/state.js';
import type { VmDetails } from '../../core/vm-view.js';
import { vmDetails } from '../../core/vm-view.js';
import { renderVmDetails } from '../../render/vms.js';

const RECENT_EVENTS = 10;

export default class VmShow extends DcctlCommand<typeof VmShow> {
  static override summary = 'Show one VM: state, host, shape, workload, what virtualization costs it, recent events';
  static override args = { name: Args.string({ description: 'VM name', required: true }) };

  async run(): Promise<VmDetails> {
    const store = this.store();
    const state = await store.read();
    const recent = store.history(state, ['events'], { keep: (e: DcEvent) => e.vm === this.args.name, limit: RECENT_EVENTS }).events;
    const details = vmDetails(state, this.args.name, recent);
    this.show(() => renderVmDetails(details));
    return details;
  }
}
