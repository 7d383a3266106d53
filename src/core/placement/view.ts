import type { Datacenter, Tenant, Vm, VmSpec } from '../model.js';
import { holdsResources } from '../model.js';
import { emptyUsage, memoryFootprintBytes } from './capacity.js';
import type { ClusterReservation, DatacenterView, HostUsage } from './types.js';

/**
 * Clusters reserved by deployment model: a private tenant's clusters (and a hybrid tenant's
 * private part) are its alone; a community tenant's clusters are shared by its community.
 * Clusters nobody reserves form the public cloud.
 */
export function clusterReservations(tenants: Tenant[]): Map<string, ClusterReservation> {
  const reservations = new Map<string, ClusterReservation>();
  for (const tenant of tenants) {
    for (const cluster of tenant.clusters) {
      if (tenant.deployment === 'private' || tenant.deployment === 'hybrid') {
        reservations.set(cluster, { kind: 'private', tenant: tenant.name });
      } else if (tenant.deployment === 'community' && tenant.community) {
        const existing = reservations.get(cluster);
        if (existing?.kind === 'community') existing.tenants.push(tenant.name);
        else reservations.set(cluster, { kind: 'community', community: tenant.community, tenants: [tenant.name] });
      }
    }
  }
  return reservations;
}

/** Charge one VM to a host (building a view, or keeping it current while placing many VMs). */
export function chargeVm(view: DatacenterView, vm: VmSpec, hostName: string, running = true): void {
  const host = view.hosts.get(hostName);
  const usage = view.usage.get(hostName);
  if (!host || !usage) return;
  addToUsage(usage, vm, memoryFootprintBytes(vm, host, view.dc), running);
  if (vm.group) {
    const hosts = view.groupHosts.get(vm.group.name) ?? new Map<string, number>();
    hosts.set(hostName, (hosts.get(hostName) ?? 0) + 1);
    view.groupHosts.set(vm.group.name, hosts);
  }
}

/** Undo chargeVm (to evaluate a VM against the others without building a view without it). */
export function unchargeVm(view: DatacenterView, vm: VmSpec, hostName: string, running = true): void {
  const host = view.hosts.get(hostName);
  const usage = view.usage.get(hostName);
  if (!host || !usage) return;
  usage.vcpus -= vm.cpus;
  usage.memoryBytes -= memoryFootprintBytes(vm, host, view.dc);
  if (running) usage.busyCores -= vm.cpus * vm.workload.cpu;
  const at = usage.vms.indexOf(vm.name);
  if (at >= 0) usage.vms.splice(at, 1);
  if (vm.group) {
    const left = (usage.groups.get(vm.group.name) ?? 1) - 1;
    if (left > 0) usage.groups.set(vm.group.name, left);
    else usage.groups.delete(vm.group.name);
    const hosts = view.groupHosts.get(vm.group.name);
    if (hosts) {
      const here = (hosts.get(hostName) ?? 1) - 1;
      if (here > 0) hosts.set(hostName, here);
      else hosts.delete(hostName);
    }
  }
}

/** `running` is false for a paused VM: it keeps its allocation but keeps no core busy. */
export function addToUsage(usage: HostUsage, vm: VmSpec, footprintBytes: number, running = true): void {
  usage.vcpus += vm.cpus;
  usage.memoryBytes += footprintBytes;
  if (running) usage.busyCores += vm.cpus * vm.workload.cpu;
  usage.vms.push(vm.name);
  if (vm.group) usage.groups.set(vm.group.name, (usage.groups.get(vm.group.name) ?? 0) + 1);
}

export function buildView(dc: Datacenter, vms: readonly Vm[]): DatacenterView {
  const view: DatacenterView = {
    dc,
    hosts: new Map(dc.hosts.map((h) => [h.name, h])),
    usage: new Map(dc.hosts.map((h) => [h.name, emptyUsage()])),
    tenants: new Map(dc.tenants.map((t) => [t.name, t])),
    reservations: clusterReservations(dc.tenants),
    groupHosts: new Map(),
  };
  for (const vm of vms) {
    if (vm.host && holdsResources(vm.state)) chargeVm(view, vm, vm.host, vm.state !== 'paused');
  }
  return view;
}
