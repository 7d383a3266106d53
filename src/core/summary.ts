import type { Cluster, Datacenter, Network, Tenant, VmState } from './model.js';
import { VM_STATES } from './model.js';
import { hostSummaries } from './host-view.js';
import { requireDatacenter } from './lookup.js';
import type { State } from './state.js';

export interface DatacenterSummary {
  name: string;
  source: State['source'];
  clockSec: number;
  defaults: Datacenter['defaults'];
  network: Network;
  clusters: (Omit<Cluster, 'hosts'> & { hosts: number; cores: number; memoryBytes: number })[];
  tenants: Tenant[];
  totals: {
    hosts: number;
    hostsOn: number;
    cores: number;
    memoryBytes: number;
    vcpusAllocated: number;
    vcpuLimit: number;
    memoryAllocatedBytes: number;
    memoryLimitBytes: number;
    busyCores: number;
    vms: Record<VmState, number>;
  };
}

export function datacenterSummary(state: State): DatacenterSummary {
  const dc = requireDatacenter(state);
  const hosts = hostSummaries(state);
  const sum = (pick: (h: (typeof hosts)[number]) => number) => hosts.reduce((t, h) => t + pick(h), 0);
  const vms = Object.fromEntries(VM_STATES.map((s) => [s, 0])) as Record<VmState, number>;
  for (const vm of state.vms) vms[vm.state]++;
  return {
    name: dc.name,
    source: state.source,
    clockSec: state.clockSec,
    defaults: dc.defaults,
    network: dc.network,
    clusters: dc.clusters.map((c) => {
      const members = dc.hosts.filter((h) => h.cluster === c.name);
      return { ...c, hosts: members.length, cores: members.reduce((t, h) => t + h.cores, 0), memoryBytes: members.reduce((t, h) => t + h.memoryBytes, 0) };
    }),
    tenants: dc.tenants,
    totals: {
      hosts: hosts.length, hostsOn: hosts.filter((h) => h.state === 'on').length,
      cores: sum((h) => h.cores), memoryBytes: sum((h) => h.memoryBytes),
      vcpusAllocated: sum((h) => h.vcpusAllocated), vcpuLimit: sum((h) => h.vcpuLimit),
      memoryAllocatedBytes: sum((h) => h.memoryAllocatedBytes), memoryLimitBytes: sum((h) => h.memoryLimitBytes),
      busyCores: sum((h) => h.cpuUtilization * h.cores),
      vms,
    },
  };
}
