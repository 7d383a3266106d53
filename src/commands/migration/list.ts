import { Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { MigrationRecord } from '../../core/migration/migrate.js';
import { formatClock, formatDuration } from '../../core/units.js';
import { dim } from '../../render/style.js';
import { table } from '../../render/table.js';

export interface MigrationListResult {
  migrations: Omit<MigrationRecord, 'iterations' | 'stages'>[];
}

export default class MigrationList extends DcctlCommand<typeof MigrationList> {
  static override summary = 'List past migrations (newest last)';
  static override flags = { vm: Flags.string({ description: 'only migrations of this VM' }) };

  async run(): Promise<MigrationListResult> {
    const state = await this.store().read();
    const migrations = (state.migrations ?? []).filter((m) => !this.flags.vm || m.vm === this.flags.vm)
      .map(({ iterations: _i, stages: _s, ...summary }) => summary);
    this.show(() => migrations.length === 0 ? dim('no migrations yet') : table(['ID', 'AT', 'VM', 'FROM -> TO', 'MODE', 'TOTAL', 'DOWNTIME', 'ROUNDS', 'OUTCOME'],
      migrations.map((m) => [m.id, formatClock(m.atSec), m.vm, `${m.from} -> ${m.to}`, `${m.mode}/${m.preset}`, formatDuration(m.totalTimeSec), formatDuration(m.downtimeMs / 1000), m.rounds, `${m.outcome} (${m.stopReason})`]),
      ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'left']));
    return { migrations };
  }
}
