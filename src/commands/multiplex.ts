import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import { vmSpecFromFlags } from '../config/vm-flags.js';
import { badInput } from '../core/errors.js';
import type { CarveResult, MultiplexReport } from '../core/multiplex.js';
import { carve, multiplexReport } from '../core/multiplex.js';
import { vmShapeFlags } from '../flags.js';
import { renderCarve, renderMultiplex } from '../render/multiplex.js';

export type MultiplexResult = { mode: 'report'; report: MultiplexReport } | ({ mode: 'carve' } & CarveResult);

export default class Multiplex extends DcctlCommand<typeof Multiplex> {
  static override summary = "Show one host's hardware multiplexed 1:n into VMs, or carve N VMs onto it up to its limits";
  static override examples = [
    '<%= config.bin %> multiplex a1',
    '<%= config.bin %> multiplex a1 --count 20 --cpus 2 --memory 4GiB --workload-cpu 30%',
  ];
  static override args = { host: Args.string({ description: 'host name', required: true }) };
  static override flags = {
    count: Flags.integer({ description: 'carve this many identical VMs (needs --cpus and --memory)', min: 1, max: 100_000 }),
    prefix: Flags.string({ description: 'name prefix of carved VMs (default HOST-vm)' }),
    ...vmShapeFlags,
  };

  async run(): Promise<MultiplexResult> {
    const { count } = this.flags;
    if (count === undefined) {
      const report = multiplexReport(await this.store().read(), this.args.host);
      this.show(() => renderMultiplex(report));
      return { mode: 'report', report };
    }
    for (const flag of ['cpus', 'memory'] as const) {
      if (this.flags[flag] === undefined) throw badInput('missing-flag', `--count needs --${flag}`, `for example --count ${count} --cpus 2 --memory 4GiB`, { flag: `--${flag}` });
    }
    const prefix = this.flags.prefix ?? `${this.args.host}-vm`;
    const { name: _name, requestedHost: _host, ...template } = vmSpecFromFlags(`${prefix}-1`, { ...this.flags });
    const result = await this.store().update((state) => this.accept(carve(state, this.args.host, { count, prefix, template })));
    this.show(() => renderCarve(result));
    return { mode: 'carve', ...result };
  }
}
