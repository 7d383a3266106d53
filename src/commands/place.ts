import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import type { VmFlagValues } from '../config/vm-flags.js';
import type { PlacementExplanation } from '../core/placement/explain.js';
import { explainPlacement } from '../core/placement/explain.js';
import { defaultPolicy } from '../core/vm-ops.js';
import { placementFlags, vmShapeFlags } from '../flags.js';
import { checkFlavor, flavorFromFlags } from '../flavor.js';
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
    const flavor = flavorFromFlags('place', this.args.name ?? 'flavor', { ...(this.flags as VmFlagValues) });
    const state = await this.store().read();
    const dc = checkFlavor(state, flavor);
    const result = explainPlacement(state, flavor, { policy: this.flags.policy ?? defaultPolicy(dc), onlyHost: flavor.requestedHost });
    this.show(() => (this.flags.explain ? renderExplanation(result) : result.fits ? `${result.vm} would be placed on ${result.host} (${result.policy}); nothing was placed` : `${result.vm} fits on no host: --explain says why and what would change that`));
    if (!result.fits) this.failedExitCode = 1;
    return result;
  }
}
