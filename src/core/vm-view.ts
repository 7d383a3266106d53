import { findVm, requireDatacenter } from './lookup.js';
import type { Vm } from './model.js';
import { holdsResources } from './model.js';
import { cpuEfficiency, ioPath, memoryOverheadBytes } from './overhead.js';
import type { DcEvent, State } from './state.js';

export interface VmDetails {
  vm: Vm;
  holdsResources: boolean;
  deployment: string | null;
  /** What virtualization costs this VM on its host (null when it has no host). */
  overhead: { hypervisor: string; memoryBytes: number; cpuEfficiency: number; networkThroughput: number; ioSource: string } | null;
  events: DcEvent[];
}

/** `recentEvents`: the VM's last events (the store reads them from its journal). */
export function vmDetails(state: State, name: string, recentEvents: readonly DcEvent[]): VmDetails {
  const dc = requireDatacenter(state);
  const vm = findVm(state, name);
  const host = vm.host ? dc.hosts.find((h) => h.name === vm.host) : undefined;
  const path = ioPath(vm.kind, vm.io, host?.hypervisor.product);
  return {
    vm,
    holdsResources: holdsResources(vm.state),
    deployment: vm.tenant ? (dc.tenants.find((t) => t.name === vm.tenant)?.deployment ?? null) : null,
    overhead: host ? {
      hypervisor: host.hypervisor.product,
      memoryBytes: dc.defaults.overhead === 'modelled' ? memoryOverheadBytes(vm, host.hypervisor) : 0,
      cpuEfficiency: cpuEfficiency(vm.kind, host.hypervisor, vm.workload.profile),
      networkThroughput: path.networkThroughput,
      ioSource: path.source,
    } : null,
    events: recentEvents.filter((e) => e.vm === name),
  };
}

export interface VmFilter {
  host?: string;
  state?: string;
  tenant?: string;
}

export function listVms(state: State, filter: VmFilter = {}): Vm[] {
  requireDatacenter(state);
  return state.vms.filter((v) => (!filter.host || v.host === filter.host) && (!filter.state || v.state === filter.state) && (!filter.tenant || v.tenant === filter.tenant));
}
