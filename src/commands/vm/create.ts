import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../../base-command.js';
import type { VmFlagValues } from '../../config/vm-flags.js';
import { vmSpecFromFlags } from '../../config/vm-flags.js';
import { badInput } from '../../core/errors.js';
import { parseBytes, UnitError } from '../../core/units.js';
import type { CreateResult } from '../../core/vm-ops.js';
import { checkNewVmName, createVm, defaultPolicy } from '../../core/vm-ops.js';
import { placementFlags, vmShapeFlags } from '../../flags.js';
import { renderCreated } from '../../render/vms.js';
import type { PlacementExplanation } from '../../core/placement/explain.js';
import { checkFlavor, flavorFromFlags } from '../../flavor.js';

export default class VmCreate extends DcctlCommand<typeof VmCreate> {
  static override summary = 'Create a VM and place it with a placement policy (asks for missing flags on a TTY)';
  static override examples = [
    '<%= config.bin %> vm create web-3 --cpus 2 --memory 4GiB --tenant acme',
    '<%= config.bin %> vm create db-2 --cpus 8 --memory 32GiB --policy worst-fit --group db --group-rule anti-affinity --json',
    '<%= config.bin %> vm create db-3 --cpus 8 --memory 32GiB --tenant acme --explain',
  ];
  static override args = { name: Args.string({ description: 'VM name', required: true }) };
  static override flags = {
    ...vmShapeFlags,
    ...placementFlags,
    inactive: Flags.boolean({ description: 'create it stopped (no resources held until vm start)' }),
    explain: Flags.boolean({ description: 'create nothing: every host x every filter, the policy\'s score, and what would make each host fit (exit 0 it would fit, 1 not)' }),
  };

  async run(): Promise<CreateResult | PlacementExplanation> {
    const values: VmFlagValues = { ...this.flags };
    if (this.flags.explain) {
      const flavor = flavorFromFlags('vm create --explain', this.args.name, values);
      const state = await this.store().read();
      this.accept(checkNewVmName(state, this.args.name));
      const dc = checkFlavor(state, flavor);
      // The explanation (and the migration model its counterfactual moves use) only loads for --explain.
      const [{ explainPlacement }, { renderExplanation }] = await Promise.all([import('../../core/placement/explain.js'), import('../../render/explain.js')]);
      const explained = explainPlacement(state, flavor, { policy: this.flags.policy ?? defaultPolicy(dc), onlyHost: flavor.requestedHost });
      this.show(() => renderExplanation(explained));
      if (!explained.fits) this.failedExitCode = 1;
      return explained;
    }
    if (values.cpus === undefined || values.memory === undefined) {
      const missing = values.cpus === undefined ? '--cpus' : '--memory';
      if (!this.interactive()) throw badInput('missing-flag', `vm create needs ${missing}`, `pass ${missing === '--cpus' ? '--cpus N (vCPUs)' : '--memory SIZE (e.g. 4GiB)'}`, { flag: missing });
      await this.checkBeforeAsking(values);
      await this.askMissing(values);
    }
    const spec = vmSpecFromFlags(this.args.name, values);
    const result = await this.store().update((state) => this.accept(createVm(state, spec, {
      ...(this.flags.policy ? { policy: this.flags.policy } : {}), inactive: this.flags.inactive,
    })));
    this.show(() => renderCreated(result));
    return result;
  }

  /**
   * Everything that can be checked without the missing answers is checked before a prompt asks
   * for them: the name and the flags given, that a datacenter exists, that the name is free and
   * that tenant, host and group exist. (The locked create checks all of it again.)
   */
  private async checkBeforeAsking(values: VmFlagValues): Promise<void> {
    const spec = vmSpecFromFlags(this.args.name, { ...values, cpus: values.cpus ?? 1, memory: values.memory ?? '1GiB' });
    const state = await this.store().read();
    this.accept(checkNewVmName(state, spec.name));
    checkFlavor(state, spec);
  }

  /** Prompts only for a person at a terminal; scripts get an error naming the flag. */
  private async askMissing(values: VmFlagValues): Promise<void> {
    const { number, input } = await import('@inquirer/prompts');
    if (values.cpus === undefined) values.cpus = await number({ message: `vCPUs for ${this.args.name}`, min: 1, max: 1024, required: true, default: 2 });
    if (values.memory === undefined) {
      values.memory = await input({
        message: `memory for ${this.args.name}`, default: '4GiB',
        validate: (text) => {
          try {
            parseBytes(text);
            return true;
          } catch (error) {
            return error instanceof UnitError ? `${error.message} (${error.hint})` : String(error);
          }
        },
      });
    }
  }
}
