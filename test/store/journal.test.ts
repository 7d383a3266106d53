import { readdirSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DcEvent } from '../../src/core/state.js';
import type { History } from '../../src/store/journal.js';
import { appendHistory, countRecords, emptyHistory, JOURNAL_DIR, readHistory, removeOtherEpochs } from '../../src/store/journal.js';
import { tempDir } from '../helpers/cli.js';

const event = (id: number, vm = `v${id % 3}`): DcEvent => ({ id, atSec: id, type: 'vm-created', message: `event ${id}`, vm });
const events = (from: number, to: number): History => ({ ...emptyHistory(), events: Array.from({ length: to - from + 1 }, (_, i) => event(from + i)) });
const ids = (h: History) => h.events.map((e) => e.id);

describe('journal', () => {
  it('appends after the committed end and reads back in order, across segments', () => {
    const dir = tempDir();
    let pointer = appendHistory(dir, undefined, events(1, 5), 0o644, 300);
    for (let n = 6; n <= 40; n += 5) pointer = appendHistory(dir, pointer, events(n, n + 4), 0o644, 300);
    expect(pointer.segment).toBeGreaterThan(3); // rotated: each segment holds about 300 bytes
    expect(readdirSync(join(dir, JOURNAL_DIR))).toHaveLength(pointer.segment);
    expect(ids(readHistory(dir, pointer, ['events']))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(countRecords(dir, pointer, 'events')).toBe(40);
    expect(countRecords(dir, pointer, 'migrations')).toBe(0);
  });

  it('one big append (an import, a large plan) fills as many segments as it needs', () => {
    const dir = tempDir();
    const pointer = appendHistory(dir, undefined, events(1, 30), 0o644, 300);
    expect(pointer.segment).toBeGreaterThan(5);
    for (const file of readdirSync(join(dir, JOURNAL_DIR))) expect(statSync(join(dir, JOURNAL_DIR, file)).size).toBeLessThan(300 + 100);
    expect(ids(readHistory(dir, pointer, ['events']))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(ids(readHistory(dir, pointer, ['events'], { limit: 7 }))).toEqual([24, 25, 26, 27, 28, 29, 30]);
  });

  it('the last N matching records, read from the newest segment back, in order', () => {
    const dir = tempDir();
    let pointer = appendHistory(dir, undefined, events(1, 10), 0o644, 300);
    for (let n = 11; n <= 60; n += 10) pointer = appendHistory(dir, pointer, events(n, n + 9), 0o644, 300);
    const keep = (e: DcEvent) => e.vm === 'v1';
    expect(ids(readHistory(dir, pointer, ['events'], { keep, limit: 4 }))).toEqual([49, 52, 55, 58]);
    expect(ids(readHistory(dir, pointer, ["events"], { limit: 12 }))).toEqual(Array.from({ length: 12 }, (_, i) => 49 + i));
  });

  it('bytes past the committed end (a writer killed before its commit) are never read, and the next append replaces them', () => {
    const dir = tempDir();
    const pointer = appendHistory(dir, undefined, events(1, 3), 0o644);
    const segment = join(dir, JOURNAL_DIR, readdirSync(join(dir, JOURNAL_DIR))[0]!);
    appendFileSync(segment, `${JSON.stringify({ event: event(99) })}\n{"event":{"id":`);
    expect(ids(readHistory(dir, pointer, ['events']))).toEqual([1, 2, 3]);
    const next = appendHistory(dir, pointer, events(4, 4), 0o644);
    expect(ids(readHistory(dir, next, ['events']))).toEqual([1, 2, 3, 4]);
    expect(statSync(segment).size).toBe(next.bytes);
  });

  it('a damaged committed line is a state problem naming the file and line', () => {
    const dir = tempDir();
    const pointer = appendHistory(dir, undefined, events(1, 3), 0o644);
    const segment = join(dir, JOURNAL_DIR, readdirSync(join(dir, JOURNAL_DIR))[0]!);
    writeFileSync(segment, `${JSON.stringify({ event: event(1) })}\n{"event":garbage}\n`.padEnd(pointer.bytes, ' '));
    expect(() => readHistory(dir, pointer, ['events'])).toThrow(/journal.*:2: not a journal record/);
  });

  it('segments take the state file\'s mode; other epochs are removed on request', () => {
    const dir = tempDir();
    const old = appendHistory(dir, undefined, events(1, 2), 0o644);
    const fresh = appendHistory(dir, undefined, events(1, 1), 0o600);
    expect(fresh.epoch).not.toBe(old.epoch);
    const freshFile = readdirSync(join(dir, JOURNAL_DIR)).find((f) => f.startsWith(fresh.epoch))!;
    expect(statSync(join(dir, JOURNAL_DIR, freshFile)).mode & 0o777).toBe(0o600);
    removeOtherEpochs(dir, fresh.epoch);
    expect(readdirSync(join(dir, JOURNAL_DIR))).toEqual([freshFile]);
    expect(ids(readHistory(dir, fresh, ['events']))).toEqual([1]);
  });

  it('nothing to append writes nothing', () => {
    const dir = tempDir();
    const pointer = appendHistory(dir, undefined, emptyHistory(), 0o644);
    expect(pointer.bytes).toBe(0);
    expect(readHistory(dir, pointer, ['events']).events).toEqual([]);
    expect(countRecords(dir, pointer, 'events')).toBe(0);
  });
});
