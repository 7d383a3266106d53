import type { VmFlagValues } from './config/vm-flags.js';
import { vmSpecFromFlags } from './config/vm-flags.js';
import { badInput } from './core/errors.js';
import { requireDatacenter } from './core/lookup.js';
import type { Datacenter, VmSpec } from './core/model.js';
import type { State } from './core/state.js';
import { checkVmReferences } from './core/vm-ops.js';

/**
 * A VM shape from vm create's flags, for the commands that create nothing (place, vm create
 * --explain, capacity): --cpus and --memory are required, since there is nothing to prompt for.
 */
export function flavorFromFlags(command: string, name: string, values: VmFlagValues): VmSpec {
  for (const flag of ['cpus', 'memory'] as const) {
    if (values[flag] === undefined) throw badInput('missing-flag', `${command} needs --${flag}`, flag === 'cpus' ? 'pass --cpus N (vCPUs)' : 'pass --memory SIZE (e.g. 4GiB)', { flag: `--${flag}` });
  }
  return vmSpecFromFlags(name, values);
}

/** The shape's references (tenant, host, group rule) against the state, as vm create checks them. */
export function checkFlavor(state: State, flavor: VmSpec): Datacenter {
  const dc = requireDatacenter(state);
  checkVmReferences(dc, state.vms, flavor);
  return dc;
}
