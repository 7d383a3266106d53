import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { badInput, DcctlError } from '../../core/errors.js';
import type { MigrateResult } from '../../core/migration/migrate.js';
import { migrateVms } from '../../core/migration/migrate.js';
import { PRESET_NAMES } from '../../core/migration/presets.js';
import { MIGRATION_MODES, TIMEOUT_ACTIONS } from '../../core/migration/types.js';
import { parseBandwidth, parseBytes, parseDurationSec } from '../../core/units.js';
import { positive, unitFlag } from '../../flag-units.js';
import { renderMigrate } from '../../render/migration.js';

export default class VmMigrate extends DcctlCommand<typeof VmMigrate> {
  static override summary = 'Migrate VMs to a host: live pre-copy, post-copy, hybrid, cold or offline, with a stage and round timeline';
  static override examples = [
    '<%= config.bin %> vm migrate web-1 --to a2-2',
    '<%= config.bin %> vm migrate api-1 win-1 --to b1-2 --preset simgrid --max-concurrent 1 --json',
    '<%= config.bin %> vm migrate db-1 --to a2-2 --auto-converge --dry-run',
  ];
  static override strict = false;
  static override args = { vm: Args.string({ description: 'VM name (several may follow)', required: true }) };
  static override flags = {
    to: Flags.string({ description: 'target host', required: true, helpValue: 'HOST' }),
    mode: Flags.option({ description: 'live = pre-copy; hybrid switches to post-copy after --postcopy-after rounds; cold pauses throughout; offline moves an inactive VM\'s definition', options: MIGRATION_MODES, default: 'live' })(),
    'postcopy-after': Flags.integer({ description: 'hybrid: pre-copy rounds before the switch', default: 1, min: 0 }),
    preset: Flags.option({ description: 'stop rules: qemu (300 ms limit), xen (30 rounds, 50 pages, 3 x memory), simgrid (30 ms, WWS 0.9)', options: PRESET_NAMES, default: 'qemu' })(),
    'downtime-limit': Flags.string({ description: 'stop-and-copy once the rest fits in this time, e.g. 300ms' }),
    'max-rounds': Flags.integer({ description: 'force the stop-and-copy after this many rounds', min: 1 }),
    'max-data-factor': Flags.string({ description: 'force the stop-and-copy after sending this multiple of memory, e.g. 3' }),
    bandwidth: Flags.string({ description: 'cap per migration, e.g. 500Mbit/s' }),
    'dirty-rate': Flags.string({ description: 'override the VM\'s dirty rate, e.g. 100MiB/s' }),
    'working-set': Flags.string({ description: 'override the writable working set, e.g. 1GiB' }),
    'device-state': Flags.string({ description: 'CPU and device state sent in the stop-and-copy, e.g. 1MiB' }),
    'page-size': Flags.string({ description: 'page size', default: '4KiB' }),
    'adaptive-rate': Flags.boolean({ description: 'Xen adaptive rate: 100 Mbit/s, then dirty rate + 50 Mbit/s, at most 500 Mbit/s' }),
    'auto-converge': Flags.boolean({ description: 'QEMU auto-converge: throttle the guest when it dirties faster than half the send rate' }),
    'throttle-initial': Flags.integer({ description: 'auto-converge first throttle step (%)', default: 20, min: 1, max: 99 }),
    'throttle-increment': Flags.integer({ description: 'auto-converge later steps (%)', default: 10, min: 1, max: 99 }),
    timeout: Flags.string({ description: 'give up iterating after this long (default 800 s per GiB of memory)' }),
    'timeout-action': Flags.option({ description: 'at the timeout: abort (stay on the source), suspend (finish paused), postcopy', options: TIMEOUT_ACTIONS, default: 'abort' })(),
    'max-concurrent': Flags.integer({ description: 'migrations at a time (default: all together)', min: 1 }),
    'allow-sla-breach': Flags.boolean({ description: 'migrate even if the predicted downtime breaks the VM\'s SLA' }),
    'dry-run': Flags.boolean({ description: 'predict and print, change nothing' }),
  };

  async run(): Promise<MigrateResult> {
    const f = this.flags;
    const mustBePositive = positive('the value');
    const maxDataFactor = f['max-data-factor'] === undefined ? undefined : Number(f['max-data-factor']);
    if (maxDataFactor !== undefined && !(maxDataFactor > 0)) throw badInput('bad-flag', `--max-data-factor: "${f['max-data-factor']}" is not a positive number`, 'for example --max-data-factor 3', { flag: '--max-data-factor' });
    const overrides = {
      downtimeLimitSec: unitFlag('downtime-limit', f['downtime-limit'], parseDurationSec, mustBePositive),
      maxRounds: f['max-rounds'],
      maxDataFactor,
      bandwidthBytesPerSec: unitFlag('bandwidth', f.bandwidth, parseBandwidth, mustBePositive),
      dirtyRateBytesPerSec: unitFlag('dirty-rate', f['dirty-rate'], parseBandwidth),
      workingSetBytes: unitFlag('working-set', f['working-set'], parseBytes),
      deviceStateBytes: unitFlag('device-state', f['device-state'], parseBytes),
      pageSizeBytes: unitFlag('page-size', f['page-size'], parseBytes, mustBePositive),
      adaptiveRate: f['adaptive-rate'],
      autoConverge: f['auto-converge'] ? { initialPercent: f['throttle-initial'], incrementPercent: f['throttle-increment'] } : null,
      timeoutSec: unitFlag('timeout', f.timeout, parseDurationSec, mustBePositive),
      timeoutAction: f['timeout-action'],
      postcopyAfterRounds: f['postcopy-after'],
    };
    const request = {
      vms: this.positional, to: f.to, mode: f.mode, preset: f.preset, overrides,
      ...(f['max-concurrent'] ? { maxConcurrent: f['max-concurrent'] } : {}),
      dryRun: f['dry-run'], allowSlaBreach: f['allow-sla-breach'],
    };
    const result = await this.store().update((state) => {
      const outcome = this.accept(withFlag('--to', 'unknown-host', () => migrateVms(state, request)));
      return f['dry-run'] ? { result: outcome.result } : outcome;
    });
    this.show(() => renderMigrate(result));
    // As virsh: a migration that ended aborted (the VM still on its source) is a failed command,
    // with the whole document printed; a dry run that predicts one says so the same way.
    if (result.migrations.some((m) => m.outcome === 'aborted')) this.failedExitCode = 1;
    return result;
  }
}

/** Name the flag in a bad-input error that came from its value (an unknown --to host). */
function withFlag<R>(flag: string, code: string, work: () => R): R {
  try {
    return work();
  } catch (error) {
    if (error instanceof DcctlError && error.code === code) throw badInput(code, `${flag}: ${error.message}`, error.hint, { ...error.details, flag });
    throw error;
  }
}
