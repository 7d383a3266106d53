import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import type { PowerReport } from '../core/power-report.js';
import { powerReport } from '../core/power-report.js';
import { parseDurationSec } from '../core/units.js';
import { unitFlag } from '../flag-units.js';
import { renderPower } from '../render/power.js';

export default class Power extends DcctlCommand<typeof Power> {
  static override summary = 'Watts per host and in total from each power model, and the energy drawn on the simulated clock';
  static override examples = ['<%= config.bin %> power', '<%= config.bin %> power --at 0s --json'];
  static override flags = { at: Flags.string({ description: 'a time on the simulated clock (default: now), e.g. 90s or 2h' }) };

  async run(): Promise<PowerReport> {
    const at = unitFlag('at', this.flags.at, parseDurationSec);
    const store = this.store();
    const state = await store.read();
    const report = powerReport(state, store.history(state, ['hostHistory']).hostHistory, at);
    this.show(() => renderPower(report));
    return report;
  }
}
