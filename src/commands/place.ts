import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import type { VmFlagValues } from '../config/vm-flags.js';
import { vmSpecFromFlags } from '../config/vm-flags.js';
import { badInput } from '../core/errors.js';
import { requireDatacenter } from '../core/lookup.js';
import type { PlacementExplanation } from '../core/placement/explain.js';
import { explainPlacement } from '../core/placement/explain.js';
import type { PolicyName } from '../core/placement/policies.js';
import type { State } from '../core/state.js';
import { checkVmReferences, defaultPolicy } from '../core/vm-ops.js';
import { placementFlags, vmShapeFlags } from '../flags.js';
import { renderExplanation } from '../render/explain.js';

export default class Place extends DcctlCommand<typeof Place> {
  static override summary = 'A dry placement of a VM shape: where the policy would put it, every filter\'s verdict on every host, and what would make a host fit';
  static override description = 'Nothing is placed. Exit 0 if the VM would fit, 1 if not. --explain prints the host x filter table with each shortfall, the policy\'s score, and per host the smallest changes that would make it fit, each verified by running the filters again on the changed state.';
  static override examples = ['<%= config.bin %> place --cpus 8 --memory 32GiB --tenant acme --explain', '<%= config.bin %> place --cpus 2 --memory 4GiB --json'];
  static override args = { name: Args.string({ description: 'name for the VM (default: flavor)' }) };
  static override flags = {
    ...vmShapeFlags,
    ...placementFlags,
    explain: Flags.boolean({ description: 'print every host x every filter and the counterfactuals' }),
  };

  async run(): Promise<PlacementExplanation> {
    const values: VmFlagValues = { ...this.flags };
    requireShape('place', values);
    const result = explainFlavor(await this.store().read(), this.args.name ?? 'flavor', values, this.flags.policy);
    this.show(() => (this.flags.explain ? renderExplanation(result) : result.fits ? `${result.vm} would be placed on ${result.host} (${result.policy}); nothing was placed` : `${result.vm} fits on no host: --explain says why and what would change that`));
    if (!result.fits) this.failedExitCode = 1;
    return result;
  }
}

/** --cpus and --memory are needed to explain a placement (no prompt: nothing is created). */
export function requireShape(command: string, values: VmFlagValues): void {
  for (const flag of ['cpus', 'memory'] as const) {
    if (values[flag] === undefined) throw badInput('missing-flag', `${command} needs --${flag}`, flag === 'cpus' ? 'pass --cpus N (vCPUs)' : 'pass --memory SIZE (e.g. 4GiB)', { flag: `--${flag}` });
  }
}

/** vm create --explain and place: the same checks as vm create, then the explanation; nothing changes. */
export function explainFlavor(state: State, name: string, values: VmFlagValues, policy: PolicyName | undefined): PlacementExplanation {
  const spec = vmSpecFromFlags(name, values);
  const dc = requireDatacenter(state);
  checkVmReferences(dc, state.vms, spec);
  return explainPlacement(state, spec, { policy: policy ?? defaultPolicy(dc), onlyHost: spec.requestedHost });
}
