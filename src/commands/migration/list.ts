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
    const state = await this.store().read();
    const migrations = (state.migrations ?? []).filter((m) => !this.flags.vm || m.vm === this.flags.vm)
      .map(({ iterations: _i, stages: _s, ...summary }) => summary);
    this.show(() => renderMigrationList(migrations));
    return { migrations };
  }
}
