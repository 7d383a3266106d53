import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { Problem } from '../../config/load.js';
import { readDatacenterFile } from '../../config/read.js';
import { yellow } from '../../render/style.js';
import type { ApplyResult } from '../../core/apply.js';
import { applyDatacenter } from '../../core/apply.js';
import { renderApply } from '../../render/dc.js';

/** `requiresForce`: a dry run without --force of an apply that moves VMs off hosts that go (it would be refused). */
export type DcApplyResult = ApplyResult & { dryRun: boolean; requiresForce: boolean; warnings: Problem[] };

export default class DcApply extends DcctlCommand<typeof DcApply> {
  static override summary = 'Load a datacenter file into the state, or re-apply a changed one (shows the diff)';
  static override examples = ['<%= config.bin %> dc apply fixtures/lab-dc.yaml', '<%= config.bin %> dc apply fixtures/lab-dc.yaml --dry-run --json'];
  static override args = { file: Args.string({ description: 'datacenter YAML file', required: true }) };
  static override flags = {
    force: Flags.boolean({ description: 'allow removing or powering off hosts that carry VMs (their VMs are placed again)' }),
    prune: Flags.boolean({ description: 'delete VMs the file declared before and no longer does' }),
    'dry-run': Flags.boolean({ description: 'show the diff, change nothing' }),
  };

  async run(): Promise<DcApplyResult> {
    const dryRun = this.flags['dry-run'];
    const options = { force: this.flags.force, prune: this.flags.prune };
    const { result, warnings } = await this.spin(`applying ${this.args.file}`, async () => {
      const loaded = readDatacenterFile(this.args.file);
      const applied = await this.store().update((state) => {
        // A dry run shows every VM that would move, as --force would do it, and says --force is needed.
        const outcome = this.accept(applyDatacenter(state, loaded, dryRun ? { ...options, force: true } : options));
        return dryRun ? { result: outcome.result } : outcome;
      });
      return { result: applied, warnings: loaded.warnings };
    });
    const requiresForce = dryRun && !this.flags.force && result.strandedHosts.length > 0;
    this.show(() => renderApply(result, dryRun));
    if (requiresForce) {
      this.show(() => yellow(`this apply needs --force: ${result.strandedHosts.join(', ')} carr${result.strandedHosts.length === 1 ? 'ies' : 'y'} VMs (listed as moves above)`));
      this.failedExitCode = 1; // as the apply itself would be refused
    }
    for (const w of warnings) this.show(() => yellow(`warning: ${w.file}:${w.line}:${w.column} ${w.message}`));
    return { ...result, dryRun, requiresForce, warnings };
  }
}
