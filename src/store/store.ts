import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { DcctlError, stateProblem } from '../core/errors.js';
import type { State } from '../core/state.js';
import { emptyState, STATE_SCHEMA_VERSION } from '../core/state.js';
import { recordHostHistory } from '../core/host-history.js';
import { TEMP_INFIX, writeFileAtomically, writeProblem } from './atomic-write.js';
import { acquireLock, processIsAlive } from './lock.js';
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

  constructor(readonly dir: string) {
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
      return state.datacenter !== null || state.vms.length > 0 || state.events.length > 0;
    } catch {
      return true;
    }
  }

  /** Copy the state file aside before it is replaced; null when there is none. */
  private backup(): string | null {
    if (!this.exists()) return null;
    const backup = `${this.path}.${Date.now()}.bak`;
    const source = this.writeTarget();
    copyFileSync(source, backup);
    chmodSync(backup, statSync(source).mode & 0o7777); // as private as the state itself
    return backup;
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
      if (state && state !== previous) this.write(recordHostHistory(previous, state));
      return result;
    } finally {
      release();
    }
  }

  private write(state: State): void {
    writeFileAtomically(this.writeTarget(), JSON.stringify(state));
    this.stampChecked();
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
      try {
        await this.read();
      } catch (error) {
        // Only a file whose content is bad is moved aside; one that cannot be read stays where it is.
        if (!(error instanceof DcctlError) || !this.exists() || (error.code !== 'state-corrupt' && error.code !== 'state-too-new')) throw error;
        movedAside = `${this.path}.corrupt-${Date.now()}`;
        renameSync(this.path, movedAside);
      }
      if (options.backup && !movedAside) backup = this.backup();
      this.write(state);
      return { movedAside, backup };
    } finally {
      release();
    }
  }
}
