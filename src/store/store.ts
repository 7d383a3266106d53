import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type Conf from 'conf';
import { DcctlError, stateProblem } from '../core/errors.js';
import type { State } from '../core/state.js';
import { emptyState, STATE_SCHEMA_VERSION } from '../core/state.js';
import { recordHostHistory } from '../core/host-history.js';
import { acquireLock } from './lock.js';
import { stateShapeProblem } from './shape.js';

type StoredState = Record<string, unknown>;

/**
 * The state store: one JSON document kept by conf (atomic write-and-rename) in the state
 * directory. Writers hold a cross-process lock for the whole read-modify-write. A corrupt or
 * newer file is reported (exit 3), never overwritten silently.
 */
export class StateStore {
  readonly path: string;
  private conf: Conf<StoredState> | undefined;

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
    copyFileSync(this.path, backup);
    return backup;
  }

  private corrupt(error: unknown): DcctlError {
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    return stateProblem('state-corrupt', `state file ${this.path} is corrupt: ${reason}`,
      'restore it from a copy of `dcctl state export`, or run `dcctl state reset` (the corrupt file is kept aside)');
  }

  private async open(): Promise<Conf<StoredState>> {
    if (this.conf) return this.conf;
    const { default: ConfClass } = await import('conf');
    try {
      this.conf = new ConfClass<StoredState>({
        projectName: 'dcctl', cwd: this.dir, configName: 'state',
        accessPropertiesByDotNotation: false, clearInvalidConfig: false,
        serialize: (value) => JSON.stringify(value),
      });
    } catch (error) {
      throw this.corrupt(error);
    }
    return this.conf;
  }

  /**
   * The stored document, read as conf reads it (JSON, {} when there is no file). Reads go straight
   * to the file: conf parses the whole file when it opens and again on every read, which doubles
   * the cost of a large state, and a read-only command needs no conf at all.
   */
  private readDocument(): StoredState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as StoredState;
  }

  async read(): Promise<State> {
    let raw: StoredState;
    try {
      raw = this.readDocument();
    } catch (error) {
      throw this.corrupt(error);
    }
    if (Object.keys(raw).length === 0) return emptyState();
    const problem = stateShapeProblem(raw);
    if (problem) throw this.corrupt(new Error(problem));
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
    mkdirSync(this.dir, { recursive: true });
    const release = acquireLock(`${this.path}.lock`);
    try {
      const previous = await this.read();
      const { state, result } = change(previous);
      // Every committed change also records what it did to host power (see core/host-history.ts).
      if (state && state !== previous) (await this.open()).store = recordHostHistory(previous, state) as unknown as StoredState;
      return result;
    } finally {
      release();
    }
  }

  /**
   * Replace the whole state (import, reset, demo). An unreadable or newer file is moved aside, not
   * overwritten; with `backup`, a readable one is first copied aside too (under the same lock).
   */
  async replace(state: State, options: { backup?: boolean } = {}): Promise<{ movedAside: string | null; backup: string | null }> {
    mkdirSync(this.dir, { recursive: true });
    const release = acquireLock(`${this.path}.lock`);
    try {
      let movedAside: string | null = null;
      let backup: string | null = null;
      try {
        await this.read();
      } catch (error) {
        if (!(error instanceof DcctlError) || !this.exists()) throw error;
        movedAside = `${this.path}.corrupt-${Date.now()}`;
        renameSync(this.path, movedAside);
        this.conf = undefined;
      }
      if (options.backup && !movedAside) backup = this.backup();
      const conf = await this.open();
      conf.store = state as unknown as StoredState;
      return { movedAside, backup };
    } finally {
      release();
    }
  }
}
