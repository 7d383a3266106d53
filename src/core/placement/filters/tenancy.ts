import type { PlacementFilter } from '../types.js';
import { fits, unfit } from '../types.js';

const NAME = 'tenancy';

/**
 * Deployment models (NIST SP 800-145): a private cloud serves one tenant, a community cloud one
 * community, a public cloud anyone; a hybrid tenant has a private part and bursts to the public
 * part. A VM without a tenant is the provider's own and may run anywhere.
 */
export const tenancyFilter = {
  name: NAME,
  static: true,
  description: "the tenant's deployment model and allowed clusters admit the host's cluster",
  check(vm, host, view) {
    if (!vm.tenant) return fits(NAME);
    const tenant = view.tenants.get(vm.tenant);
    if (!tenant) return unfit(NAME, [{ text: `tenant ${vm.tenant} is not defined` }], true);
    const cluster = host.cluster;
    const reservation = view.reservations.get(cluster);
    const listed = tenant.clusters.includes(cluster);
    switch (tenant.deployment) {
      case 'private':
        if (listed) return fits(NAME);
        return unfit(NAME, [{ text: `private tenant ${tenant.name} runs only on its clusters (${tenant.clusters.join(', ')}), not ${cluster}` }]);
      case 'community':
        if (listed || (reservation?.kind === 'community' && reservation.community === tenant.community)) return fits(NAME);
        return unfit(NAME, [{ text: `community tenant ${tenant.name} runs only on community ${tenant.community} clusters, not ${cluster}` }]);
      case 'hybrid':
        if (listed || !reservation) return fits(NAME);
        return unfit(NAME, [{ text: `${cluster} is ${describe(reservation)}; hybrid tenant ${tenant.name} runs on its own clusters or public ones` }]);
      case 'public':
        if (reservation) return unfit(NAME, [{ text: `${cluster} is ${describe(reservation)}, not part of the public cloud` }]);
        if (tenant.clusters.length > 0 && !listed) return unfit(NAME, [{ text: `tenant ${tenant.name} is limited to ${tenant.clusters.join(', ')}` }]);
        return fits(NAME);
    }
  },
} satisfies PlacementFilter;

function describe(reservation: { kind: 'private'; tenant: string } | { kind: 'community'; community: string }): string {
  return reservation.kind === 'private' ? `private to ${reservation.tenant}` : `reserved for community ${reservation.community}`;
}
