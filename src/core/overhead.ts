import { HYPERVISOR_PROFILES } from './hypervisors.js';
import type { Hypervisor, HypervisorProduct, IoMode, VmKind, WorkloadProfile } from './model.js';
import { GiB, MiB } from './units.js';

/**
 * Virtualization overhead: what a VM costs beyond what it asks for, and the share of the
 * hardware it really gets. Defaults from ../shared/reference/virtualization-overhead.md; each
 * line names its source. They are multiplicative averages from single benchmarks (2003-2015
 * hardware) and do not model contention, NUMA, ballooning or the latency tail.
 */

interface OverheadSubject {
  kind: VmKind;
  cpus: number;
  memoryBytes: number;
  io: IoMode;
}

/** Memory the hypervisor needs for one VM (page tables, VMM process, device model), in bytes. */
export function memoryOverheadBytes(vm: OverheadSubject, hypervisor: Hypervisor): number {
  if (vm.kind === 'container') return 0; // shares the host kernel: no guest kernel, no VMM (Felter et al. 2014)
  const family = HYPERVISOR_PROFILES[hypervisor.product].memoryOverhead;
  const gib = vm.memoryBytes / GiB;
  switch (family) {
    case 'vmware':
      // vSphere 6.5 "Sample Overhead Memory on Virtual Machines", fitted within ~2%: 14.4 + 4.0*vCPU + 7.4*GiB MB.
      return Math.round((14.4 + 4.0 * vm.cpus + 7.4 * gib) * MiB);
    case 'qemu':
      // KubeVirt GetMemoryOverhead: RAM/512 page tables + ~220 MiB QEMU/launcher RSS + 8 MiB per vCPU; +1 GiB pinned for VFIO.
      return Math.round(vm.memoryBytes / 512 + 220 * MiB + 8 * MiB * vm.cpus + (vm.io === 'passthrough' ? GiB : 0));
    case 'xen':
      // Barham et al. 2003: 20 kB of hypervisor state per domain; page tables RAM/512 as for KVM (derived);
      // HVM guests also run a QEMU device model (~30 MiB RSS, KubeVirt's QEMU figure).
      return Math.round(20 * 1024 + vm.memoryBytes / 512 + (hypervisor.virtualization === 'para' ? 0 : 30 * MiB));
    case 'none':
      return 0;
  }
}

/**
 * Share of a physical core's work a guest gets done (1 = native). Table "A model dcctl can use":
 * Xen PV: Linux build +3%, SPECweb99 within 1% (Barham 2003). BT: SPEC CPU low overhead, kernel-heavy
 * SPECweb99 under 1/3 of native (Barham 2003). HW assist: KVM tuned -2% (Felter 2014); EPT/RVI shadow
 * vs nested up to +48% on MMU-heavy work (VMware 2009). Containers: Docker ~ native, -2% on syscall-heavy
 * MySQL (Felter). TCG: ~10 host instructions per guest instruction (QEMU 5.1 measurements, 0.05 for FP).
 */
export function cpuEfficiency(kind: VmKind, hypervisor: Hypervisor, profile: WorkloadProfile): number {
  if (kind === 'container') return profile === 'kernel-heavy' ? 0.98 : 1.0;
  if (kind === 'emulated') return 0.1;
  const mode = hypervisor.virtualization;
  if (mode === 'para') return profile === 'compute' ? 0.99 : 0.97;
  if (mode === 'full') {
    // Binary translation keeps shadow page tables; MMU-heavy work pays the shadow cost (0.90/1.48, derived).
    if (profile === 'kernel-heavy') return 0.3;
    return profile === 'mmu-heavy' ? 0.61 : 0.97;
  }
  // hardware-assisted (VT-x / AMD-V): system calls run natively; page walks are 2D (nested) or shadowed.
  if (hypervisor.paging === 'shadow') return profile === 'mmu-heavy' ? 0.61 : 0.97;
  return profile === 'mmu-heavy' ? 0.9 : 0.98;
}

/** What an I/O path delivers relative to native, and the host CPU it burns (cores per Gbit/s). */
export interface IoPath {
  io: IoMode;
  networkThroughput: number;
  coresPerGbit: number;
  addedLatencyUs: number;
  source: string;
}

export const IO_PATHS: Record<IoMode, IoPath> = {
  emulated: {
    io: 'emulated', networkThroughput: 0.33, coresPerGbit: 0.15, addedLatencyUs: 30,
    source: 'Proxmox VE guide: virtio-net up to 3x an emulated e1000 (derived 0.33)',
  },
  paravirtual: {
    io: 'paravirtual', networkThroughput: 1.0, coresPerGbit: 0.055, addedLatencyUs: 30,
    source: 'Felter 2014: KVM virtio ~9.3 Gbit/s on 10 GbE, +30 us RTT; Firecracker 14.5 Gbit/s at 0.8 core',
  },
  passthrough: {
    io: 'passthrough', networkThroughput: 0.95, coresPerGbit: 0, addedLatencyUs: 0,
    source: 'Dong et al. HPCA 2010 (SR-IOV line rate); ELI ASPLOS 2012 (97-100% with exitless interrupts)',
  },
};

/**
 * The paravirtual path is the hypervisor's own split driver, and the measurements differ by
 * product: virtio (KVM, QEMU, VirtualBox) is Felter's; Xen's netfront/netback guest receive is
 * Menon et al.'s; for ESXi's vmxnet3 and Hyper-V's netvsc there is no same-hardware figure, so
 * virtio's is used and the source says so.
 */
function paravirtualPath(product: HypervisorProduct | undefined): IoPath {
  const virtio = IO_PATHS.paravirtual;
  if (product === 'xen') {
    return { ...virtio, networkThroughput: 0.39, source: 'Menon et al. USENIX ATC 2006: Xen netfront guest receive 61% below native (Santos et al. 2008 cut its cost by 56%)' };
  }
  if (product === 'esxi' || product === 'vmware-workstation' || product === 'hyper-v') {
    const nic = product === 'hyper-v' ? 'netvsc (VMBus)' : 'vmxnet3';
    return { ...virtio, source: `no same-hardware measurement of ${product}'s ${nic}; KVM virtio's figure is used (Felter 2014: ~9.3 Gbit/s on 10 GbE, +30 us RTT)` };
  }
  return virtio;
}

export function ioPath(kind: VmKind, io: IoMode, product?: HypervisorProduct): IoPath {
  // Containers use the host's network stack directly (veth/bridge); Felter: ~native throughput.
  if (kind === 'container') return { io, networkThroughput: 1.0, coresPerGbit: 0, addedLatencyUs: 0, source: 'Felter 2014: Docker ~ native network throughput' };
  return io === 'paravirtual' ? paravirtualPath(product) : IO_PATHS[io];
}
