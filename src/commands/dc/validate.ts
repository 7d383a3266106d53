import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { Problem } from '../../config/load.js';
import { readDatacenterFile } from '../../config/read.js';
import { applyDatacenter } from '../../core/apply.js';
import { emptyState } from '../../core/state.js';
import { formatBytes } from '../../core/units.js';
import { plural } from '../../core/text.js';
import { green, red, yellow } from '../../render/style.js';
import { isRefusal, refused } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
import { ruleFindings, stateFindings } from '../../core/findings.js';

export interface DcValidateResult {
  valid: true;
  file: string;
  datacenter: string;
  summary: { clusters: number; hosts: number; tenants: number; vms: number; cores: number; memoryBytes: number };
  placements: { vm: string; host: string | null }[];
  /** Problems that do not stop the file from loading, with their positions. */
  warnings: Problem[];
  /** Rules that cannot all hold, tenants and VMs no host admits, hosts that cannot be evacuated, clusters without N+1. */
  findings: Finding[];
  strict: boolean;
}

export default class DcValidate extends DcctlCommand<typeof DcValidate> {
  static override summary = 'Check a datacenter file: schema, references, hypervisor combinations, and that its VMs fit';
  static override examples = ['<%= config.bin %> dc validate fixtures/lab-dc.yaml', '<%= config.bin %> dc validate fixtures/consolidation-lab.yaml --strict --json'];
  static override args = { file: Args.string({ description: 'datacenter YAML file', required: true }) };
  static override flags = {
    strict: Flags.boolean({ description: 'findings (unsatisfiable rules, no eligible host, hosts that cannot be evacuated, no N+1 headroom) fail the check: exit 1' }),
  };

  async run(): Promise<DcValidateResult> {
    // Applying to an empty state proves the declared VMs can be placed; nothing is stored.
    const { loaded, result, findings } = await this.spin(`validating ${this.args.file}`, async () => {
      const file = readDatacenterFile(this.args.file);
      const rules = ruleFindings(file.datacenter, file.vms);
      const outcome = applyDatacenter(emptyState(), file);
      if (isRefusal(outcome) && rules.length > 0) {
        // The rule that can never hold explains the refusal better than the host that refused last.
        throw refused(outcome.code, outcome.message, `${rules[0]!.message}; ${outcome.hint}`, { ...outcome.details, findings: rules });
      }
      const applied = this.accept(outcome);
      return { loaded: file, result: applied.result, findings: [...rules, ...stateFindings(applied.state)] };
    });
    const hosts = loaded.datacenter.hosts;
    const summary = {
      ...result.summary,
      cores: hosts.reduce((t, h) => t + h.cores, 0),
      memoryBytes: hosts.reduce((t, h) => t + h.memoryBytes, 0),
    };
    this.show(() => `${green('valid')}: ${this.args.file} -> datacenter ${result.datacenter}: ${plural(summary.clusters, 'cluster')}, ${plural(summary.hosts, 'host')} (${summary.cores} cores, ${formatBytes(summary.memoryBytes)}), ${plural(summary.tenants, 'tenant')}, ${plural(summary.vms, 'VM')} (all placeable)`);
    for (const w of loaded.warnings) this.show(() => yellow(`warning: ${w.file}:${w.line}:${w.column} ${w.message}`));
    for (const f of findings) this.show(() => `${(f.severity === 'error' ? red : yellow)(`${f.severity === 'error' ? 'finding' : 'warning'} (${f.kind})`)}: ${f.message}`);
    const strict = this.flags.strict;
    if (strict && findings.length > 0) this.failedExitCode = 1;
    return { valid: true, file: this.args.file, datacenter: result.datacenter, summary, placements: result.placements.map(({ vm, host }) => ({ vm, host })), warnings: loaded.warnings, findings, strict };
  }
}
