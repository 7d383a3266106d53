import { DcctlCommand } from '../../base-command.js';
import type { HostSummary } from '../../core/host-view.js';
import { hostSummaries } from '../../core/host-view.js';
import { renderHostList } from '../../render/hosts.js';

export interface HostListResult {
  hosts: HostSummary[];
}

export default class HostList extends DcctlCommand<typeof HostList> {
  static override summary = 'List hosts with their allocation against overcommit limits and CPU utilization';

  async run(): Promise<HostListResult> {
    const hosts = hostSummaries(await this.store().read());
    this.show(() => renderHostList(hosts));
    return { hosts };
  }
}
