import { DcctlCommand } from '../../base-command.js';
import type { DatacenterSummary } from '../../core/summary.js';
import { datacenterSummary } from '../../core/summary.js';
import { renderSummary } from '../../render/dc.js';

export default class DcShow extends DcctlCommand<typeof DcShow> {
  static override summary = 'Show the datacenter: clusters, hypervisors, tenants, totals and the simulated clock';

  async run(): Promise<DatacenterSummary> {
    const summary = datacenterSummary(await this.store().read());
    this.show(() => renderSummary(summary));
    return summary;
  }
}
