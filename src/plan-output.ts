import { Flags } from '@oclif/core';
import type { HostState } from './core/model.js';
import type { PlanResult } from './core/plan/execute.js';
import { planned } from './core/plan/execute.js';
import { planDocument } from './core/plan/saved.js';
import type { Plan } from './core/plan/types.js';
import type { State } from './core/state.js';
import { writePlanFile } from './plan-file.js';

/** --out on the planners (consolidate, balance, host maintenance enter): write the plan, change nothing. */
export const outFlag = Flags.string({ description: 'write the plan to FILE (YAML, kind: Plan) and change nothing; then dcctl plan show / check / apply FILE', helpValue: 'FILE' });

export interface SavedPlan {
  file: string;
  fingerprint: string;
  steps: number;
  moves: number;
}

/** The plan written as a plan file, with the state's fingerprint; the result is a dry run's with `saved`. */
export function savePlan(state: State, plan: Plan, file: string, request: { name: string; createdBy: string; maxConcurrent: number; hostStates: ReadonlyMap<string, HostState> }): PlanResult & { saved: SavedPlan } {
  const doc = planDocument(state, plan, request);
  if (state.journal) doc.spec.basis = { ...doc.spec.basis, journal: state.journal.epoch };
  writePlanFile(file, doc);
  return { ...planned(state, plan), saved: { file, fingerprint: doc.spec.fingerprint!, steps: doc.spec.steps.length, moves: plan.moves.length } };
}
