import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { readDatacenterFile } from '../../config/read.js';
import { applyDatacenter } from '../../core/apply.js';
import { emptyState } from '../../core/state.js';
import { formatBytes } from '../../core/units.js';
import { green } from '../../render/style.js';

export interface DcValidateResult {
  valid: true;
  file: string;
  datacenter: string;
  summary: { clusters: number; hosts: number; tenants: number; vms: number; cores: number; memoryBytes: number };
  placements: { vm: string; host: string | null }[];
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
    this.show(() => `${green('valid')}: ${this.args.file} -> datacenter ${result.datacenter}: ${summary.clusters} clusters, ${summary.hosts} hosts (${summary.cores} cores, ${formatBytes(summary.memoryBytes)}), ${summary.tenants} tenants, ${summary.vms} VMs (all placeable)`);
    return { valid: true, file: this.args.file, datacenter: result.datacenter, summary, placements: result.placements.map(({ vm, host }) => ({ vm, host })) };
  }
}
