import { Flags } from '@oclif/core';
import type { HostState } from '../../core/model.js';
import type { CheckedMove } from '../../core/plan/check.js';
import type { PlanPrediction } from '../../core/plan/document.js';
import { planOutlook } from '../../core/plan/outlook.js';
import { planFreshness } from '../../core/plan/saved.js';
import type { FleetMetrics } from '../../core/plan/types.js';
import type { LocatedProblem, Staleness } from '../../plan-command.js';
import { PlanFileCommand } from '../../plan-command.js';
import { moveId, renderPlanShow } from '../../render/plan-file.js';

export interface PlanGraph {
  nodes: { id: string; step: number; move: number; vm: string; from: string; to: string }[];
  edges: { from: string; to: string; why: string }[];
}

export interface PlanShowResult extends Staleness {
  file: string;
  plan: string;
  strategy: string | null;
  createdBy: string | null;
  maxConcurrent: number;
  /** The moves as they would run on the current state, with the engine's predictions and what each waits for. */
  moves: CheckedMove[];
  reasons: { move: string; reason: string }[];
  hostStates: Record<string, HostState>;
  makespanSec: number;
  bytesSent: number;
  worstDowntimeMs: number;
  before: FleetMetrics;
  after: FleetMetrics;
  migrationEnergyJoules: number;
  wattsSaved: number;
  paybackSec: number | null;
  /** What the file recorded when it was written (null for a hand-written plan). */
  recordedPrediction: PlanPrediction | null;
  valid: boolean;
  problems: LocatedProblem[];
  graph?: PlanGraph;
}

export default class PlanShow extends PlanFileCommand<typeof PlanShow> {
  static override summary = 'Print a plan file: its moves in order, predicted makespan, downtime per VM, energy before and after';
  static override examples = ['<%= config.bin %> plan show plan.yaml', '<%= config.bin %> plan show plan.yaml --graph'];
  static override flags = {
    graph: Flags.boolean({ description: 'also print the moves as a graph: what each move waits for (room, same VM, group rules)' }),
    'max-concurrent': PlanFileCommand.maxConcurrentFlag,
  };

  async run(): Promise<PlanShowResult> {
    const loaded = this.loadPlan();
    const store = this.store();
    const state = await store.read();
    const { plan } = loaded;
    const maxConcurrent = this.concurrency(loaded, this.flags['max-concurrent']);
    const outlook = await this.spin('predicting the plan', async () => planOutlook(state, plan.spec, maxConcurrent));
    const { check } = outlook;
    const result: PlanShowResult = {
      file: loaded.file, plan: plan.metadata.name, strategy: plan.spec.strategy ?? null, createdBy: plan.metadata.createdBy ?? null,
      ...this.staleness(store, state, loaded, planFreshness(plan, state)),
      maxConcurrent, moves: check.moves,
      reasons: plan.spec.steps.flatMap((s, i) => s.moves.flatMap((m, j) => (m.reason ? [{ move: `${i + 1}.${j + 1}`, reason: m.reason }] : []))),
      hostStates: plan.spec.hostStates ?? {},
      makespanSec: check.makespanSec, bytesSent: outlook.bytesSent, worstDowntimeMs: outlook.worstDowntimeMs,
      before: outlook.before, after: outlook.after,
      migrationEnergyJoules: outlook.migrationEnergyJoules, wattsSaved: outlook.wattsSaved, paybackSec: outlook.paybackSec,
      recordedPrediction: plan.predicted ?? null,
      valid: check.valid, problems: this.located(loaded, check.problems),
    };
    if (this.flags.graph) {
      result.graph = {
        nodes: check.moves.map((m) => ({ id: moveId(m), step: m.step, move: m.move, vm: m.vm, from: m.from, to: m.to })),
        edges: check.moves.flatMap((m) => m.waitsFor.map((w) => ({ from: moveId(check.moves[w.on]!), to: moveId(m), why: w.why }))),
      };
    }
    this.show(() => renderPlanShow(result));
    return result;
  }
}
