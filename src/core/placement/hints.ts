import type { Datacenter, VmSpec } from '../model.js';
import type { Rejection } from './place.js';

/**
 * The hint for "no host fits" follows the filter that refused, not a generic "free capacity":
 * a powered-off host wants `host power on`, a tenant outside its clusters wants a host of its
 * own, a hypervisor mismatch wants another kind of host. Hosts that one filter alone refuses are
 * the ones that remedy would open, so that filter's remedy is given; the table says the rest.
 */
export function placementHint(rejections: readonly Rejection[], dc: Datacenter, vm: Pick<VmSpec, 'name' | 'tenant' | 'group'>, onlyHost?: string | null): string {
  const byHost = new Map<string, Set<string>>();
  for (const r of rejections) {
    const filters = byHost.get(r.host) ?? new Set<string>();
    filters.add(r.filter);
    byHost.set(r.host, filters);
  }
  // For each filter, the hosts it alone keeps the VM from.
  const soleBlocker = new Map<string, string[]>();
  for (const [host, filters] of byHost) {
    if (filters.size !== 1) continue;
    const [filter] = [...filters];
    soleBlocker.set(filter!, [...(soleBlocker.get(filter!) ?? []), host]);
  }
  const pinned = onlyHost ? `; or leave --host ${onlyHost} out to let the policy choose` : '';
  const order = ['capacity', 'host-state', 'affinity', 'tenancy', 'hypervisor'];
  const filter = order.filter((f) => soleBlocker.has(f)).sort((a, b) => soleBlocker.get(b)!.length - soleBlocker.get(a)!.length)[0]
    ?? (onlyHost ? [...(byHost.get(onlyHost) ?? [])][0] : undefined);
  const hosts = filter ? soleBlocker.get(filter) ?? [onlyHost!] : [];
  const hostByName = new Map(dc.hosts.map((h) => [h.name, h]));
  switch (filter) {
    case 'host-state': {
      const off = hosts.filter((h) => hostByName.get(h)?.state === 'off');
      const maintenance = hosts.filter((h) => hostByName.get(h)?.state === 'maintenance');
      const commands = [...off.slice(0, 1).map((h) => `dcctl host power on ${h}`), ...maintenance.slice(0, 1).map((h) => `dcctl host maintenance exit ${h}`)];
      return `${hosts.length === 1 ? `${hosts[0]} would take it once it is on` : `${hosts.length} hosts would take it once they are on`}: ${commands.join(', or ')}${pinned}`;
    }
    case 'tenancy': {
      const tenant = dc.tenants.find((t) => t.name === vm.tenant);
      const own = tenant?.clusters.length ? ` (clusters ${tenant.clusters.join(', ')})` : '';
      return `tenant ${vm.tenant}${tenant ? ` (${tenant.deployment})` : ''} may not run on ${hosts.length === 1 ? hosts[0] : 'those hosts'}: pick a host where its deployment model admits it${own}${pinned}`;
    }
    case 'hypervisor':
      return `the hypervisor of ${hosts.length === 1 ? hosts[0] : 'those hosts'} cannot run this VM as asked (see the reason): pick a host whose hypervisor can, or change --kind, --io, --os or --arch${pinned}`;
    case 'affinity':
      return `group ${vm.group?.name ?? ''} keeps it off ${hosts.length === 1 ? hosts[0] : `${hosts.length} hosts`}: use another --group, or --enforcement should to make the rule a preference${pinned}`;
    case 'capacity':
      return `${hosts.length === 1 ? `${hosts[0]} is` : `${hosts.length} hosts are`} refused on capacity alone: free capacity there (stop or delete VMs), raise overcommit, or add hosts${pinned}`;
    default:
      return 'no host passes every filter; the table lists each host\'s reasons';
  }
}
