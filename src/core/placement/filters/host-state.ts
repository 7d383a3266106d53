import type { PlacementFilter } from '../types.js';
import { fits, unfit } from '../types.js';

const NAME = 'host-state';

/** Only powered-on hosts receive VMs; hosts off or in maintenance are skipped. */
export const hostStateFilter = {
  name: NAME,
  static: true,
  description: 'the host is on (not off, not in maintenance)',
  check(_vm, host) {
    if (host.state === 'on') return fits(NAME);
    const text = host.state === 'off' ? 'host is powered off' : 'host is in maintenance';
    return unfit(NAME, [{ text }]);
  },
} satisfies PlacementFilter;
