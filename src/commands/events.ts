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
    const state = await this.store().read();
    const matching = state.events.filter((e) => (!this.flags.vm || e.vm === this.flags.vm) && (!this.flags.host || e.host === this.flags.host));
    const events = this.flags.limit === 0 ? [] : matching.slice(-this.flags.limit);
    this.show(() => events.length === 0 ? dim('no events') : table(['#', 'TIME', 'EVENT', 'VM', 'HOST', 'MESSAGE'],
      events.map((e) => [e.id, formatClock(e.atSec), e.type, e.vm ?? '', e.host ?? '', e.message]), ['right'], { fit: { drop: ['EVENT', 'HOST'], squeeze: 'MESSAGE' } }));
    if (matching.length > events.length) this.show(() => dim(`(${matching.length - events.length} earlier events; --limit ${matching.length} shows all)`));
    return { events, total: matching.length, clockSec: state.clockSec };
  }
}
