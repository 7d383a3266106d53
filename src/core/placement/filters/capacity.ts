import { formatBytes, formatNumber } from '../../units.js';
import { CAPACITY_EPSILON, hostLimits, memoryFootprintBytes } from '../capacity.js';
import type { PlacementFilter, Reason } from '../types.js';
import { fits, unfit } from '../types.js';

const NAME = 'capacity';


/**
 * vCPUs and memory (with the hypervisor's per-VM overhead) under the host's overcommit limits.
 * Unresolvable when the request exceeds the limits of the empty host (cf. kube-scheduler fit.go).
 */
export const capacityFilter = {
  name: NAME,
  static: false,
  description: 'vCPUs and memory (plus overhead) fit under the overcommit limits',
  check(vm, host, view) {
    const limits = hostLimits(host);
    const usage = view.usage.get(host.name);
    const usedVcpus = usage?.vcpus ?? 0;
    const usedMemory = usage?.memoryBytes ?? 0;
    const footprint = memoryFootprintBytes(vm, host, view.dc);
    const reasons: Reason[] = [];
    let unresolvable = false;
    const freeVcpus = limits.vcpus - usedVcpus;
    if (vm.cpus > freeVcpus + CAPACITY_EPSILON) {
      unresolvable ||= vm.cpus > limits.vcpus + CAPACITY_EPSILON;
      reasons.push({
        resource: 'vcpus', requested: vm.cpus, free: Math.max(0, freeVcpus), capacity: limits.vcpus,
        text: `needs ${vm.cpus} vCPU, ${formatNumber(Math.max(0, freeVcpus))} of ${formatNumber(limits.vcpus)} free (${host.cores} cores x ${host.overcommit.cpu} overcommit)`,
      });
    }
    const freeMemory = limits.memoryBytes - usedMemory;
    if (footprint > freeMemory + CAPACITY_EPSILON) {
      unresolvable ||= footprint > limits.memoryBytes + CAPACITY_EPSILON;
      const overhead = footprint - vm.memoryBytes;
      reasons.push({
        resource: 'memory', requested: footprint, free: Math.max(0, freeMemory), capacity: limits.memoryBytes,
        text: `needs ${formatBytes(footprint, 2)}${overhead > 0 ? ` (incl. ${formatBytes(overhead)} overhead)` : ''}, ${formatBytes(Math.max(0, freeMemory), 2)} of ${formatBytes(limits.memoryBytes, 2)} free (x${host.overcommit.memory} overcommit)`,
      });
    }
    return reasons.length === 0 ? fits(NAME) : unfit(NAME, reasons, unresolvable);
  },
} satisfies PlacementFilter;
