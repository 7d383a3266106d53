import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { DeleteResult } from '../../core/vm-ops.js';
import { deleteVm } from '../../core/vm-ops.js';
import { renderDeleted } from '../../render/vms.js';

export default class VmDelete extends DcctlCommand<typeof VmDelete> {
  static override summary = 'Delete a VM (in any state but migrating) and release what it holds';
  static override args = { name: Args.string({ description: 'VM name', required: true }) };

  async run(): Promise<DeleteResult> {
    const result = await this.store().update((state) => this.accept(deleteVm(state, this.args.name)));
    this.show(() => renderDeleted(result));
    return result;
  }
}
