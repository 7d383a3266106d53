import type { MigrationMode } from '../migration/types.js';

/** One migration a plan asks for, with why and what the migration engine predicts for it alone. */
export interface Move {
  vm: string;
  from: string;
  to: string;
  mode: MigrationMode;
  reason: string;
  predictedTimeSec: number;
  predictedDowntimeMs: number;
  /** A temporary hop: the VM passes through this host to break a cycle of moves (core/plan/execute.ts). */
  hop?: true;
}

/** The same metrics before and after a plan. Utilization is CPU (busy cores / cores), as fractions. */
export interface FleetMetrics {
  /** Hosts holding at least one VM. */
  activeHosts: number;
  /** Hosts powered on (active or idle). */
  hostsOn: number;
  powerWatts: number;
  energyPerDayKWh: number;
  /** Standard deviation of CPU utilization over powered-on hosts (DRS's imbalance measure). */
  utilizationStdDev: number;
  memoryStdDev: number;
  meanUtilization: number;
  maxUtilization: number;
  hottestHost: string | null;
  /** Hosts above the CPU ceiling. */
  hotSpots: number;
  /** Hosts without a power model (their watts are not in powerWatts). */
  hostsWithoutPowerModel: number;
}

export interface Plan {
  strategy: string;
  moves: Move[];
  before: FleetMetrics;
  after: FleetMetrics;
  hostsFreed: string[];
  /** Hosts the plan powers off (consolidate --power-off): those it frees and those already empty. */
  hostsPoweredOff: string[];
  /** Hosts that were on and empty before the plan (consolidate; --power-off turns them off too). */
  hostsEmptyBefore: string[];
  lowerBoundHosts: number;
  /**
   * Consolidation: the fewest moves any plan needs to reach this plan's active host count (it
   * must empty that many of today's active hosts, at best those with the fewest VMs); null for
   * plans that do not aim at a host count (balance, maintenance).
   */
  movesLowerBound: number | null;
  /** Time to carry out every move on the shared network, under the concurrency limit. */
  makespanSec: number;
  /** VMs the plan could have moved but left, and why (SLA, pinned, passthrough, ...). */
  kept: { vm: string; host: string; reason: string }[];
  warnings: string[];
}
