import { Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { MigrationRecord } from '../../core/migration/migrate.js';
import { renderMigrationList } from '../../render/migration.js';

export interface MigrationListResult {
  migrations: Omit<MigrationRecord, 'iterations' | 'stages'>[];
}

export default class MigrationList extends DcctlCommand<typeof MigrationList> {
  static override summary = 'List past migrations (newest last)';
  static override flags = { vm: Flags.string({ description: 'only migrations of this VM' }) };

  async run(): Promise<MigrationListResult> {
    const store = this.store();
    const migrations = store.history(await store.read(), ['migrations'], { keep: (m: MigrationRecord) => !this.flags.vm || m.vm === this.flags.vm }).migrations
      .map(({ iterations: _i, stages: _s, ...summary }) => summary);
    this.show(() => renderMigrationList(migrations));
    return { migrations };
  }
}
