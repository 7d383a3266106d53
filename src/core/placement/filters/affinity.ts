import type { Group } from '../../model.js';
import type { DatacenterView, PlacementFilter, Reason } from '../types.js';
import { fits, unfit } from '../types.js';

const NAME = 'affinity';

/** Hosts (other than the VM itself) where members of the group hold resources. */
function membersByHost(view: DatacenterView, group: Group, self: string): Map<string, number> {
  const hosts = new Map(view.groupHosts.get(group.name) ?? []);
  for (const [hostName, count] of hosts) {
    const selfHere = view.usage.get(hostName)?.vms.includes(self) ? 1 : 0;
    if (count - selfHere <= 0) hosts.delete(hostName);
    else hosts.set(hostName, count - selfHere);
  }
  return hosts;
}

/** Why a host breaks a group rule (empty when it keeps it). */
export function groupRuleReasons(view: DatacenterView, group: Group, vmName: string, hostName: string): Reason[] {
  const members = membersByHost(view, group, vmName);
  if (group.rule === 'anti-affinity') {
    const here = members.get(hostName) ?? 0;
    return here > 0 ? [{ text: `anti-affinity group ${group.name}: ${here} member(s) already on this host` }] : [];
  }
  if (members.size === 0 || members.has(hostName)) return [];
  return [{ text: `affinity group ${group.name}: members run on ${[...members.keys()].join(', ')}` }];
}

/** Affinity and anti-affinity groups whose enforcement is `must`; `should` rules only rank hosts. */
export const affinityFilter = {
  name: NAME,
  static: false,
  description: 'affinity / anti-affinity groups with enforcement: must',
  check(vm, host, view) {
    if (!vm.group || vm.group.enforcement !== 'must') return fits(NAME);
    const reasons = groupRuleReasons(view, vm.group, vm.name, host.name);
    return reasons.length === 0 ? fits(NAME) : unfit(NAME, reasons);
  },
} satisfies PlacementFilter;
