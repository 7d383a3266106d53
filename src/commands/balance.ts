import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import { BALANCE_METRICS, planBalance } from '../core/balance/balance.js';
import type { PlanResult } from '../core/plan/execute.js';
import { executePlan, planned } from '../core/plan/execute.js';
import { parseFraction } from '../core/units.js';
import { positive, unitFlag } from '../flag-units.js';
import { renderPlan } from '../render/plan.js';
import { outFlag, savePlan } from '../plan-output.js';
import { commandLine } from '../store/invocation.js';

export default class Balance extends DcctlCommand<typeof Balance> {
  static override summary = 'Spread load: lower the imbalance (std dev of host load, as DRS) and relieve hosts above the ceiling';
  static override examples = ['<%= config.bin %> balance --dry-run', '<%= config.bin %> balance --metric both --aggressiveness 4 --json', '<%= config.bin %> balance --out balance-plan.yaml'];
  static override flags = {
    metric: Flags.option({ description: 'which load to balance', options: BALANCE_METRICS, default: 'cpu' })(),
    threshold: Flags.string({ description: 'imbalance tolerated (std dev of host load) at aggressiveness 3', default: '10%' }),
    aggressiveness: Flags.integer({ description: '1 (only hot spots) .. 5 (take the smallest gains), like DRS\'s migration threshold', default: 3, min: 1, max: 5 }),
    ceiling: Flags.string({ description: 'CPU utilization above which a host is a hot spot', default: '80%' }),
    'max-moves': Flags.integer({ description: 'at most this many migrations', min: 0 }),
    'max-concurrent': Flags.integer({ description: 'migrations at a time', default: 2, min: 1 }),
    'migration-mode': Flags.option({ description: 'how VMs move', options: ['live', 'postcopy'] as const, default: 'live' })(),
    'dry-run': Flags.boolean({ description: 'print the plan, change nothing' }),
    out: outFlag,
  };

  async run(): Promise<PlanResult> {
    const f = this.flags;
    const request = {
      metric: f.metric, aggressiveness: f.aggressiveness, maxMoves: f['max-moves'] ?? null, maxConcurrent: f['max-concurrent'], migrationMode: f['migration-mode'],
      threshold: unitFlag('threshold', f.threshold, parseFraction)!,
      ceiling: unitFlag('ceiling', f.ceiling, parseFraction, positive('the ceiling'))!,
    };
    const out = f.out;
    if (out !== undefined) {
      const saved = await this.spin('planning balance', async () => {
        const state = await this.store().read();
        return savePlan(state, planBalance(state, request), out, { name: `balance-${f.metric}`, createdBy: `dcctl ${commandLine(this.id ?? '', this.argv)}`, maxConcurrent: request.maxConcurrent, hostStates: new Map() });
      });
      this.show(() => renderPlan(saved, 'Balance plan', request.maxConcurrent));
      return saved;
    }
    const result = await this.spin('planning balance', () => this.store().update((state) => {
      const plan = planBalance(state, request);
      if (f['dry-run']) return { result: planned(state, plan) };
      return this.accept(executePlan(state, plan, request.maxConcurrent, new Map(), 'balance'));
    }));
    this.show(() => renderPlan(result, 'Balance plan', request.maxConcurrent));
    if (result.movesUndone.length) this.failedExitCode = 1; // moves left undone: the plan failed
    return result;
  }
}
