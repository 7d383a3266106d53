import { HYPERVISOR_PROFILES } from './hypervisors.js';
import { findHost, requireDatacenter } from './lookup.js';
import type { Host, IoMode, WorkloadProfile } from './model.js';
import { IO_MODES, WORKLOAD_PROFILES } from './model.js';
import type { MultiplexReport } from './multiplex.js';
import { multiplexReport } from './multiplex.js';
import { cpuEfficiency, ioPath, memoryOverheadBytes } from './overhead.js';
import { hostLimits } from './placement/capacity.js';
import { buildView } from './placement/view.js';
import type { State } from './state.js';
import { GiB } from './units.js';

export interface HostSummary {
  name: string;
  cluster: string;
  state: Host['state'];
  hypervisor: string;
  cores: number;
  memoryBytes: number;
  vcpusAllocated: number;
  vcpuLimit: number;
  memoryAllocatedBytes: number;
  memoryLimitBytes: number;
  cpuUtilization: number;
  vms: number;
}

export function hostSummaries(state: State): HostSummary[] {
  const dc = requireDatacenter(state);
  const view = buildView(dc, state.vms);
  return dc.hosts.map((host) => {
    const usage = view.usage.get(host.name)!;
    const limits = hostLimits(host);
    return {
      name: host.name, cluster: host.cluster, state: host.state, hypervisor: host.hypervisor.product,
      cores: host.cores, memoryBytes: host.memoryBytes,
      vcpusAllocated: usage.vcpus, vcpuLimit: limits.vcpus,
      memoryAllocatedBytes: usage.memoryBytes, memoryLimitBytes: limits.memoryBytes,
      cpuUtilization: usage.busyCores / host.cores,
      vms: usage.vms.length,
    };
  });
}

export interface HostDetails {
  host: Host;
  hypervisorNote: string;
  capabilities: { pvDrivers: boolean; directIo: boolean; emulatesIsa: boolean; containers: boolean };
  effective: {
    /** Usable cores x efficiency for each workload profile of a hardware-level VM. */
    cpu: { profile: WorkloadProfile; efficiency: number; cores: number; mhz: number | null }[];
    /** Memory overhead the hypervisor charges a reference VM (2 vCPU, 4 GiB). */
    referenceVmOverheadBytes: number;
    /** Room left for guest memory under the limit, after resident VMs and their overhead. */
    guestMemoryFreeBytes: number;
    network: { io: IoMode; throughput: number; bytesPerSec: number; coresPerGbit: number; supported: boolean }[];
  };
  multiplex: MultiplexReport;
}

export function hostDetails(state: State, name: string): HostDetails {
  const dc = requireDatacenter(state);
  const host = findHost(dc, name);
  const profile = HYPERVISOR_PROFILES[host.hypervisor.product];
  const multiplex = multiplexReport(state, name);
  const usableCores = host.cores - host.reserve.cores;
  const kind = host.hypervisor.level === 'os' ? 'container' : 'vm';
  const reference = { kind, cpus: 2, memoryBytes: 4 * GiB, io: 'paravirtual' } as const;
  return {
    host,
    hypervisorNote: profile.note,
    capabilities: { pvDrivers: profile.pvDrivers, directIo: profile.directIo, emulatesIsa: profile.emulatesIsa, containers: host.containers },
    effective: {
      cpu: WORKLOAD_PROFILES.map((p) => {
        const efficiency = cpuEfficiency(kind, host.hypervisor, p);
        return { profile: p, efficiency, cores: usableCores * efficiency, mhz: host.mhz === null ? null : usableCores * efficiency * host.mhz };
      }),
      referenceVmOverheadBytes: dc.defaults.overhead === 'modelled' ? memoryOverheadBytes(reference, host.hypervisor) : 0,
      guestMemoryFreeBytes: Math.max(0, multiplex.memory.limitBytes - multiplex.memory.allocatedBytes),
      network: IO_MODES.map((io) => {
        const path = ioPath(kind, io, host.hypervisor.product);
        const supported = kind === 'container' || (io === 'emulated' || (io === 'paravirtual' ? profile.pvDrivers : profile.directIo));
        return { io, throughput: path.networkThroughput, bytesPerSec: host.nicBytesPerSec * path.networkThroughput, coresPerGbit: path.coresPerGbit, supported };
      }),
    },
    multiplex,
  };
}
