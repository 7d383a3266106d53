import type { Refusal } from './errors.js';
import { badInput, refusal } from './errors.js';
import { findHost, requireDatacenter } from './lookup.js';
import type { Host, Vm, VmSpec } from './model.js';
import { holdsResources } from './model.js';
import { cpuEfficiency, memoryOverheadBytes } from './overhead.js';
import { hostLimits, memoryFootprintBytes } from './placement/capacity.js';
import { evaluateHost } from './placement/place.js';
import { buildView, chargeVm } from './placement/view.js';
import type { Outcome, State } from './state.js';
import { recordEvents } from './state.js';

/**
 * Multiplexing 1:n: one host's cores and memory shared by many VMs. Allocation (vCPUs, memory
 * promised) is bounded by the overcommit ratios; utilization (cores kept busy) comes from the
 * VMs' workloads. Contention risk compares busy demand, corrected for virtualization efficiency,
 * with the cores there are.
 */
export type Risk = 'none' | 'low' | 'medium' | 'high';

export interface MultiplexReport {
  host: string;
  cluster: string;
  hypervisor: string;
  hostState: Host['state'];
  cpu: {
    physicalCores: number;
    reservedCores: number;
    vcpusAllocated: number;
    vcpuLimit: number;
    ratio: number;
    ratioLimit: number;
    busyCores: number;
    /** Busy cores over physical cores (the VMs' own demand). */
    utilization: number;
    /** Busy cores including virtualization overhead (demand / efficiency) over usable cores. */
    demandWithOverhead: number;
    risk: Risk;
  };
  memory: {
    physicalBytes: number;
    reservedBytes: number;
    guestBytes: number;
    overheadBytes: number;
    /** Guest memory plus overhead: what counts against the limit. */
    allocatedBytes: number;
    limitBytes: number;
    ratio: number;
    ratioLimit: number;
    risk: Risk;
  };
  vms: { name: string; state: Vm['state']; cpus: number; memoryBytes: number; overheadBytes: number; busyCores: number }[];
  notes: string[];
}

function cpuRisk(vcpus: number, usableCores: number, demand: number): Risk {
  if (vcpus <= usableCores) return 'none';
  if (demand < 0.7) return 'low';
  return demand < 0.9 ? 'medium' : 'high';
}

export function multiplexReport(state: State, hostName: string): MultiplexReport {
  const dc = requireDatacenter(state);
  const host = findHost(dc, hostName);
  const limits = hostLimits(host);
  const resident = state.vms.filter((v) => v.host === host.name && holdsResources(v.state));
  const overhead = dc.defaults.overhead === 'modelled';
  const vms = resident.map((vm) => ({
    name: vm.name, state: vm.state, cpus: vm.cpus, memoryBytes: vm.memoryBytes,
    overheadBytes: overhead ? memoryOverheadBytes(vm, host.hypervisor) : 0,
    // A paused VM keeps its allocation but is not scheduled.
    busyCores: vm.state === 'paused' ? 0 : vm.cpus * vm.workload.cpu,
  }));
  const sum = (pick: (v: (typeof vms)[number]) => number) => vms.reduce((total, v) => total + pick(v), 0);
  const usableCores = host.cores - host.reserve.cores;
  const usableMemory = host.memoryBytes - host.reserve.memoryBytes;
  const busyCores = sum((v) => v.busyCores);
  const demand = resident.reduce((total, vm, i) => total + vms[i]!.busyCores / cpuEfficiency(vm.kind, host.hypervisor, vm.workload.profile), 0) / usableCores;
  const vcpusAllocated = sum((v) => v.cpus);
  const guestBytes = sum((v) => v.memoryBytes);
  const overheadBytes = sum((v) => v.overheadBytes);
  const allocatedBytes = guestBytes + overheadBytes;
  const cpuRiskLevel = cpuRisk(vcpusAllocated, usableCores, demand);
  const memoryRisk: Risk = allocatedBytes <= usableMemory ? 'none' : 'high';
  const notes: string[] = [];
  if (cpuRiskLevel === 'high') notes.push(`busy demand with overhead is ${(demand * 100).toFixed(0)}% of the usable cores: expect steal time`);
  if (memoryRisk === 'high') notes.push('allocated memory exceeds physical memory: relies on page sharing, ballooning or swap (Waldspurger, OSDI 2002)');
  if (vms.some((v) => v.state === 'paused')) notes.push('paused VMs keep their allocation but use no CPU');
  return {
    host: host.name, cluster: host.cluster, hypervisor: host.hypervisor.product, hostState: host.state,
    cpu: {
      physicalCores: host.cores, reservedCores: host.reserve.cores, vcpusAllocated, vcpuLimit: limits.vcpus,
      ratio: usableCores > 0 ? vcpusAllocated / usableCores : 0, ratioLimit: host.overcommit.cpu,
      busyCores, utilization: busyCores / host.cores, demandWithOverhead: demand, risk: cpuRiskLevel,
    },
    memory: {
      physicalBytes: host.memoryBytes, reservedBytes: host.reserve.memoryBytes, guestBytes, overheadBytes, allocatedBytes,
      limitBytes: limits.memoryBytes, ratio: usableMemory > 0 ? allocatedBytes / usableMemory : 0, ratioLimit: host.overcommit.memory, risk: memoryRisk,
    },
    vms,
    notes,
  };
}

export interface CarveRequest {
  count: number;
  /** Template for every carved VM; names come from `prefix`. */
  template: Omit<VmSpec, 'name' | 'requestedHost'>;
  prefix: string;
}

export interface CarveResult {
  host: string;
  requested: number;
  /** How many of the requested VMs fit (were created). */
  fit: number;
  /** What stopped the carving: 'vcpus' or 'memory' (the overcommit limit), another filter's name, or null. */
  limitedBy: string | null;
  created: string[];
  /** How many more of this size the host would take after carving, per limit. */
  roomAfter: { byVcpus: number; byMemory: number };
  stoppedBy: { filter: string; resource: string | null; reason: string } | null;
  footprintBytes: number;
  report: MultiplexReport;
  clockSec: number;
}

/** Carve up to `count` identical VMs out of one host, stopping at the first that does not fit. */
export function carve(state: State, hostName: string, request: CarveRequest): Outcome<CarveResult> | Refusal {
  const dc = requireDatacenter(state);
  const host = findHost(dc, hostName);
  if (!Number.isInteger(request.count) || request.count < 1) throw badInput('bad-count', `--count must be a whole number of VMs, at least 1 (got ${request.count})`, 'for example --count 8');
  const taken = new Set(state.vms.map((v) => v.name));
  const view = buildView(dc, state.vms);
  const created: Vm[] = [];
  let stoppedBy: CarveResult['stoppedBy'] = null;
  let n = 0;
  while (created.length < request.count) {
    let name: string;
    do name = `${request.prefix}-${++n}`; while (taken.has(name));
    const spec: VmSpec = { ...request.template, name, requestedHost: host.name };
    const verdicts = evaluateHost(spec, host, view);
    if (!verdicts.fits) {
      const failed = verdicts.verdicts.find((v) => !v.fits)!;
      const reason = failed.reasons[0]!;
      stoppedBy = { filter: failed.filter, resource: reason.resource ?? null, reason: reason.text };
      break;
    }
    chargeVm(view, spec, host.name);
    created.push({ ...spec, state: 'active', host: host.name, origin: 'cli', createdAtSec: state.clockSec });
  }
  if (created.length === 0 && stoppedBy?.filter !== 'capacity') {
    return refusal('carve-refused', `${host.name} takes no VM of this kind: ${stoppedBy!.reason}`, 'pick another host or change the VM shape', { host: host.name, stoppedBy });
  }
  const limits = hostLimits(host);
  const usage = view.usage.get(host.name)!;
  const footprintBytes = memoryFootprintBytes({ ...request.template }, host, dc);
  const next = recordEvents({ ...state, vms: [...state.vms, ...created] }, [{
    type: 'host-multiplexed', host: host.name,
    message: `${created.length} of ${request.count} VMs carved on ${host.name}${stoppedBy ? ` (stopped by ${stoppedBy.resource ?? stoppedBy.filter})` : ''}`,
  }]);
  return {
    state: next,
    result: {
      host: host.name, requested: request.count, fit: created.length, limitedBy: stoppedBy ? (stoppedBy.resource ?? stoppedBy.filter) : null,
      created: created.map((v) => v.name),
      roomAfter: {
        byVcpus: Math.max(0, Math.floor((limits.vcpus - usage.vcpus + 1e-9) / request.template.cpus)),
        byMemory: Math.max(0, Math.floor((limits.memoryBytes - usage.memoryBytes + 1e-6) / footprintBytes)),
      },
      stoppedBy, footprintBytes, report: multiplexReport(next, host.name), clockSec: next.clockSec,
    },
  };
}
