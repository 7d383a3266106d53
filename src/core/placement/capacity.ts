import type { Datacenter, Host, VmSpec } from '../model.js';
import { memoryOverheadBytes } from '../overhead.js';
import type { HostLimits, HostUsage } from './types.js';

/** What overcommit allows on a host: (cores - reserve) x cpu ratio vCPUs, (memory - reserve) x memory ratio bytes. */
export function hostLimits(host: Host): HostLimits {
  return {
    vcpus: Math.max(0, host.cores - host.reserve.cores) * host.overcommit.cpu,
    memoryBytes: Math.max(0, host.memoryBytes - host.reserve.memoryBytes) * host.overcommit.memory,
  };
}

/** Memory a VM takes on a host: its own plus the hypervisor's per-VM overhead (unless overhead: none). */
export function memoryFootprintBytes(vm: Pick<VmSpec, 'kind' | 'cpus' | 'memoryBytes' | 'io'>, host: Host, dc: Datacenter): number {
  return vm.memoryBytes + (dc.defaults.overhead === 'modelled' ? memoryOverheadBytes(vm, host.hypervisor) : 0);
}

export function emptyUsage(): HostUsage {
  return { vcpus: 0, memoryBytes: 0, busyCores: 0, vms: [], groups: new Map() };
}

/**
 * Remaining capacity after placing the VM, as the mean of the free vCPU and free memory fractions.
 * best-fit takes the least, worst-fit the most (cf. Kubernetes MostAllocated / LeastAllocated).
 */
export function remainingAfter(limits: HostLimits, usedVcpus: number, usedMemoryBytes: number, cpus: number, footprintBytes: number): number {
  const cpuShare = limits.vcpus > 0 ? (limits.vcpus - usedVcpus - cpus) / limits.vcpus : 0;
  const memoryShare = limits.memoryBytes > 0 ? (limits.memoryBytes - usedMemoryBytes - footprintBytes) / limits.memoryBytes : 0;
  return (cpuShare + memoryShare) / 2;
}

/** Tolerance for ratios such as 1.5 x 64 GiB that are not exact in binary floating point. */
export const CAPACITY_EPSILON = 1e-6;

/** The capacity test itself, shared by the capacity filter and the batch placer so both agree to the bit. */
export function fitsCapacity(limits: HostLimits, usedVcpus: number, usedMemoryBytes: number, cpus: number, footprintBytes: number): boolean {
  return cpus <= limits.vcpus - usedVcpus + CAPACITY_EPSILON && footprintBytes <= limits.memoryBytes - usedMemoryBytes + CAPACITY_EPSILON;
}
