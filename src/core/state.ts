import type { HostSample } from './host-history.js';
import type { MigrationRecord } from './migration/migrate.js';
import type { Datacenter, HostState, Vm } from './model.js';
import type { LabSession } from './lab/session.js';

/** Bumped whenever the stored shape changes; a newer file is refused, never rewritten. */
export const STATE_SCHEMA_VERSION = 1;

export interface DcEvent {
  id: number;
  /** Simulated time of the event, seconds since the datacenter clock started. */
  atSec: number;
  type: string;
  message: string;
  vm?: string;
  host?: string;
  /** On the first event a command recorded: that command line (dcctl's words, without --json and --state-dir). */
  command?: string;
  /** 'lab': recorded by a command a lab ran (a step, a check), not one a person typed. */
  by?: 'lab';
}

/** An event as the core proposes it; the clock and id are stamped when it is recorded. */
export interface NewEvent {
  type: string;
  message: string;
  vm?: string;
  host?: string;
  /** Offset from the start of the operation (seconds of simulated time). */
  offsetSec?: number;
}

export interface State {
  schemaVersion: number;
  datacenter: Datacenter | null;
  /** The file the datacenter came from, for `dc show` and re-apply diffs. */
  source: { file: string; sha256: string } | null;
  vms: Vm[];
  clockSec: number;
  /**
   * Events not yet in the journal: as the store loads a state, none (the history is kept in
   * store/journal.ts and read by the commands that show it); what a command records is appended
   * here and moved to the journal when the state is written. A `state export` holds all of them.
   */
  events: DcEvent[];
  nextEventId: number;
  /** Host index round-robin used last. */
  placementCursor: number;
  /** Migration records not yet in the journal, oldest first (as `events`). */
  migrations?: MigrationRecord[];
  /** The next migration's number (m1, m2, ...); absent in states written before the journal. */
  nextMigrationId?: number;
  /** Host power-state and utilization changes not yet in the journal (for power --at and energy; as `events`). */
  hostHistory?: HostSample[];
  /** Where the committed journal ends (the store's: core functions neither read nor set it). */
  journal?: JournalPointer;
  /**
   * Host states as the applied file declared them (absent in older states). A re-apply keeps a
   * state set by a command (maintenance, power) unless the file itself changed that host's state.
   */
  declaredHostStates?: Record<string, HostState>;
  /** A hands-on lab session (`lab start` ... `lab stop`), kept in the locked state so two terminals agree on it. */
  lab?: LabSession;
}

export interface JournalPointer {
  /** New for every replaced state, so an old state's history is never read as a new one's. */
  epoch: string;
  segment: number;
  /** Committed length of the last segment. */
  bytes: number;
}

export function emptyState(): State {
  return { schemaVersion: STATE_SCHEMA_VERSION, datacenter: null, source: null, vms: [], clockSec: 0, events: [], nextEventId: 1, placementCursor: -1, migrations: [], nextMigrationId: 1, hostHistory: [] };
}

/** The number the next migration record gets (states from before the journal kept every record inline). */
export function nextMigrationNumber(state: State): number {
  return state.nextMigrationId ?? (state.migrations?.length ?? 0) + 1;
}

/** What every mutating core function returns: the next state, its result, and the events to log. */
export interface Outcome<R> {
  state: State;
  result: R;
}

/**
 * Record events at the current clock (plus each event's offset), then advance the clock by the
 * operation's duration. Returns a new state; the input is not modified.
 */
export function recordEvents(state: State, events: NewEvent[], durationSec = 0): State {
  let id = state.nextEventId;
  const stamped: DcEvent[] = events.map((e) => {
    const event: DcEvent = { id: id++, atSec: state.clockSec + (e.offsetSec ?? 0), type: e.type, message: e.message };
    if (e.vm !== undefined) event.vm = e.vm;
    if (e.host !== undefined) event.host = e.host;
    return event;
  });
  return { ...state, events: [...state.events, ...stamped], nextEventId: id, clockSec: state.clockSec + durationSec };
}
