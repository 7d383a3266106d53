import { Args } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { badInput } from '../../core/errors.js';
import type { MigrationRecord } from '../../core/migration/migrate.js';
import { didYouMean } from '../../core/text.js';
import { formatClock } from '../../core/units.js';
import { renderTimeline } from '../../render/migration.js';
import { dim } from '../../render/style.js';

export default class MigrationShow extends DcctlCommand<typeof MigrationShow> {
  static override summary = 'Reprint one past migration: stages, rounds, downtime';
  static override args = { id: Args.string({ description: 'migration id (m1, m2, ...; see migration list)', required: true }) };

  async run(): Promise<MigrationRecord> {
    const store = this.store();
    const state = await store.read();
    const [record] = store.history(state, ['migrations'], { keep: (m: MigrationRecord) => m.id === this.args.id, limit: 1 }).migrations;
    if (!record) throw badInput('unknown-migration', `no migration ${this.args.id}`, didYouMean(this.args.id, store.history(state, ['migrations']).migrations.map((m) => m.id)));
    this.show(() => `${dim(`at ${formatClock(record.atSec)}`)}\n${renderTimeline(record)}`);
    return record;
  }
}
