import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import type { PlanResult } from '../core/plan/execute.js';
import { executePlan, planned } from '../core/plan/execute.js';
import { CONSOLIDATION_STRATEGY_NAMES, planConsolidation } from '../core/consolidation/consolidate.js';
import { parseFraction } from '../core/units.js';
import { positive, unitFlag } from '../flag-units.js';
import { renderPlan } from '../render/plan.js';
import { outFlag, savePlan } from '../plan-output.js';
import { commandLine } from '../store/invocation.js';

export default class Consolidate extends DcctlCommand<typeof Consolidate> {
  static override summary = 'Pack VMs onto fewer hosts (ffd, bfd or power-aware pabfd) and free, or power off, the rest';
  static override examples = ['<%= config.bin %> consolidate --dry-run', '<%= config.bin %> consolidate --strategy pabfd --power-off --json', '<%= config.bin %> consolidate --power-off --out plan.yaml'];
  static override flags = {
    strategy: Flags.option({ description: 'ffd (first fit), bfd (best fit), pabfd (least power increase)', options: CONSOLIDATION_STRATEGY_NAMES, default: 'bfd' })(),
    'target-utilization': Flags.string({ description: 'CPU utilization no host may exceed after the plan', default: '80%' }),
    'power-off': Flags.boolean({ description: 'power off the hosts the plan empties' }),
    'max-concurrent': Flags.integer({ description: 'migrations at a time', default: 2, min: 1 }),
    'max-moves': Flags.integer({ description: 'at most this many migrations', min: 0 }),
    'migration-mode': Flags.option({ description: 'how VMs move (post-copy keeps downtime tiny)', options: ['live', 'postcopy'] as const, default: 'live' })(),
    'dry-run': Flags.boolean({ description: 'print the plan, change nothing' }),
    out: outFlag,
  };

  async run(): Promise<PlanResult> {
    const f = this.flags;
    const targetUtilization = unitFlag('target-utilization', f['target-utilization'], parseFraction, positive('the ceiling'))!;
    const request = { strategy: f.strategy, targetUtilization, powerOff: f['power-off'], maxConcurrent: f['max-concurrent'], maxMoves: f['max-moves'] ?? null, migrationMode: f['migration-mode'] };
    const powerOffs = (plan: { hostsPoweredOff: string[] }) => new Map(plan.hostsPoweredOff.map((h) => [h, 'off' as const]));
    const out = f.out;
    if (out !== undefined) {
      const saved = await this.spin('planning consolidation', async () => {
        const state = await this.store().read();
        const plan = planConsolidation(state, request);
        return savePlan(state, plan, out, { name: `consolidation-${f.strategy}`, createdBy: `dcctl ${commandLine(this.id ?? '', this.argv)}`, maxConcurrent: request.maxConcurrent, hostStates: powerOffs(plan) });
      });
      this.show(() => renderPlan(saved, 'Consolidation plan', request.maxConcurrent));
      return saved;
    }
    const result = await this.spin('planning consolidation', () => this.store().update((state) => {
      const plan = planConsolidation(state, request);
      if (f['dry-run']) return { result: planned(state, plan) };
      return this.accept(executePlan(state, plan, request.maxConcurrent, powerOffs(plan), 'consolidation'));
    }));
    this.show(() => renderPlan(result, 'Consolidation plan', request.maxConcurrent));
    if (result.movesUndone.length) this.failedExitCode = 1; // moves left undone: the plan failed
    return result;
  }
}
