import { Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { PlanComparison } from '../../core/plan/compare.js';
import { comparePlans } from '../../core/plan/compare.js';
import { parseFraction } from '../../core/units.js';
import { positive, unitFlag } from '../../flag-units.js';
import { renderPlanCompare } from '../../render/plan-file.js';

export default class PlanCompare extends DcctlCommand<typeof PlanCompare> {
  static override summary = 'Plan ffd, bfd, pabfd and balance on the current state side by side; nothing changes';
  static override description = 'Hosts active, moves, data moved, makespan, worst downtime, energy per day, and when each plan pays back the energy its migrations take (Liu et al. 2011: 0.512 J/MB + 20.165 J per migration) with the watts it saves.';
  static override examples = ['<%= config.bin %> plan compare', '<%= config.bin %> plan compare --target-utilization 70% --json'];
  static override flags = {
    'target-utilization': Flags.string({ description: 'CPU utilization no host may exceed after a plan (balance: its ceiling)', default: '80%' }),
    'max-concurrent': Flags.integer({ description: 'migrations at a time', default: 2, min: 1 }),
    'power-off': Flags.boolean({ description: 'consolidation plans power off the hosts they empty (--no-power-off: they stay on, idle)', default: true, allowNo: true }),
  };

  async run(): Promise<PlanComparison> {
    const f = this.flags;
    const targetUtilization = unitFlag('target-utilization', f['target-utilization'], parseFraction, positive('the ceiling'))!;
    const state = await this.store().read();
    const result = await this.spin('planning four ways', async () => comparePlans(state, { targetUtilization, maxConcurrent: f['max-concurrent'], powerOff: f['power-off'] }));
    this.show(() => renderPlanCompare(result));
    return result;
  }
}
