import { Args, Flags } from '@oclif/core';
import { LabCommand } from '../../lab-command.js';
import type { VerifyReport } from '../../core/lab/verify.js';
import { verifyLab } from '../../core/lab/verify.js';
import { referenceAnswers, runVariant } from '../../lab/session.js';
import { renderVerify } from '../../render/lab.js';

export default class LabVerify extends LabCommand<typeof LabVerify> {
  static override summary = 'Check a lab as its teacher: for seeds 1..N the reference answers score full marks, each task\'s check fails before its solution, params give different answers';
  static override description = 'Exit 0 when every seed passes, 1 when one does not (each failure is listed with its seed and step), 2 for a bad lab.';
  static override examples = ['<%= config.bin %> lab verify precopy-basics', '<%= config.bin %> lab verify fixtures/labs/multiplexing.yaml --seeds 5 --json'];
  static override args = { lab: Args.string({ description: 'a bundled lab\'s name or a lab file', required: true }) };
  static override flags = {
    seeds: Flags.integer({ description: 'verify seeds 1..N', default: 20, min: 1, max: 1000 }),
  };

  async run(): Promise<VerifyReport> {
    const source = this.findLab(this.args.lab);
    const seeds = Array.from({ length: this.flags.seeds }, (_, i) => i + 1);
    const report = await this.spin(`verifying ${source.lab.metadata.name} over ${seeds.length} seed${seeds.length === 1 ? '' : 's'}`, () =>
      verifyLab(source.lab, source.file, seeds, (seed, checkBeforeSolution) =>
        runVariant(this.config, this.catalog(), source, seed, { answers: referenceAnswers, checkBeforeSolution, probeCounterfactuals: true })));
    this.applyOutputSettings();
    this.show(() => renderVerify(report));
    if (!report.passed) this.failedExitCode = 1;
    return report;
  }
}
