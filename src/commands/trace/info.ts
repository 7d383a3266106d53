import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import { badInput } from '../../core/errors.js';
import { syntheticTraces } from '../../core/simulate/synthetic.js';
import type { TraceStats } from '../../core/simulate/trace.js';
import { traceStats } from '../../core/simulate/trace.js';
import { keyValues } from '../../render/table.js';
import { readTraceDir } from '../../simulation/read-traces.js';

export default class TraceInfo extends DcctlCommand<typeof TraceInfo> {
  static override summary = 'Statistics of a folder of CPU-utilization traces: VMs, samples, mean, standard deviation, quartiles';
  static override examples = ['<%= config.bin %> trace info fixtures/planetlab-mini', '<%= config.bin %> trace info --synthetic --vms 1000 --json'];
  static override args = { dir: Args.string({ description: 'folder of traces, one file per VM' }) };
  static override flags = {
    synthetic: Flags.boolean({ description: 'describe generated PlanetLab-like traces instead (--vms, --seed)' }),
    vms: Flags.integer({ description: 'with --synthetic: how many VMs', min: 1 }),
    seed: Flags.integer({ description: 'with --synthetic: seed', default: 1 }),
    samples: Flags.integer({ description: 'with --synthetic: samples per VM (288 = one day of 5-minute samples)', default: 288, min: 1 }),
  };

  async run(): Promise<TraceStats & { source: string }> {
    const { dir } = this.args;
    const f = this.flags;
    let source: string;
    let stats: TraceStats;
    if (f.synthetic) {
      if (dir) throw badInput('bad-flag', '--synthetic takes no DIR', 'drop the folder, or drop --synthetic', { flag: '--synthetic' });
      if (!f.vms) throw badInput('bad-flag', '--synthetic needs --vms N', 'e.g. trace info --synthetic --vms 1000', { flag: '--vms' });
      stats = traceStats(syntheticTraces(f.vms, f.samples, f.seed));
      source = `synthetic, seed ${f.seed}`;
    } else {
      if (!dir) throw badInput('missing-arg', 'trace info needs a folder of traces', 'e.g. dcctl trace info fixtures/planetlab-mini');
      stats = traceStats(readTraceDir(dir));
      source = dir;
    }
    const s = stats;
    this.show(() => keyValues([
      ['Traces', source],
      ['VMs', String(s.vms)],
      ['Samples per VM', s.samplesPerVm.min === s.samplesPerVm.max ? `${s.samplesPerVm.min} (${((s.samplesPerVm.min * 300) / 3600).toFixed(1)} h at 5 min)` : `${s.samplesPerVm.min}..${s.samplesPerVm.max}`],
      ['Samples', String(s.samples)],
      ['Mean CPU', `${s.meanPercent.toFixed(2)} %`],
      ['Standard deviation', `${s.stdDevPercent.toFixed(2)} %`],
      ['Quartiles (Q1 / median / Q3)', `${s.quartilesPercent.join(' / ')} %`],
      ['Min / max', `${s.minPercent} / ${s.maxPercent} %`],
    ]));
    return { source, ...stats };
  }
}
