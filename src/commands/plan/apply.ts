import { Flags } from '@oclif/core';
import { refused } from '../../core/errors.js';
import type { HostState } from '../../core/model.js';
import type { State } from '../../core/state.js';
import type { PlanResult } from '../../core/plan/execute.js';
import { commitRun, planned } from '../../core/plan/execute.js';
import { planOutlook } from '../../core/plan/outlook.js';
import type { Freshness } from '../../core/plan/saved.js';
import { planFreshness, planOfDocument } from '../../core/plan/saved.js';
import { plural } from '../../core/text.js';
import { PlanFileCommand } from '../../plan-command.js';
import { renderPlanApply } from '../../render/plan-file.js';

export interface PlanApplyResult extends PlanResult {
  file: string;
  name: string;
  dryRun: boolean;
  fresh: Freshness['fresh'];
  changed: Freshness['changed'];
  maxConcurrent: number;
}

export default class PlanApply extends PlanFileCommand<typeof PlanApply> {
  static override summary = 'Carry out exactly the moves of a plan file, in its order, through the migration engine';
  static override description = 'The plan is checked in full first (as plan check); an invalid plan, or a stale one without --allow-stale, is refused with the reason and nothing changes. Independent moves run in parallel within --max-concurrent and the links\' fair shares. Exit 0 done, 1 refused or a move failed, 2 a malformed plan file.';
  static override examples = ['<%= config.bin %> plan apply plan.yaml --dry-run', '<%= config.bin %> plan apply plan.yaml --json'];
  static override flags = {
    'max-concurrent': PlanFileCommand.maxConcurrentFlag,
    'dry-run': Flags.boolean({ description: 'print the migration timelines it would produce, change nothing' }),
    'allow-stale': Flags.boolean({ description: 'apply a plan written against another state (it is still checked in full)' }),
  };

  async run(): Promise<PlanApplyResult> {
    const loaded = this.loadPlan();
    const { plan, file } = loaded;
    const maxConcurrent = this.concurrency(loaded, this.flags['max-concurrent']);
    const dryRun = this.flags['dry-run'];
    const result = await this.spin('applying the plan', () => this.store().update((state): { state: State; result: PlanApplyResult } => {
      const freshness = planFreshness(plan, state);
      if (freshness.fresh === false && !this.flags['allow-stale'] && !dryRun) {
        throw refused('plan-stale', `${file} was written against another state: ${freshness.changed.join(', ')} changed since`,
          `nothing changed; dcctl plan check ${file} shows what changed and whether the plan still holds: plan again, or pass --allow-stale to apply it as it is (it is checked in full)`, { changed: freshness.changed });
      }
      const outlook = planOutlook(state, plan.spec, maxConcurrent);
      const { check } = outlook;
      if (!check.valid) {
        const problems = this.located(loaded, check.problems);
        const first = problems[0]!;
        throw refused('plan-invalid', `${first.file}:${first.line}:${first.column} ${first.message}${problems.length > 1 ? ` (and ${plural(problems.length - 1, 'more problem')})` : ''}`,
          `nothing changed; dcctl plan check ${file} lists every problem: edit the plan or plan again`, { problems });
      }
      const asPlan = planOfDocument(state, plan, outlook);
      const extra = { file, name: plan.metadata.name, dryRun, fresh: freshness.fresh, changed: freshness.changed, maxConcurrent };
      if (dryRun) return { state, result: { ...planned(state, asPlan), migrations: check.timelines, ...extra } };
      const hostStates = new Map(Object.entries(plan.spec.hostStates ?? {}) as [string, HostState][]);
      const done = this.accept(commitRun(state, check.timelines, check.makespanSec, hostStates, 'plan', asPlan));
      return { state: done.state, result: { ...done.result, ...extra } };
    }));
    this.show(() => renderPlanApply(result));
    if (result.movesUndone.length) this.failedExitCode = 1; // a move failed: the plan failed
    return result;
  }
}
