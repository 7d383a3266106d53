import type { PlacementFilter } from '../types.js';
import { affinityFilter } from './affinity.js';
import { capacityFilter } from './capacity.js';
import { hostStateFilter } from './host-state.js';
import { hypervisorFilter } from './hypervisor.js';
import { tenancyFilter } from './tenancy.js';

/** Every filter, static ones first; a host must pass them all. */
export const PLACEMENT_FILTERS: readonly PlacementFilter[] = [hostStateFilter, tenancyFilter, hypervisorFilter, capacityFilter, affinityFilter];

/** The filters whose verdict depends only on the VM and the host, not on what runs there. */
export const STATIC_FILTERS: readonly PlacementFilter[] = [hostStateFilter, tenancyFilter, hypervisorFilter];
