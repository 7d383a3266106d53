import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@oclif/core';
import { applyDatacenter } from '../core/apply.js';
import { badInput, isRefusal, stateProblem } from '../core/errors.js';
import type { CommandCatalog } from '../core/lab/commands.js';
import type { AnswerValue } from '../core/lab/grade.js';
import { drawParams } from '../core/lab/params.js';
import type { AnswerSource, StepReport } from '../core/lab/run.js';
import { runStep, taskSummary } from '../core/lab/run.js';
import type { LabSession } from '../core/lab/session.js';
import { closeStep, newSession, recordAttempt, sessionComplete, stepEventRanges, typedCommands } from '../core/lab/session.js';
import type { DcEvent, State } from '../core/state.js';
import { emptyState, recordEvents } from '../core/state.js';
import { acquireLock } from '../store/lock.js';
import type { StateStore } from '../store/store.js';
import { inProcessExecutor } from './in-process.js';
import { snapshotOf } from './session.js';
import type { LabSource } from './source.js';
import { findLab, variantDatacenter } from './source.js';

/** How a session finds its lab again: a bundled lab by name, a file by its absolute path. */
export function labRef(given: string, source: LabSource): string {
  return source.file.startsWith('fixtures/labs/') && !given.includes('/') && !/\.ya?ml$/.test(given) ? given : source.path;
}

export const fileSha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const NO_SESSION_HINT = 'start one with dcctl lab start NAME (dcctl lab list shows the labs)';

/**
 * The shell of a hands-on session: the state dir's store, the session lock, the lab file
 * checked against the hash `lab start` recorded, and steps run in-process on the state itself.
 */
export class HandsOn {
  constructor(private readonly config: Config, private readonly catalog: CommandCatalog, readonly store: StateStore) {}

  /**
   * Lab commands that advance a session hold `lab.lock` (beside the state's own lock, which the
   * step's commands take): two terminals' `lab next` run one after the other, never the same step twice.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    mkdirSync(this.store.dir, { recursive: true });
    const release = acquireLock(join(this.store.dir, 'lab.lock'), this.store.dir);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** The state and its session; exit 3 when there is none. */
  async session(): Promise<{ state: State; session: LabSession }> {
    const state = await this.store.read();
    if (!state.lab) throw stateProblem('no-lab-session', `no lab session in ${this.store.dir}`, NO_SESSION_HINT, { stateDir: this.store.dir });
    return { state, session: state.lab };
  }

  /** The session's lab file, refused (exit 3) when it changed since `lab start` or is gone. */
  labOf(session: LabSession): LabSource {
    let source: LabSource;
    try {
      source = findLab(session.ref, this.config.root, this.catalog);
    } catch (error) {
      throw stateProblem('lab-changed', `the lab file ${session.file} of this session no longer loads: ${(error as Error).message}`,
        'restore the lab file, or start the lab again with dcctl lab start --force', { file: session.file });
    }
    if (fileSha256(source.path) !== session.sha256) {
      throw stateProblem('lab-changed', `the lab file ${session.file} changed since lab start`,
        'restore the file as it was, or start again with dcctl lab start --force (the session restarts from its first step)', { file: session.file, sha256: session.sha256 });
    }
    return source;
  }

  /** The session's events (after lab start), oldest first. */
  events(state: State, session: LabSession): DcEvent[] {
    return this.store.history(state, ['events'], { keep: (e: DcEvent) => e.id > session.startEventId }).events;
  }

  /** `lab start`: the variant's datacenter applied to the state dir, with a new session in it. */
  async start(given: string, source: LabSource, seed: number, student: string | null, force: boolean): Promise<{ session: LabSession; backup: string | null }> {
    const params = drawParams(source.lab.spec.params ?? {}, seed);
    const datacenter = variantDatacenter(source, params);
    const applied = applyDatacenter(emptyState(), datacenter);
    if (isRefusal(applied)) throw badInput('invalid-lab', `${datacenter.file}: the lab's datacenter cannot be applied (seed ${seed}): ${applied.message}`, applied.hint);
    return this.exclusive(async () => {
      if (!force && await this.store.holdsState()) {
        const held = await this.store.read().catch(() => null);
        const what = held?.lab ? `lab session ${held.lab.lab} (step ${Math.min(held.lab.current + 1, held.lab.steps.length)} of ${held.lab.steps.length})` : 'a state';
        throw stateProblem('state-exists', `${this.store.dir} already holds ${what}; lab start would replace it`,
          'add --force to replace it (a backup copy is kept; dcctl state import restores it), or use another --state-dir', { stateDir: this.store.dir });
      }
      const session = newSession(source.lab, { ref: labRef(given, source), file: source.file, sha256: fileSha256(source.path), seed, student, params, dcctlVersion: this.config.version });
      const { backup } = await this.store.replace({ ...applied.state, lab: session }, { backup: force });
      const started = await this.store.update((state) => {
        const id = state.nextEventId;
        const recorded = recordEvents(state, [{ type: 'lab-started', message: `lab ${session.lab} started (seed ${seed}${student ? `, student ${student}` : ''})` }]);
        const lab: LabSession = { ...session, epoch: state.journal?.epoch ?? null, startEventId: id };
        return { state: { ...recorded, lab }, result: lab };
      });
      return { session: started, backup };
    });
  }

  /**
   * Grade the current step on the state as it stands (a task's checks, a run step's command, an
   * ask with the given answer) and record the attempt; the step's commands come from the event log.
   */
  async attempt(session: LabSession, source: LabSource, answer: AnswerValue | null): Promise<{ report: StepReport; over: boolean; session: LabSession }> {
    const answers: AnswerSource = { ask: async () => answer, task: async () => 'check' };
    const graded = await runStep({
      lab: source.lab, file: session.file, seed: session.seed, params: session.params, dcctlVersion: session.dcctlVersion,
      execute: inProcessExecutor(this.config, this.catalog, this.store.dir), answers, now: () => performance.now(),
      snapshot: snapshotOf(this.config, this.catalog, this.store.dir),
    }, session.current);
    const index = session.current;
    return this.store.update((state) => {
      const held = state.lab;
      if (!held || held.current !== index || held.sha256 !== session.sha256) {
        throw stateProblem('lab-session-changed', 'the lab session changed while the step ran (lab stop, state reset or import from another terminal)', 'see dcctl lab status');
      }
      const range = stepEventRanges(held)[index]!;
      const typed = typedCommands(this.events(state, held).filter((e) => e.id > range.from));
      const own = graded.kind === 'task' ? { commands: typed, summary: taskSummary(typed.length, graded.checks) } : {};
      const outcome = recordAttempt(held, source.lab, { ...graded, ...own });
      if (!outcome.over) return { state: { ...state, lab: outcome.session }, result: outcome };
      const id = state.nextEventId;
      const r = outcome.report;
      const recorded = recordEvents(state, [{ type: 'lab-step', message: `lab ${held.lab} step ${r.name}: ${r.status}, ${r.score}/${r.points} point(s) after ${r.attempts} attempt(s)` }]);
      const closed = closeStep(outcome.session, index, id);
      return { state: { ...recorded, lab: closed }, result: { ...outcome, session: closed } };
    });
  }

  /** Remove the session (the state stays); false when there was none. */
  async stop(): Promise<LabSession | null> {
    return this.exclusive(() => this.store.update((state) => {
      if (!state.lab) return { result: null };
      const { lab, ...rest } = state;
      const recorded = recordEvents(rest as State, [{ type: 'lab-stopped', message: `lab ${lab.lab} stopped${sessionComplete(lab) ? '' : ` at step ${lab.current + 1} of ${lab.steps.length}`}` }]);
      return { state: recorded, result: lab };
    }));
  }
}
