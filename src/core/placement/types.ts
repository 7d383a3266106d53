import type { Datacenter, Host, Tenant, VmSpec } from '../model.js';

/** One reason a filter gives; resource figures in base units (vCPUs, bytes). */
export interface Reason {
  resource?: string;
  requested?: number;
  free?: number;
  capacity?: number;
  text: string;
}

/** A filter's answer for one host: never a bare boolean. */
export interface Verdict {
  filter: string;
  fits: boolean;
  /** No move of other VMs could make it fit (the request exceeds what the empty host allows). */
  unresolvable?: boolean;
  reasons: Reason[];
}

/** Allocation on one host from the VMs that hold resources there (active, paused, migrating). */
export interface HostUsage {
  vcpus: number;
  /** Guest memory plus virtualization overhead, in bytes. */
  memoryBytes: number;
  /** Average busy cores from the VMs' workloads. */
  busyCores: number;
  vms: string[];
  /** Group name -> number of members holding resources on this host. */
  groups: Map<string, number>;
}

export interface HostLimits {
  vcpus: number;
  memoryBytes: number;
}

/** Who a cluster is reserved for under the tenants' deployment models. */
export type ClusterReservation =
  | { kind: 'private'; tenant: string }
  | { kind: 'community'; community: string; tenants: string[] };

export interface DatacenterView {
  dc: Datacenter;
  hosts: Map<string, Host>;
  usage: Map<string, HostUsage>;
  tenants: Map<string, Tenant>;
  reservations: Map<string, ClusterReservation>;
  /** Group name -> hosts where members hold resources (and how many). */
  groupHosts: Map<string, Map<string, number>>;
}

export interface PlacementFilter {
  name: string;
  /** True when the verdict does not depend on what runs on the host (cacheable per host profile). */
  static: boolean;
  description: string;
  check(vm: VmSpec, host: Host, view: DatacenterView): Verdict;
}

export function fits(filter: string): Verdict {
  return { filter, fits: true, reasons: [] };
}

export function unfit(filter: string, reasons: Reason[], unresolvable = false): Verdict {
  return unresolvable ? { filter, fits: false, unresolvable, reasons } : { filter, fits: false, reasons };
}
