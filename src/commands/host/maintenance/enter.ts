import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../../base-command.js';
import { planMaintenance } from '../../../core/maintenance.js';
import type { PlanResult } from '../../../core/plan/execute.js';
import { executePlan, planned } from '../../../core/plan/execute.js';
import { renderPlan } from '../../../render/plan.js';
import { outFlag, savePlan } from '../../../plan-output.js';
import { commandLine } from '../../../store/invocation.js';

export default class MaintenanceEnter extends DcctlCommand<typeof MaintenanceEnter> {
  static override summary = 'Evacuate a host (live where possible, cold or offline where only that is allowed) and mark it in maintenance';
  static override args = { host: Args.string({ description: 'host name', required: true }) };
  static override flags = {
    'max-concurrent': Flags.integer({ description: 'migrations at a time', default: 2, min: 1 }),
    'dry-run': Flags.boolean({ description: 'print the evacuation plan, change nothing' }),
    out: outFlag,
  };

  async run(): Promise<PlanResult> {
    const { host } = this.args;
    const max = this.flags['max-concurrent'];
    const out = this.flags.out;
    if (out !== undefined) {
      const state = await this.store().read();
      const plan = this.accept(planMaintenance(state, host, max));
      const saved = savePlan(state, plan, out, { name: `maintenance-${host}`, createdBy: `dcctl ${commandLine(this.id ?? '', this.argv)}`, maxConcurrent: max, hostStates: new Map([[host, 'maintenance' as const]]) });
      this.show(() => renderPlan(saved, `Maintenance of ${host}`, max));
      return saved;
    }
    const result = await this.store().update((state) => {
      const plan = this.accept(planMaintenance(state, host, max));
      if (this.flags['dry-run']) return { result: planned(state, plan) };
      return this.accept(executePlan(state, plan, max, new Map([[host, 'maintenance' as const]]), 'maintenance'));
    });
    this.show(() => renderPlan(result, `Maintenance of ${host}`, max));
    if (result.movesUndone.length) this.failedExitCode = 1; // moves left undone: the plan failed
    return result;
  }
}
