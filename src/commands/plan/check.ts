import type { CheckedMove } from '../../core/plan/check.js';
import { checkPlan } from '../../core/plan/check.js';
import { planFreshness } from '../../core/plan/saved.js';
import type { LocatedProblem, Staleness } from '../../plan-command.js';
import { PlanFileCommand } from '../../plan-command.js';
import { renderPlanCheck } from '../../render/plan-file.js';

export interface PlanCheckResult extends Staleness {
  file: string;
  plan: string;
  strategy: string | null;
  valid: boolean;
  problems: LocatedProblem[];
  steps: number;
  moves: CheckedMove[];
  maxConcurrent: number;
  makespanSec: number;
  worstDowntimeMs: number;
}

export default class PlanCheck extends PlanFileCommand<typeof PlanCheck> {
  static override summary = 'Re-validate a plan file against the current state: every intermediate state, not only the end';
  static override description = 'Capacity and overcommit limits with each step\'s moves in flight, must-rules (affinity, anti-affinity, pins), what each VM\'s state allows, target host states, tenancy, hypervisors, SLAs on the simulated run, and hosts the plan empties. Exit 0 valid (a stale plan is reported with what changed), 1 invalid, 2 malformed file.';
  static override examples = ['<%= config.bin %> plan check plan.yaml', '<%= config.bin %> plan check plan.yaml --json'];
  static override flags = { 'max-concurrent': PlanFileCommand.maxConcurrentFlag };

  async run(): Promise<PlanCheckResult> {
    const loaded = this.loadPlan();
    const store = this.store();
    const state = await store.read();
    const maxConcurrent = this.concurrency(loaded, this.flags['max-concurrent']);
    const check = await this.spin('checking the plan', async () => checkPlan(state, loaded.plan.spec, maxConcurrent));
    const result: PlanCheckResult = {
      file: loaded.file, plan: loaded.plan.metadata.name, strategy: loaded.plan.spec.strategy ?? null,
      valid: check.valid,
      ...this.staleness(store, state, loaded, planFreshness(loaded.plan, state)),
      problems: this.located(loaded, check.problems),
      steps: loaded.plan.spec.steps.length, moves: check.moves, maxConcurrent,
      makespanSec: check.makespanSec, worstDowntimeMs: check.timelines.reduce((a, t) => Math.max(a, t.downtimeMs), 0),
    };
    this.show(() => renderPlanCheck(result));
    if (!result.valid) this.failedExitCode = 1;
    return result;
  }
}
