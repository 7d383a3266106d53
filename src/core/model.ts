/**
 * The domain model after validation: every quantity in base units (bytes, bytes/s, MHz,
 * seconds, watts, fractions). Produced by src/config from YAML, stored by src/store.
 */

export const HYPERVISOR_PRODUCTS = ['esxi', 'xen', 'kvm', 'hyper-v', 'virtualbox', 'vmware-workstation', 'qemu', 'docker', 'lxc'] as const;
export type HypervisorProduct = (typeof HYPERVISOR_PRODUCTS)[number];
export const VIRTUALIZATION_MODES = ['full', 'para', 'hardware-assisted'] as const;
export type VirtualizationMode = (typeof VIRTUALIZATION_MODES)[number];
export const KERNELS = ['monolithic', 'microkernel'] as const;
export type Kernel = (typeof KERNELS)[number];
/** How guest page tables are virtualized: shadow tables kept by the VMM, hardware nested paging (EPT/RVI), or Xen PV direct (validated) page tables. */
export const PAGING_MODES = ['shadow', 'nested', 'direct'] as const;
export type PagingMode = (typeof PAGING_MODES)[number];

export const VM_KINDS = ['vm', 'container', 'emulated'] as const;
export type VmKind = (typeof VM_KINDS)[number];
export const IO_MODES = ['emulated', 'paravirtual', 'passthrough'] as const;
export type IoMode = (typeof IO_MODES)[number];
export const WORKLOAD_PROFILES = ['compute', 'mmu-heavy', 'kernel-heavy'] as const;
export type WorkloadProfile = (typeof WORKLOAD_PROFILES)[number];
export const DEPLOYMENT_MODELS = ['public', 'private', 'community', 'hybrid'] as const;
export type DeploymentModel = (typeof DEPLOYMENT_MODELS)[number];
export const HOST_STATES = ['on', 'off', 'maintenance'] as const;
export type HostState = (typeof HOST_STATES)[number];
export const VM_STATES = ['active', 'paused', 'suspended', 'inactive', 'migrating'] as const;
export type VmState = (typeof VM_STATES)[number];
export const GROUP_RULES = ['affinity', 'anti-affinity'] as const;
export type GroupRule = (typeof GROUP_RULES)[number];
export const ENFORCEMENTS = ['must', 'should'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];
export const OVERHEAD_MODES = ['modelled', 'none'] as const;
export type OverheadMode = (typeof OVERHEAD_MODES)[number];

/** A hypervisor as resolved from its product table and the cluster's declaration. */
export interface Hypervisor {
  product: HypervisorProduct;
  /** hardware = hardware/HAL level (a VMM); os = OS-level virtualization (containers). */
  level: 'hardware' | 'os';
  type: 1 | 2 | null;
  kernel: Kernel | null;
  virtualization: VirtualizationMode | null;
  paging: PagingMode | null;
}

export interface Overcommit {
  /** vCPUs allowed per physical core. */
  cpu: number;
  /** Allocated memory allowed per byte of physical memory. */
  memory: number;
}

export type PowerModel =
  | { kind: 'linear'; idleW: number; maxW: number; standbyW: number }
  | { kind: 'table'; tableW: number[]; standbyW: number };

export interface Host {
  name: string;
  cluster: string;
  cores: number;
  /** Clock per core; null when the file does not say. */
  mhz: number | null;
  arch: string;
  memoryBytes: number;
  diskBytes: number | null;
  nicBytesPerSec: number;
  os: string;
  /** An OS-level container runtime is available on this host (besides any hypervisor). */
  containers: boolean;
  hypervisor: Hypervisor;
  overcommit: Overcommit;
  /** Held back for the host itself (hypervisor, management agents): never allocated to VMs. */
  reserve: { cores: number; memoryBytes: number };
  power: PowerModel | null;
  state: HostState;
}

export interface Cluster {
  name: string;
  hypervisor: Hypervisor;
  hosts: string[];
}

export interface Link {
  between: [string, string];
  bytesPerSec: number;
}

export interface Network {
  bandwidthBytesPerSec: number;
  links: Link[];
}

export interface Tenant {
  name: string;
  deployment: DeploymentModel;
  /** Clusters the tenant lists: its own (private, hybrid), its community's, or a restriction (public). */
  clusters: string[];
  community: string | null;
}

export interface Group {
  name: string;
  rule: GroupRule;
  enforcement: Enforcement;
}

export interface VmSpec {
  name: string;
  tenant: string | null;
  kind: VmKind;
  cpus: number;
  memoryBytes: number;
  io: IoMode;
  guest: { os: string; arch: string | null; paravirtualized: boolean };
  workload: {
    /** Share of the VM's own vCPUs kept busy on average (0..1). */
    cpu: number;
    profile: WorkloadProfile;
    dirtyRateBytesPerSec: number | null;
    workingSetBytes: number | null;
  };
  sla: { maxDowntimeSec: number | null };
  group: Group | null;
  /** The YAML's `host:`: where the VM starts; with `pinned` it never moves from there. */
  requestedHost: string | null;
  pinned: boolean;
}

export interface Vm extends VmSpec {
  state: VmState;
  /** The host the VM is registered on (it holds resources there only when active, paused or migrating). */
  host: string | null;
  origin: 'file' | 'cli';
  createdAtSec: number;
}

export interface DatacenterDefaults {
  overcommit: Overcommit;
  placement: string;
  overhead: OverheadMode;
}

export interface Datacenter {
  name: string;
  defaults: DatacenterDefaults;
  network: Network;
  clusters: Cluster[];
  /** In definition order (the order first-fit and round-robin walk). */
  hosts: Host[];
  tenants: Tenant[];
}

/** VM states that hold CPU and memory on their host. */
export function holdsResources(state: VmState): boolean {
  return state === 'active' || state === 'paused' || state === 'migrating';
}
