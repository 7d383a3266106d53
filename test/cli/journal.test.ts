import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedState, run, tempDir } from '../helpers/cli.js';

/** Issue 12 item 15: the history lives in a journal beside state.json; the state stays the size of the datacenter. */

const stateBytes = (dir: string) => statSync(join(dir, 'state.json')).size;
const stored = (dir: string) => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));

describe('history in the journal', () => {
  it('state.json does not grow with commands; events, migrations and power read the journal', async () => {
    const dir = await appliedState();
    const before = stateBytes(dir);
    for (let i = 0; i < 4; i++) {
      expect((await run(['vm', 'create', `tmp-${i}`, '--cpus', '1', '--memory', '512MiB', '--tenant', 'globex'], dir)).code).toBe(0);
      expect((await run(['vm', 'delete', `tmp-${i}`], dir)).code).toBe(0);
    }
    expect((await run(['vm', 'migrate', 'web-1', '--to', 'a2-2'], dir)).code).toBe(0);
    expect(Math.abs(stateBytes(dir) - before)).toBeLessThan(120); // counters and the clock, not the history
    const doc = stored(dir);
    expect(doc.events).toBeUndefined();
    expect(doc.migrations).toBeUndefined();
    expect(doc.hostHistory).toBeUndefined();
    expect(readdirSync(join(dir, 'journal')).length).toBeGreaterThan(0);

    const events = (await run(['events', '--limit', '3', '--json'], dir)).json;
    expect(events.events).toHaveLength(3);
    expect(events.events.at(-1).type).toBe('migration-completed');
    const all = (await run(['events', '--limit', '100000', '--json'], dir)).json;
    expect(events.total).toBe(all.events.length);
    expect(all.events.map((e: { id: number }) => e.id)).toEqual(all.events.map((_: unknown, i: number) => i + 1));
    expect((await run(['events', '--vm', 'tmp-2', '--json'], dir)).json.events.map((e: { type: string }) => e.type)).toEqual(['vm-created', 'vm-deleted']);

    const [migration] = (await run(['migration', 'list', '--json'], dir)).json.migrations;
    expect(migration).toMatchObject({ id: 'm1', vm: 'web-1', to: 'a2-2' });
    expect((await run(['migration', 'show', 'm1', '--json'], dir)).json.iterations.length).toBeGreaterThan(0);
    expect((await run(['vm', 'show', 'web-1', '--json'], dir)).json.events.at(-1).type).toBe('migration-completed');
    expect((await run(['power', '--json'], dir)).json.energyKWh).toBeGreaterThan(0);
    expect((await run(['vm', 'migrate', 'web-1', '--to', 'a1', '--json'], dir)).json.migrations[0].id).toBe('m2');
  }, 60_000);

  it('a state written before the journal (history inline) is read, and moved to the journal by the next write', async () => {
    const dir = await appliedState();
    const exported = (await run(['state', 'export', '--json'], dir)).json;
    const legacy = tempDir();
    const inline = { ...exported, events: [...exported.events, { id: exported.nextEventId, atSec: exported.clockSec, type: 'note', message: 'from an older dcctl' }], nextEventId: exported.nextEventId + 1,
      migrations: [{ ...(await run(['vm', 'migrate', 'web-1', '--to', 'a2-2', '--dry-run', '--json'], dir)).json.migrations[0], atSec: 0 }] };
    delete inline.nextMigrationId;
    writeFileSync(join(legacy, 'state.json'), JSON.stringify(inline));
    expect((await run(['events', '--limit', '1', '--json'], legacy)).json.events[0].message).toBe('from an older dcctl');
    expect((await run(['vm', 'create', 'later', '--cpus', '1', '--memory', '512MiB', '--tenant', 'globex'], legacy)).code).toBe(0);
    expect(stored(legacy).events).toBeUndefined();
    const events = (await run(['events', '--limit', '2', '--json'], legacy)).json.events;
    expect(events.map((e: { message: string }) => e.message)[0]).toBe('from an older dcctl');
    expect(events[1].id).toBe(events[0].id + 1);
    expect((await run(['vm', 'migrate', 'web-1', '--to', 'a2-2', '--json'], legacy)).json.migrations[0].id).toBe('m2'); // numbering continues after the inline m1
  }, 60_000);

  it('export holds the whole history and import restores it; import replaces a state only with --force, keeping a backup', async () => {
    const dir = await appliedState();
    expect((await run(['vm', 'migrate', 'web-1', '--to', 'a2-2'], dir)).code).toBe(0);
    const file = join(tempDir(), 'export.json');
    expect((await run(['state', 'export', '--output', file], dir)).code).toBe(0);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.journal).toBeUndefined();
    expect(exported.migrations).toHaveLength(1);
    expect(exported.events.length).toBeGreaterThan(5);

    const target = await appliedState();
    const refused = await run(['state', 'import', file, '--json'], target);
    expect(refused.code).toBe(3);
    expect(refused.json.error.code).toBe('state-exists');
    const forced = await run(['state', 'import', file, '--force', '--json'], target);
    expect(forced.code).toBe(0);
    expect((await run(['state', 'export', '--json'], target)).json).toEqual(exported);
    expect((await run(['migration', 'show', 'm1', '--json'], target)).json.vm).toBe('web-1');
    expect(readdirSync(join(target, 'journal')).every((f) => f.startsWith(stored(target).journal.epoch))).toBe(true); // the old state's segments went into the backup

    const restored = tempDir();
    expect((await run(['state', 'import', forced.json.backup], restored)).code).toBe(0);
    expect((await run(['migration', 'list', '--json'], restored)).json.migrations).toEqual([]);
    expect((await run(['events', '--json'], restored)).json.total).toBeGreaterThan(0);
  }, 60_000);
});
