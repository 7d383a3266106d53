import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { readDatacenterFile } from '../../config/read.js';
import type { ApplyResult } from '../../core/apply.js';
import { applyDatacenter } from '../../core/apply.js';
import { renderApply } from '../../render/dc.js';

export type DcApplyResult = ApplyResult & { dryRun: boolean };

export default class DcApply extends DcctlCommand<typeof DcApply> {
  static override summary = 'Load a datacenter file into the state, or re-apply a changed one (shows the diff)';
  static override examples = ['<%= config.bin %> dc apply fixtures/lab-dc.yaml', '<%= config.bin %> dc apply dc.yaml --dry-run --json'];
  static override args = { file: Args.string({ description: 'datacenter YAML file', required: true }) };
  static override flags = {
    force: Flags.boolean({ description: 'allow removing or powering off hosts that carry VMs (their VMs are placed again)' }),
    prune: Flags.boolean({ description: 'delete VMs the file declared before and no longer does' }),
    'dry-run': Flags.boolean({ description: 'show the diff, change nothing' }),
  };

  async run(): Promise<DcApplyResult> {
    const dryRun = this.flags['dry-run'];
    const options = { force: this.flags.force, prune: this.flags.prune };
    const result = await this.spin(`applying ${this.args.file}`, async () => {
      const loaded = readDatacenterFile(this.args.file);
      return this.store().update((state) => {
        const outcome = this.accept(applyDatacenter(state, loaded, options));
        return dryRun ? { result: outcome.result } : outcome;
      });
    });
    this.show(() => renderApply(result, dryRun));
    return { ...result, dryRun };
  }
}
