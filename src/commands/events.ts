import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import type { DcEvent } from '../core/state.js';
import { formatClock } from '../core/units.js';
import { dim } from '../render/style.js';
import { table } from '../render/table.js';

export interface EventsResult {
  events: DcEvent[];
  total: number;
  clockSec: number;
}

export default class Events extends DcctlCommand<typeof Events> {
  static override summary = 'Show the event log with simulated timestamps (newest last)';
  static override flags = {
    limit: Flags.integer({ description: 'show the last N events', default: 50, min: 0 }),
    vm: Flags.string({ description: 'only events of this VM' }),
    host: Flags.string({ description: 'only events of this host' }),
  };

  async run(): Promise<EventsResult> {
    const store = this.store();
    const state = await store.read();
    const { vm, host, limit } = this.flags;
    const keep = (e: DcEvent) => (!vm || e.vm === vm) && (!host || e.host === host);
    // Without a filter only the last --limit events are read (newest segments first) and counted.
    const matching = vm || host ? store.history(state, ['events'], { keep }).events : null;
    const events = limit === 0 ? [] : matching ? matching.slice(-limit) : store.history(state, ['events'], { limit }).events;
    const total = matching ? matching.length : store.countHistory(state, 'events');
    this.show(() => events.length === 0 ? dim('no events') : table(['#', 'TIME', 'EVENT', 'VM', 'HOST', 'MESSAGE'],
      events.map((e) => [e.id, formatClock(e.atSec), e.type, e.vm ?? '', e.host ?? '', e.message]), ['right'], { fit: { drop: ['EVENT', 'HOST'], squeeze: 'MESSAGE' } }));
    if (total > events.length) this.show(() => dim(`(${total - events.length} earlier events; --limit ${total} shows all)`));
    return { events, total, clockSec: state.clockSec };
  }
}
