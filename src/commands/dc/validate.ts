import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { Problem } from '../../config/load.js';
import { readDatacenterFile } from '../../config/read.js';
import { applyDatacenter } from '../../core/apply.js';
import { emptyState } from '../../core/state.js';
import { formatBytes } from '../../core/units.js';
import { plural } from '../../core/text.js';
import { green, yellow } from '../../render/style.js';

export interface DcValidateResult {
  valid: true;
  file: string;
  datacenter: string;
  summary: { clusters: number; hosts: number; tenants: number; vms: number; cores: number; memoryBytes: number };
  placements: { vm: string; host: string | null }[];
  /** Problems that do not stop the file from loading, with their positions. */
  warnings: Problem[];
}

export default class DcValidate extends DcctlCommand<typeof DcValidate> {
  static override summary = 'Check a datacenter file: schema, references, hypervisor combinations, and that its VMs fit';
  static override examples = ['<%= config.bin %> dc validate fixtures/lab-dc.yaml'];
  static override args = { file: Args.string({ description: 'datacenter YAML file', required: true }) };

  async run(): Promise<DcValidateResult> {
    // Applying to an empty state proves the declared VMs can be placed; nothing is stored.
    const { loaded, result } = await this.spin(`validating ${this.args.file}`, async () => {
      const file = readDatacenterFile(this.args.file);
      return { loaded: file, result: this.accept(applyDatacenter(emptyState(), file)).result };
    });
    const hosts = loaded.datacenter.hosts;
    const summary = {
      ...result.summary,
      cores: hosts.reduce((t, h) => t + h.cores, 0),
      memoryBytes: hosts.reduce((t, h) => t + h.memoryBytes, 0),
    };
    this.show(() => `${green('valid')}: ${this.args.file} -> datacenter ${result.datacenter}: ${plural(summary.clusters, 'cluster')}, ${plural(summary.hosts, 'host')} (${summary.cores} cores, ${formatBytes(summary.memoryBytes)}), ${plural(summary.tenants, 'tenant')}, ${plural(summary.vms, 'VM')} (all placeable)`);
    for (const w of loaded.warnings) this.show(() => yellow(`warning: ${w.file}:${w.line}:${w.column} ${w.message}`));
    return { valid: true, file: this.args.file, datacenter: result.datacenter, summary, placements: result.placements.map(({ vm, host }) => ({ vm, host })), warnings: loaded.warnings };
  }
}
