import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateProblem } from '../core/errors.js';
import type { HostSample } from '../core/host-history.js';
import type { MigrationRecord } from '../core/migration/migrate.js';
import type { DcEvent, JournalPointer } from '../core/state.js';
import { closeQuietly, removeQuietly, syncFolder, writeProblem } from './atomic-write.js';

/**
 * The history of a state (events, migration records, host power samples) lives in an append-only
 * journal beside state.json, so that state.json stays the size of the datacenter and a command's
 * cost does not grow with the number of commands before it (issue 12). The journal is JSON lines
 * in `journal/<epoch>-<segment>.jsonl`, one record per line:
 *   {"event":{...}}  {"migration":{...}}  {"hostSample":{...}}
 * A segment is closed once it holds JOURNAL_SEGMENT_BYTES; later records go to the next one.
 *
 * Crash safety without a second lock: state.json records how far the journal is committed
 * (`journal: {epoch, segment, bytes}`). A writer appends and fsyncs its records first, then
 * writes state.json atomically; a writer killed in between leaves bytes past the committed end,
 * which readers never read and the next writer truncates before it appends. So the history a
 * reader sees always belongs to the state.json it read. The epoch is new for every replaced state
 * (import, reset, demo): an old state's segments are never confused with a new one's.
 */
export const JOURNAL_DIR = 'journal';
export const JOURNAL_SEGMENT_BYTES = 8 * 1024 * 1024;

export interface History {
  events: DcEvent[];
  migrations: MigrationRecord[];
  hostHistory: HostSample[];
}

export type HistoryKind = keyof History;
const LINE_KEY: Record<HistoryKind, string> = { events: 'event', migrations: 'migration', hostHistory: 'hostSample' };

export function emptyHistory(): History {
  return { events: [], migrations: [], hostHistory: [] };
}

export function newEpoch(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function segmentName(epoch: string, segment: number): string {
  return `${epoch}-${String(segment).padStart(6, '0')}.jsonl`;
}

function journalDir(stateDir: string): string {
  const dir = join(stateDir, JOURNAL_DIR);
  let stats;
  try {
    stats = lstatSync(dir);
  } catch {
    return dir;
  }
  if (stats.isSymbolicLink() || !stats.isDirectory()) {
    throw stateProblem('journal-not-a-directory', `${dir} is not a directory dcctl made (a link or a file)`, 'move it away; dcctl keeps the state\'s history there');
  }
  return dir;
}

/**
 * Append `added` after the committed end of the journal (`pointer`; none: a new journal of a new
 * epoch) and make it durable. Returns where the journal now ends, for state.json. A failure
 * leaves only bytes past the committed end and throws the writer's exit-3 problem.
 */
export function appendHistory(stateDir: string, pointer: JournalPointer | undefined, added: History, fileMode: number, segmentBytes = JOURNAL_SEGMENT_BYTES): JournalPointer {
  const lines = (Object.keys(LINE_KEY) as HistoryKind[]).flatMap((kind) => added[kind].map((record) => `{"${LINE_KEY[kind]}":${JSON.stringify(record)}}\n`));
  let at = pointer ?? { epoch: newEpoch(), segment: 1, bytes: 0 };
  if (lines.length === 0) return at;
  const dir = journalDir(stateDir);
  try {
    mkdirSync(dir, { recursive: true, mode: (fileMode & 0o077) === 0 ? 0o700 : 0o777 });
  } catch (error) {
    throw writeProblem(error, stateDir);
  }
  // A big command (an import, a plan of thousands of moves) fills as many segments as it needs.
  for (let next = 0; next < lines.length;) {
    if (at.bytes >= segmentBytes) at = { epoch: at.epoch, segment: at.segment + 1, bytes: 0 };
    let size = 0;
    const chunk: string[] = [];
    while (next < lines.length && (chunk.length === 0 || at.bytes + size < segmentBytes)) {
      size += Buffer.byteLength(lines[next]!);
      chunk.push(lines[next++]!);
    }
    at = { ...at, bytes: appendSegment(join(dir, segmentName(at.epoch, at.segment)), at.bytes, Buffer.from(chunk.join('')), fileMode, stateDir) };
  }
  return at;
}

/** Write `data` at `from` (dropping whatever lies past it), durably; returns the segment's new length. */
function appendSegment(file: string, from: number, data: Buffer, fileMode: number, stateDir: string): number {
  let fd: number | null = null;
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_CREAT, fileMode);
    const stats = fstatSync(fd);
    const created = stats.size === 0 && from === 0;
    if ((stats.mode & 0o777) !== fileMode) fchmodSync(fd, fileMode); // the history is as private as the state
    ftruncateSync(fd, from); // what a writer killed before its commit appended
    for (let offset = 0; offset < data.length;) {
      const written = writeSync(fd, data, offset, data.length - offset, from + offset);
      if (written <= 0) throw Object.assign(new Error('short write to the journal'), { code: 'ENOSPC' });
      offset += written;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    if (created) syncFolder(dirname(file));
    return from + data.length;
  } catch (error) {
    if (fd !== null) {
      try {
        ftruncateSync(fd, from); // give the space back; past the committed end it is never read anyway
      } catch {
        // the next writer truncates it
      }
      closeQuietly(fd);
    }
    throw writeProblem(error, stateDir);
  }
}

/** The committed lines of each segment, oldest segment first (or newest first). */
function* segments(stateDir: string, pointer: JournalPointer, newestFirst: boolean): Generator<{ file: string; text: string }> {
  const dir = join(stateDir, JOURNAL_DIR);
  const numbers = Array.from({ length: pointer.segment }, (_, i) => i + 1);
  if (newestFirst) numbers.reverse();
  for (const segment of numbers) {
    if (segment === pointer.segment && pointer.bytes === 0) continue; // a journal with nothing committed yet
    const file = join(dir, segmentName(pointer.epoch, segment));
    let text: string;
    try {
      const buffer = readFileSync(file);
      text = (segment === pointer.segment ? buffer.subarray(0, pointer.bytes) : buffer).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw stateProblem('journal-missing', `the state's history ${file} is missing (the state was replaced while it was read, or the file was removed)`,
          'run the command again; if it keeps failing, the history is lost: `dcctl state export` then `state import` keeps the current state without it');
      }
      throw stateProblem('state-unreadable', `cannot read ${file}: ${(error as Error).message}`, 'check the permissions of the journal folder, or use another --state-dir');
    }
    yield { file, text };
  }
}

function parseLine(file: string, lineNumber: number, line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw stateProblem('journal-corrupt', `${file}:${lineNumber}: not a journal record`, 'the journal is written by dcctl only; restore it from a `dcctl state export`, or `dcctl state reset`');
  }
}

/**
 * The records of the given kinds, oldest first. With `keep` and `limit`, only the last `limit`
 * records that `keep` accepts, reading segments from the newest and stopping once it has them
 * (what `events` and `vm show` need: their cost grows with what they show, not with the history).
 */
export function readHistory(stateDir: string, pointer: JournalPointer | undefined, kinds: readonly HistoryKind[], select: { keep?: (record: never, kind: HistoryKind) => boolean; limit?: number } = {}): History {
  const history = emptyHistory();
  if (!pointer) return history;
  const limit = select.limit ?? Infinity;
  const prefixes = kinds.map((kind) => [kind, `{"${LINE_KEY[kind]}":`] as const);
  const newestFirst = limit !== Infinity;
  const chunks: { kind: HistoryKind; record: never }[][] = [];
  let found = 0;
  for (const { file, text } of segments(stateDir, pointer, newestFirst)) {
    const picked: { kind: HistoryKind; record: never }[] = [];
    const lines = text.split('\n');
    // Newest first: from the segment's last line back, parsing only until enough are found.
    for (let n = 0; n < lines.length && found + picked.length < limit; n++) {
      const i = newestFirst ? lines.length - 1 - n : n;
      const line = lines[i]!;
      const match = prefixes.find(([, prefix]) => line.startsWith(prefix));
      if (!match) continue;
      const record = (parseLine(file, i + 1, line) as Record<string, never>)[LINE_KEY[match[0]]]!;
      if (!select.keep || select.keep(record, match[0])) picked.push({ kind: match[0], record });
    }
    if (newestFirst) picked.reverse();
    chunks.push(picked);
    found += picked.length;
    if (found >= limit) break;
  }
  if (newestFirst) chunks.reverse();
  for (const chunk of chunks) for (const { kind, record } of chunk) history[kind].push(record);
  return history;
}

/** How many records of a kind the journal holds, counted by their line prefix without parsing them. */
export function countRecords(stateDir: string, pointer: JournalPointer | undefined, kind: HistoryKind): number {
  if (!pointer) return 0;
  const prefix = `\n{"${LINE_KEY[kind]}":`;
  let count = 0;
  for (const { text } of segments(stateDir, pointer, false)) {
    if (text.startsWith(prefix.slice(1))) count++;
    for (let at = text.indexOf(prefix); at !== -1; at = text.indexOf(prefix, at + 1)) count++;
  }
  return count;
}

/** Remove the segments of every epoch but `keep` (after a replace: their content is in the backup, if one was asked for). */
export function removeOtherEpochs(stateDir: string, keep: string | undefined): void {
  const dir = join(stateDir, JOURNAL_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith('.jsonl') && !(keep && name.startsWith(`${keep}-`))) removeQuietly(join(dir, name));
}
