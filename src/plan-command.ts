import type { Command } from '@oclif/core';
import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from './base-command.js';
import type { Problem } from './config/load.js';
import type { LoadedPlan } from './config/plan-load.js';
import type { PlanProblem } from './core/plan/check.js';
import type { Freshness } from './core/plan/saved.js';
import type { DcEvent, State } from './core/state.js';
import { readPlanFile } from './plan-file.js';
import type { StateStore } from './store/store.js';

/** A problem of the plan against the state, with where in the file the step or move is. */
export type LocatedProblem = PlanProblem & Pick<Problem, 'file' | 'line' | 'column' | 'path'>;

/** What changed since a fingerprinted plan was written: the parts, and the events since (same journal only). */
export interface Staleness extends Freshness {
  eventsSince: { count: number; events: Pick<DcEvent, 'id' | 'atSec' | 'type' | 'vm' | 'host' | 'message'>[] } | null;
}

const EVENTS_SHOWN = 20;

/** plan show / check / apply: FILE, the plan's concurrency, and the checks against the state. */
export abstract class PlanFileCommand<T extends typeof Command> extends DcctlCommand<T> {
  static override args = { file: Args.string({ description: 'plan file (YAML, kind: Plan)', required: true }) };
  static maxConcurrentFlag = Flags.integer({ description: "migrations at a time (default: the plan's maxConcurrent, else 2)", min: 1 });

  protected loadPlan(): LoadedPlan {
    return readPlanFile((this.args as { file: string }).file);
  }

  protected concurrency(loaded: LoadedPlan, flag: number | undefined): number {
    return flag ?? loaded.plan.spec.maxConcurrent ?? 2;
  }

  protected located(loaded: LoadedPlan, problems: readonly PlanProblem[]): LocatedProblem[] {
    return problems.map((p) => ({ ...p, ...loaded.position(p.step, p.move, p.host) }));
  }

  /** The events recorded since the plan was written, when it was written against this state's journal. */
  protected staleness(store: StateStore, state: State, loaded: LoadedPlan, freshness: Freshness): Staleness {
    const basis = loaded.plan.spec.basis;
    if (freshness.fresh !== false || basis?.nextEventId === undefined || !basis.journal || basis.journal !== state.journal?.epoch) return { ...freshness, eventsSince: null };
    const since = basis.nextEventId;
    // Stage-by-stage migration events say nothing a completed or aborted event does not.
    const events = store.history(state, ['events'], { keep: (e: DcEvent) => e.id >= since && e.type !== 'migration-stage' }).events;
    return {
      ...freshness,
      eventsSince: { count: events.length, events: events.slice(0, EVENTS_SHOWN).map(({ id, atSec, type, vm, host, message }) => ({ id, atSec, type, ...(vm ? { vm } : {}), ...(host ? { host } : {}), message })) },
    };
  }
}
