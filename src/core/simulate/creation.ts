import { FALLBACK_THRESHOLD } from './policy.js';
import type { PolicySpec } from './policy.js';
import type { SimScenario } from './scenario.js';

/**
 * CloudSim's placement of VMs at t = 0, when each VM asks for its full MIPS, RAM, bandwidth and
 * storage while it is instantiated: npa and dvfs (PowerVmAllocationPolicySimple) take the first
 * host that fits; migration policies take the host whose power grows least (PABFD), skipping a
 * host the new VM alone would overload. A VM that fits nowhere never runs. Used by the engine,
 * and before a run to say how many VMs a fleet can take.
 */
export function placeAtCreation(s: SimScenario, policy: PolicySpec): { vmHost: Int32Array; unplaced: number } {
  const nHosts = s.hostTypeOf.length;
  const hostType = (h: number) => s.hostTypes[s.hostTypeOf[h]!]!;
  const totalMips = Float64Array.from({ length: nHosts }, (_, h) => hostType(h).pes * hostType(h).mipsPerPe);
  const peMips = Float64Array.from({ length: nHosts }, (_, h) => hostType(h).mipsPerPe);
  const power = Array.from({ length: nHosts }, (_, h) => hostType(h).power);
  const ramFree = Float64Array.from({ length: nHosts }, (_, h) => hostType(h).ramMB);
  const bwFree = Float64Array.from({ length: nHosts }, (_, h) => hostType(h).bwKbps);
  const storageFree = Float64Array.from({ length: nHosts }, (_, h) => hostType(h).storageMB);
  const usedMips = new Float64Array(nHosts);
  const migrationPolicy = policy.kind === 'migration';
  const limit = policy.kind === 'migration' && policy.detector === 'thr' ? policy.parameter : FALLBACK_THRESHOLD;
  const vmHost = new Int32Array(s.vmTypeOf.length).fill(-1);
  let unplaced = 0;
  for (let v = 0; v < s.vmTypeOf.length; v++) {
    const type = s.vmTypes[s.vmTypeOf[v]!]!;
    const mips = type.mips;
    let chosen = -1;
    let minPower = Number.MAX_VALUE;
    for (let h = 0; h < nHosts; h++) {
      const suitable = peMips[h]! >= mips && totalMips[h]! - usedMips[h]! >= mips && ramFree[h]! >= type.ramMB && bwFree[h]! >= type.bwKbps && storageFree[h]! >= type.sizeMB;
      if (!suitable) continue;
      if (!migrationPolicy) {
        chosen = h; // PowerVmAllocationPolicySimple: first fit
        break;
      }
      // Placed VMs request 0 MIPS until their first update, so the overload test sees the new VM
      // alone; no history yet, so every detector uses its THR fallback.
      if (usedMips[h] !== 0 && mips / totalMips[h]! > limit) continue;
      const after = (usedMips[h]! + mips) / totalMips[h]!;
      if (after > 1) continue;
      const diff = power[h]!(after) - power[h]!(0);
      if (diff < minPower) {
        minPower = diff;
        chosen = h;
      }
    }
    if (chosen < 0) {
      unplaced++;
      continue;
    }
    usedMips[chosen] = usedMips[chosen]! + mips;
    ramFree[chosen] = ramFree[chosen]! - type.ramMB;
    bwFree[chosen] = bwFree[chosen]! - type.bwKbps;
    storageFree[chosen] = storageFree[chosen]! - type.sizeMB;
    vmHost[v] = chosen;
  }
  return { vmHost, unplaced };
}
