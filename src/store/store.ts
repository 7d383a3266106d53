import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { DcctlError, stateProblem } from '../core/errors.js';
import type { JournalPointer, State } from '../core/state.js';
import { emptyState, nextMigrationNumber, STATE_SCHEMA_VERSION } from '../core/state.js';
import { recordHostHistory } from '../core/host-history.js';
import { TEMP_INFIX, writeFileAtomically, writeProblem } from './atomic-write.js';
import type { History, HistoryKind } from './journal.js';
import { appendHistory, countRecords, JOURNAL_DIR, readHistory, removeOtherEpochs } from './journal.js';
import { acquireLock, processIsAlive } from './lock.js';
import { runByLab } from './invocation.js';
import { stateHeaderProblem } from './shape.js';
import { pathText } from '../config/issues.js';

type StoredState = Record<string, unknown>;

/**
 * The state store: one JSON document in the state directory, written atomically and durably by
 * atomic-write.ts (every byte, fsync, the old file's mode and owner, rename). Writers hold a
 * cross-process lock for the whole read-modify-write. A corrupt or newer file is reported
 * (exit 3), never overwritten silently. (The state was kept by conf until its writer was found to
 * rename truncated files into place on a full disk and to widen the file's mode.)
 */
export class StateStore {
  readonly path: string;

  /** `command`: the command line writing through this store, stamped on the first event each write records. */
  constructor(readonly dir: string, private readonly options: { command?: string } = {}) {
    this.path = join(dir, 'state.json');
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /**
   * Whether the directory holds a state someone built: a datacenter, VMs or events, or a file
   * that cannot be read (it may be the user's, damaged). An empty state is not worth keeping.
   */
  async holdsState(): Promise<boolean> {
    if (!this.exists()) return false;
    try {
      const state = await this.read();
      return state.datacenter !== null || state.vms.length > 0 || state.nextEventId > 1 || state.events.length > 0;
    } catch {
      return true;
    }
  }

  /**
   * Keep the state about to be replaced, with its whole history, as one document `state import`
   * restores (`state.json.<time>.bak`, as private as the state file); null when there is none.
   */
  private backup(current: State): string | null {
    if (!this.exists()) return null;
    const backup = `${this.path}.${Date.now()}.bak`;
    writeFileAtomically(backup, JSON.stringify(this.exportDocument(current)), this.fileMode());
    return backup;
  }

  /** The mode new files of this state get: the state file's own (a user's chmod 600 covers its history and backups). */
  private fileMode(): number {
    try {
      return statSync(this.resolvedPath()).mode & 0o777;
    } catch {
      return 0o644;
    }
  }

  /**
   * The file a write replaces: state.json, or where it links to when that is inside the state
   * dir. A state.json that links elsewhere is never written through, nor copied into a backup
   * (it could be any file of the user's).
   */
  private writeTarget(): string {
    let link;
    try {
      link = lstatSync(this.path);
    } catch {
      return this.path;
    }
    if (!link.isSymbolicLink()) return this.path;
    let target: string;
    try {
      target = realpathSync(this.path);
    } catch {
      throw stateProblem('state-symlink', `${this.path} is a link to a file that does not exist`, 'remove the link, or point it at a state file inside the state dir');
    }
    const inside = relative(realpathSync(this.dir), target);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw stateProblem('state-symlink', `${this.path} is a link to ${target}, outside the state dir: dcctl does not write through it`, 'replace the link with the file itself, or use another --state-dir');
    }
    return target;
  }

  private corrupt(error: unknown): DcctlError {
    // Never the file's content: a JSON error quotes the bytes it stopped at, and state.json may be
    // a link to any file. Its position says enough.
    const at = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const reason = error instanceof SyntaxError ? `not valid JSON${at ? ` (at byte ${at})` : ''}` : (error as Error).message;
    return stateProblem('state-corrupt', `state file ${this.path} is corrupt: ${reason}`,
      'restore it from a copy of `dcctl state export`, or run `dcctl state reset` (the corrupt file is kept aside)');
  }

  /** The stored document ({} when there is no file yet), parsed once. */
  private readDocument(): StoredState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return {};
      throw this.unreadable(error as NodeJS.ErrnoException);
    }
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as StoredState;
  }

  /** Problems of access, not of content: never called "corrupt" (which would send people to state reset). */
  private unreadable(error: NodeJS.ErrnoException): DcctlError {
    if (error.code === 'EACCES' || error.code === 'EPERM') {
      return stateProblem('state-unreadable', `cannot read ${this.path}: permission denied`, 'check the permissions of the state folder and state.json (ls -l), or use another --state-dir');
    }
    if (error.code === 'ENOTDIR') return stateProblem('state-dir-not-a-directory', `${this.dir} is not a directory`, 'pass a folder as --state-dir (it is created when missing)');
    if (error.code === 'EISDIR') return stateProblem('state-file-is-directory', `${this.path} is a directory, not a state file`, 'move it away, or use another --state-dir');
    return stateProblem('state-unreadable', `cannot read ${this.path}: ${error.message}`, 'check the state folder, or use another --state-dir');
  }

  async read(): Promise<State> {
    let raw: StoredState;
    try {
      raw = this.readDocument();
    } catch (error) {
      throw error instanceof DcctlError ? error : this.corrupt(error);
    }
    if (Object.keys(raw).length === 0) return emptyState();
    const problem = stateHeaderProblem(raw);
    if (problem) throw this.corrupt(new Error(problem));
    await this.checkContent(raw);
    const state = { ...raw } as unknown as State;
    state.events ??= []; // written to the journal, not to state.json
    if (state.schemaVersion > STATE_SCHEMA_VERSION) {
      throw stateProblem('state-too-new', `state file ${this.path} has schema version ${state.schemaVersion}; this dcctl reads up to ${STATE_SCHEMA_VERSION}`,
        'upgrade dcctl, or use another --state-dir');
    }
    return state;
  }

  /**
   * Locked read-modify-write. `change` gets the current state and returns the result, with the
   * next state when something changed; a thrown error or a result without state writes nothing.
   */
  async update<R>(change: (state: State) => { state?: State; result: R }): Promise<R> {
    const release = this.lock();
    try {
      const previous = await this.read();
      const { state, result } = change(previous);
      // Every committed change also records what it did to host power (see core/host-history.ts).
      if (state && state !== previous) this.write(recordHostHistory(previous, this.stampCommand(previous, state)));
      return result;
    } finally {
      release();
    }
  }

  /** The first event this write adds carries the command line that recorded it (and `by: 'lab'` for a lab's own). */
  private stampCommand(previous: State, state: State): State {
    const first = state.events[previous.events.length];
    if (!this.options.command || !first || first.command !== undefined) return state;
    const events = [...state.events];
    events[previous.events.length] = { ...first, command: this.options.command, ...(runByLab() ? { by: 'lab' as const } : {}) };
    return { ...state, events };
  }

  /**
   * Commit a state: what it holds of history (the records the command added, or an imported or
   * older state's inline ones) appended to the journal first, then state.json without them,
   * pointing at the journal's new end (see journal.ts for why this order is crash-safe).
   */
  private write(state: State): JournalPointer {
    const target = this.writeTarget();
    const added: History = { events: state.events, migrations: state.migrations ?? [], hostHistory: state.hostHistory ?? [] };
    const journal = appendHistory(this.dir, state.journal, added, this.fileMode());
    const { events: _e, migrations: _m, hostHistory: _h, ...rest } = state;
    writeFileAtomically(target, JSON.stringify({ ...rest, nextMigrationId: nextMigrationNumber(state), journal }));
    this.stampChecked();
    return journal;
  }

  /**
   * Past records of a state read by `read()`, oldest first: the journal's, then any the file still
   * holds inline (a state written before the journal). `select` as readHistory's.
   */
  history(state: State, kinds: readonly HistoryKind[], select?: Parameters<typeof readHistory>[3]): History {
    const journaled = readHistory(this.dir, state.journal, kinds, select);
    const inline: History = { events: state.events, migrations: state.migrations ?? [], hostHistory: state.hostHistory ?? [] };
    for (const kind of kinds) {
      const extra = (inline[kind] as never[]).filter((record) => !select?.keep || select.keep(record, kind));
      (journaled[kind] as never[]).push(...extra);
      if (select?.limit !== undefined) journaled[kind] = journaled[kind].slice(-select.limit) as never;
    }
    return journaled;
  }

  /** How many records of a kind the history holds (without reading them). */
  countHistory(state: State, kind: HistoryKind): number {
    return countRecords(this.dir, state.journal, kind) + ((kind === 'events' ? state.events : state[kind]) ?? []).length;
  }

  /** The whole state with its whole history inline and no journal pointer: what `state export` prints and `state import` reads. */
  exportDocument(state: State): State {
    const { journal: _j, ...rest } = state;
    return { ...rest, ...this.history(state, ['events', 'migrations', 'hostHistory']) };
  }

  /**
   * A file dcctl did not write (edited, copied in, damaged) is validated in full before any
   * command uses it: the state document's schema and the invariants every command keeps. A
   * violation is exit 3 naming the JSON path, and the file is not rewritten. What dcctl wrote
   * itself is valid by construction: a stamp of it (inode, size, mtime) in state.json.checked
   * skips the check, so a command's cost does not grow with a deep check of its own output.
   */
  private async checkContent(raw: StoredState): Promise<void> {
    const stamp = this.stamp();
    if (stamp !== null && stamp === this.readStamp()) return;
    if ((raw as { schemaVersion?: number }).schemaVersion !== STATE_SCHEMA_VERSION) return; // newer: refused below; older: none exist yet
    const { stateIssues } = await import('./validate-stored.js');
    const [problem] = stateIssues(raw, 1);
    if (problem) throw this.corrupt(new Error(`${problem.path.length ? `${pathText(problem.path)}: ` : ''}${problem.message}`));
    this.stampChecked();
  }

  private stamp(): string | null {
    try {
      const stats = statSync(this.resolvedPath());
      return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    } catch {
      return null;
    }
  }

  private readStamp(): string | null {
    try {
      return readFileSync(`${this.path}.checked`, 'utf8');
    } catch {
      return null;
    }
  }

  /** Best effort: without the stamp the next command checks the file again. */
  private stampChecked(): void {
    const stamp = this.stamp();
    if (stamp === null) return;
    try {
      writeFileAtomically(`${this.path}.checked`, stamp);
    } catch {
      // a read-only or full folder: the check runs again next time
    }
  }

  /** What a read sees: state.json or its link's target, wherever it is (reads may follow links). */
  private resolvedPath(): string {
    try {
      return realpathSync(this.path);
    } catch {
      return this.path;
    }
  }

  /** The folder made, the lock taken, and what dead writers left behind removed. */
  private lock(): () => void {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw writeProblem(error, this.dir);
    }
    const release = acquireLock(`${this.path}.lock`, this.dir);
    try {
      this.writeTarget(); // refuse a link out of the dir before any work is done
    } catch (error) {
      release();
      throw error;
    }
    this.removeDeadWritersTemps();
    return release;
  }

  /** `state.json.tmp-<pid>-*` of a process that is gone: a writer killed mid-write. */
  private removeDeadWritersTemps(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const prefix = `state.json${TEMP_INFIX}`;
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number.parseInt(name.slice(prefix.length), 10);
      if (!Number.isInteger(pid) || pid === process.pid || processIsAlive(pid)) continue;
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // another writer removed it
      }
    }
  }

  /**
   * Replace the whole state (import, reset, demo). An unreadable or newer file is moved aside, not
   * overwritten; with `backup`, a readable one is first copied aside too (under the same lock).
   */
  async replace(state: State, options: { backup?: boolean } = {}): Promise<{ movedAside: string | null; backup: string | null }> {
    const release = this.lock();
    try {
      let movedAside: string | null = null;
      let backup: string | null = null;
      let current: State | null = null;
      try {
        current = await this.read();
      } catch (error) {
        // Only a file whose content is bad is moved aside (with its journal); one that cannot be read stays where it is.
        if (!(error instanceof DcctlError) || !this.exists() || (error.code !== 'state-corrupt' && error.code !== 'state-too-new')) throw error;
        movedAside = `${this.path}.corrupt-${Date.now()}`;
        renameSync(this.path, movedAside);
        if (existsSync(join(this.dir, JOURNAL_DIR))) renameSync(join(this.dir, JOURNAL_DIR), `${movedAside}.journal`);
      }
      if (options.backup && current) backup = this.backup(current);
      const { journal: _j, ...fresh } = state; // a new epoch: the old state's history is not the new one's
      removeOtherEpochs(this.dir, this.write(fresh).epoch);
      return { movedAside, backup };
    } finally {
      release();
    }
  }
}
