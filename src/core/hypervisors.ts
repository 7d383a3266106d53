import type { HypervisorProduct, Kernel, PagingMode, VirtualizationMode } from './model.js';

/**
 * What each hypervisor product is and offers. Declarations in YAML are checked against this
 * table (esxi is type 1 monolithic; virtualbox is type 2 ...) and filters read its capabilities.
 */
export interface HypervisorProfile {
  level: 'hardware' | 'os';
  types: (1 | 2)[];
  kernels: Kernel[];
  modes: VirtualizationMode[];
  /** Paravirtual device drivers for guests (virtio, Xen netfront/blkfront, VMBus, vmxnet3/pvscsi). */
  pvDrivers: boolean;
  /** Can give a VM a device directly (IOMMU / VT-d passthrough, SR-IOV). */
  directIo: boolean;
  /** Emulates a foreign instruction set (QEMU TCG), so a guest of another arch can run. */
  emulatesIsa: boolean;
  /** Which memory-overhead model applies (see overhead.ts). */
  memoryOverhead: 'vmware' | 'qemu' | 'xen' | 'none';
  note: string;
}

export const HYPERVISOR_PROFILES: Record<HypervisorProduct, HypervisorProfile> = {
  esxi: {
    level: 'hardware', types: [1], kernels: ['monolithic'], modes: ['full', 'hardware-assisted'],
    pvDrivers: true, directIo: true, emulatesIsa: false, memoryOverhead: 'vmware',
    note: 'VMware ESXi: native, monolithic vmkernel with its own drivers; binary translation or VT-x/AMD-V',
  },
  xen: {
    level: 'hardware', types: [1], kernels: ['microkernel'], modes: ['para', 'hardware-assisted'],
    pvDrivers: true, directIo: true, emulatesIsa: false, memoryOverhead: 'xen',
    note: 'Xen: native microkernel; drivers live in dom0; PV guests use hypercalls, HVM guests VT-x',
  },
  kvm: {
    // KVM turns Linux into the hypervisor (a kernel module): taught both as type 1 and as hosted.
    level: 'hardware', types: [1, 2], kernels: ['monolithic'], modes: ['hardware-assisted'],
    pvDrivers: true, directIo: true, emulatesIsa: false, memoryOverhead: 'qemu',
    note: 'KVM: Linux kernel module plus QEMU for devices; needs VT-x/AMD-V; virtio drivers',
  },
  'hyper-v': {
    level: 'hardware', types: [1], kernels: ['microkernel'], modes: ['hardware-assisted'],
    pvDrivers: true, directIo: true, emulatesIsa: false, memoryOverhead: 'vmware',
    note: 'Hyper-V: native microkernelized hypervisor; drivers in the parent partition; VMBus synthetic devices',
  },
  virtualbox: {
    level: 'hardware', types: [2], kernels: ['monolithic'], modes: ['full', 'hardware-assisted'],
    pvDrivers: true, directIo: false, emulatesIsa: false, memoryOverhead: 'qemu',
    note: 'VirtualBox: hosted on a desktop OS; virtio-net only; no PCI passthrough',
  },
  'vmware-workstation': {
    level: 'hardware', types: [2], kernels: ['monolithic'], modes: ['full', 'hardware-assisted'],
    pvDrivers: true, directIo: false, emulatesIsa: false, memoryOverhead: 'vmware',
    note: 'VMware Workstation: hosted; binary translation or VT-x',
  },
  qemu: {
    level: 'hardware', types: [2], kernels: ['monolithic'], modes: ['full'],
    pvDrivers: true, directIo: false, emulatesIsa: true, memoryOverhead: 'qemu',
    note: 'QEMU without KVM: hosted, TCG dynamic translation, can run a guest of another ISA',
  },
  docker: {
    level: 'os', types: [], kernels: [], modes: [],
    pvDrivers: false, directIo: false, emulatesIsa: false, memoryOverhead: 'none',
    note: 'Docker: OS-level virtualization; containers share the host kernel',
  },
  lxc: {
    level: 'os', types: [], kernels: [], modes: [],
    pvDrivers: false, directIo: false, emulatesIsa: false, memoryOverhead: 'none',
    note: 'LXC: OS-level virtualization; system containers share the host kernel',
  },
};

/** Paging when not declared: BT and early VT-x used shadow tables, Xen PV validates direct tables, VT-x today uses EPT/RVI. */
export function defaultPaging(mode: VirtualizationMode): PagingMode {
  if (mode === 'para') return 'direct';
  if (mode === 'full') return 'shadow';
  return 'nested';
}

/** Paging modes that can go with a virtualization mode. */
export const PAGING_FOR_MODE: Record<VirtualizationMode, PagingMode[]> = {
  full: ['shadow'],
  para: ['direct', 'shadow'],
  'hardware-assisted': ['nested', 'shadow'],
};
