/**
 * The fleet a simulation runs on. The reference scenario is CloudSim 3.0.3's PlanetLab example
 * (consolidation-model.md §6): hosts alternate HP ProLiant ML110 G4 / G5 with their SPECpower
 * tables, VMs take four EC2-like types in contiguous index quarters.
 */

/** Watts at a CPU utilization in [0, 1]. */
export type PowerCurve = (utilization: number) => number;

export interface SimHostType {
  name: string;
  pes: number;
  mipsPerPe: number;
  ramMB: number;
  /** kbit/s, as CloudSim counts host bandwidth. */
  bwKbps: number;
  storageMB: number;
  power: PowerCurve;
  /** Watts at 100 % (what the non-power-aware baseline charges). */
  maxPowerW: number;
}

export interface SimVmType {
  name: string;
  mips: number;
  ramMB: number;
  bwKbps: number;
  sizeMB: number;
}

export interface SimScenario {
  hostTypes: SimHostType[];
  /** Host i's type index. */
  hostTypeOf: Uint8Array;
  vmTypes: SimVmType[];
  /** VM i's type index. */
  vmTypeOf: Uint8Array;
  hostNames: string[];
}

/**
 * CloudSim PowerModelSpecPower.getPower, same arithmetic: the table at exact tenths, else
 * linear between the neighbouring points. Utilization is clamped to [0, 1] (CloudSim throws).
 */
export function specPowerCurve(tableW: readonly number[]): PowerCurve {
  const table = Float64Array.from(tableW);
  const steps = table.length - 1;
  if (steps === 10) {
    return (utilization: number) => {
      const u = utilization < 0 ? 0 : utilization > 1 ? 1 : utilization;
      if (u % 0.1 === 0) return table[Math.trunc(u * 10)]!;
      const low = Math.floor(u * 10);
      const high = Math.ceil(u * 10);
      const delta = (table[high]! - table[low]!) / 10;
      return table[low]! + delta * (u - low / 10) * 100;
    };
  }
  return (utilization: number) => {
    const u = utilization < 0 ? 0 : utilization > 1 ? 1 : utilization;
    const low = Math.floor(u * steps);
    const high = Math.ceil(u * steps);
    return table[low]! + (table[high]! - table[low]!) * (u * steps - low);
  };
}

/** Linear power model (CloudSim PowerModelLinear): idle + (max - idle) u. */
export function linearPowerCurve(idleW: number, maxW: number): PowerCurve {
  return (utilization: number) => idleW + (maxW - idleW) * Math.min(1, Math.max(0, utilization));
}

/** SPECpower ssj2008 tables for the two ML110 servers (CloudSim's PowerModelSpecPowerHpProLiant*). */
export const G4_TABLE_W = [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117];
export const G5_TABLE_W = [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135];

const hostType = (name: string, mipsPerPe: number, table: number[]): SimHostType => ({
  name,
  pes: 2,
  mipsPerPe,
  ramMB: 4096,
  bwKbps: 1_000_000,
  storageMB: 1_000_000,
  power: specPowerCurve(table),
  maxPowerW: table[table.length - 1]!,
});

export const REFERENCE_HOST_TYPES: SimHostType[] = [
  hostType('HP ProLiant ML110 G4 (Xeon 3040)', 1860, G4_TABLE_W),
  hostType('HP ProLiant ML110 G5 (Xeon 3075)', 2660, G5_TABLE_W),
];

/** EC2 High-CPU Medium, Extra Large, Small, Micro with RAM halved (§6). */
export const REFERENCE_VM_TYPES: SimVmType[] = [
  { name: 'high-cpu-medium', mips: 2500, ramMB: 870, bwKbps: 100_000, sizeMB: 2500 },
  { name: 'extra-large', mips: 2000, ramMB: 1740, bwKbps: 100_000, sizeMB: 2500 },
  { name: 'small', mips: 1000, ramMB: 1740, bwKbps: 100_000, sizeMB: 2500 },
  { name: 'micro', mips: 500, ramMB: 613, bwKbps: 100_000, sizeMB: 2500 },
];

export const REFERENCE_HOSTS = 800;

/** VM i gets type floor(i / ceil(n / types)): contiguous blocks, as CloudSim's PlanetLabHelper does. */
export function vmTypesInQuarters(vms: number, types = REFERENCE_VM_TYPES.length): Uint8Array {
  const block = Math.ceil(vms / types);
  return Uint8Array.from({ length: vms }, (_, i) => Math.floor(i / block));
}

/** The reference scenario for n VMs: `hosts` hosts alternating G4 (even ids) and G5 (odd ids). */
export function referenceScenario(vms: number, hosts = REFERENCE_HOSTS): SimScenario {
  return {
    hostTypes: REFERENCE_HOST_TYPES,
    hostTypeOf: Uint8Array.from({ length: hosts }, (_, i) => i % 2),
    vmTypes: REFERENCE_VM_TYPES,
    vmTypeOf: vmTypesInQuarters(vms),
    hostNames: Array.from({ length: hosts }, (_, i) => `host-${i}`),
  };
}

/** Enough of a dcctl host to simulate it (see Datacenter in model.ts). */
export interface DatacenterHostLike {
  name: string;
  cores: number;
  mhz: number | null;
  memoryBytes: number;
  nicBytesPerSec: number;
  power: { kind: 'linear'; idleW: number; maxW: number } | { kind: 'table'; tableW: number[] } | null;
}

/**
 * A dcctl datacenter as a simulation fleet: one PE per core rated at the core clock in MIPS
 * (CloudSim's convention: the ML110 G4's 1860 MHz Xeon is its 1860-MIPS PE), RAM and NIC from the
 * file, the host's own power model. VMs still come from the traces with the reference types.
 * Hosts without a clock or a power model cannot be simulated: returns their names instead.
 */
export function datacenterScenario(hosts: readonly DatacenterHostLike[]): ((vms: number) => SimScenario) | { missing: string[] } {
  const missing = hosts.filter((h) => h.mhz === null || h.power === null).map((h) => h.name);
  if (missing.length > 0 || hosts.length === 0) return { missing };
  const types: SimHostType[] = [];
  const typeOf = new Uint8Array(hosts.length);
  const keys = new Map<string, number>();
  hosts.forEach((h, i) => {
    const key = JSON.stringify([h.cores, h.mhz, h.memoryBytes, h.nicBytesPerSec, h.power]);
    let t = keys.get(key);
    if (t === undefined) {
      const p = h.power!;
      t = types.length;
      keys.set(key, t);
      types.push({
        name: h.name,
        pes: h.cores,
        mipsPerPe: h.mhz!,
        ramMB: h.memoryBytes / 1e6,
        bwKbps: (h.nicBytesPerSec * 8) / 1000,
        storageMB: 1_000_000,
        power: p.kind === 'linear' ? linearPowerCurve(p.idleW, p.maxW) : specPowerCurve(p.tableW),
        maxPowerW: p.kind === 'linear' ? p.maxW : p.tableW[p.tableW.length - 1]!,
      });
    }
    if (t > 255) throw new Error('more than 256 distinct host shapes');
    typeOf[i] = t;
  });
  return (vms: number) => ({
    hostTypes: types,
    hostTypeOf: typeOf,
    vmTypes: REFERENCE_VM_TYPES,
    vmTypeOf: vmTypesInQuarters(vms),
    hostNames: hosts.map((h) => h.name),
  });
}
