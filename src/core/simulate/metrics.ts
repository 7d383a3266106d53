/**
 * CloudSim 3.0.3's result metrics (Helper.printResults, consolidation-model.md §7.11), computed
 * incrementally from the host and VM state histories instead of storing them: an entry at the
 * time of the previous one overwrites it, and each interval between consecutive entries is
 * charged with the values of the earlier entry.
 */
export interface SimMetrics {
  energyKWh: number;
  vmMigrations: number;
  /** SLA violation time per active host, pooled over hosts (fraction). */
  slatah: number;
  /** Performance degradation due to migration, pooled over VMs (fraction). */
  pdm: number;
  slav: number;
  esv: number;
  overallSlaViolation: number;
  averageSlaViolation: number;
  hostShutdowns: number;
  meanActiveHosts: number;
  meanTimeBeforeHostShutdownSec: number | null;
  meanMigrationTimeSec: number | null;
}

/** Host state history: (time, allocated MIPS, requested MIPS, active). */
export class HostHistoryMeter {
  private readonly time: Float64Array;
  private readonly allocated: Float64Array;
  private readonly requested: Float64Array;
  private readonly active: Uint8Array;
  private readonly has: Uint8Array;
  /** Active flag of the last finished entry (hosts start "active"). */
  private readonly committedActive: Uint8Array;
  private readonly lastSwitchOn: Float64Array;
  activeSec = 0;
  violationSec = 0;
  shutdowns = 0;
  shutdownSecSum = 0;

  constructor(hosts: number) {
    this.time = new Float64Array(hosts);
    this.allocated = new Float64Array(hosts);
    this.requested = new Float64Array(hosts);
    this.active = new Uint8Array(hosts);
    this.has = new Uint8Array(hosts);
    this.committedActive = new Uint8Array(hosts).fill(1);
    this.lastSwitchOn = new Float64Array(hosts);
  }

  add(host: number, time: number, allocatedMips: number, requestedMips: number): void {
    if (this.has[host] && this.time[host] !== time) {
      this.finish(host);
      const dt = time - this.time[host]!;
      if (this.active[host]) {
        this.activeSec += dt;
        if (this.allocated[host]! < this.requested[host]!) this.violationSec += dt;
      }
    }
    this.has[host] = 1;
    this.time[host] = time;
    this.allocated[host] = allocatedMips;
    this.requested[host] = requestedMips;
    this.active[host] = allocatedMips > 0 ? 1 : 0;
  }

  /** The pending entry becomes final: count an active -> inactive transition (a shutdown). */
  private finish(host: number): void {
    const active = this.active[host]!;
    if (this.committedActive[host] && !active) {
      this.shutdowns++;
      this.shutdownSecSum += this.time[host]! - this.lastSwitchOn[host]!;
    }
    if (!this.committedActive[host] && active) this.lastSwitchOn[host] = this.time[host]!;
    this.committedActive[host] = active;
  }

  close(): void {
    for (let h = 0; h < this.has.length; h++) if (this.has[h]) this.finish(h);
  }
}

/** VM state history: (time, allocated MIPS, requested MIPS, in migration). */
export class VmHistoryMeter {
  private readonly time: Float64Array;
  private readonly allocated: Float64Array;
  private readonly requested: Float64Array;
  private readonly migrating: Uint8Array;
  private readonly has: Uint8Array;
  private readonly committedMigrating: Uint8Array;
  private readonly migrationStart: Float64Array;
  requestedMipsSec = 0;
  allocatedMipsSec = 0;
  underAllocatedInMigrationMipsSec = 0;
  violationRatioSum = 0;
  violationIntervals = 0;
  migrationPeriods = 0;
  migrationPeriodSecSum = 0;

  constructor(vms: number) {
    this.time = new Float64Array(vms);
    this.allocated = new Float64Array(vms);
    this.requested = new Float64Array(vms);
    this.migrating = new Uint8Array(vms);
    this.has = new Uint8Array(vms);
    this.committedMigrating = new Uint8Array(vms);
    this.migrationStart = new Float64Array(vms);
  }

  add(vm: number, time: number, allocatedMips: number, requestedMips: number, inMigration: boolean): void {
    if (this.has[vm] && this.time[vm] !== time) {
      this.finish(vm);
      const dt = time - this.time[vm]!;
      const allocated = this.allocated[vm]!;
      const requested = this.requested[vm]!;
      this.allocatedMipsSec += allocated * dt;
      this.requestedMipsSec += requested * dt;
      if (allocated < requested) {
        this.violationRatioSum += (requested - allocated) / requested;
        this.violationIntervals++;
        if (this.migrating[vm]) this.underAllocatedInMigrationMipsSec += (requested - allocated) * dt;
      }
    }
    this.has[vm] = 1;
    this.time[vm] = time;
    this.allocated[vm] = allocatedMips;
    this.requested[vm] = requestedMips;
    this.migrating[vm] = inMigration ? 1 : 0;
  }

  /** A migration's stop-and-copy pause (pre-copy model): the VM gets nothing for that long. */
  chargeDowntime(requestedMips: number, downtimeSec: number): void {
    this.underAllocatedInMigrationMipsSec += requestedMips * downtimeSec;
    this.allocatedMipsSec -= requestedMips * downtimeSec;
  }

  /** CloudSim's "time before a VM migration": the length of each in-migration period. */
  private finish(vm: number): void {
    const migrating = this.migrating[vm]!;
    if (this.committedMigrating[vm] && !migrating) {
      this.migrationPeriods++;
      this.migrationPeriodSecSum += this.time[vm]! - this.migrationStart[vm]!;
    }
    if (!this.committedMigrating[vm] && migrating) this.migrationStart[vm] = this.time[vm]!;
    this.committedMigrating[vm] = migrating;
  }

  close(): void {
    for (let v = 0; v < this.has.length; v++) if (this.has[v]) this.finish(v);
  }
}

/** The pooled sums behind the metrics: what independent runs (clusters) add up. */
export interface MeterTotals {
  energyWattSec: number;
  migrations: number;
  activeSec: number;
  violationSec: number;
  shutdowns: number;
  shutdownSecSum: number;
  requestedMipsSec: number;
  allocatedMipsSec: number;
  underAllocatedInMigrationMipsSec: number;
  violationRatioSum: number;
  violationIntervals: number;
  migrationPeriods: number;
  migrationPeriodSecSum: number;
}

export function meterTotals(energyWattSec: number, migrations: number, hosts: HostHistoryMeter, vms: VmHistoryMeter): MeterTotals {
  return {
    energyWattSec, migrations,
    activeSec: hosts.activeSec, violationSec: hosts.violationSec, shutdowns: hosts.shutdowns, shutdownSecSum: hosts.shutdownSecSum,
    requestedMipsSec: vms.requestedMipsSec, allocatedMipsSec: vms.allocatedMipsSec, underAllocatedInMigrationMipsSec: vms.underAllocatedInMigrationMipsSec,
    violationRatioSum: vms.violationRatioSum, violationIntervals: vms.violationIntervals,
    migrationPeriods: vms.migrationPeriods, migrationPeriodSecSum: vms.migrationPeriodSecSum,
  };
}

export function addTotals(a: MeterTotals, b: MeterTotals): MeterTotals {
  const out = { ...a };
  for (const key of Object.keys(b) as (keyof MeterTotals)[]) out[key] += b[key];
  return out;
}

export function summarize(energyWattSec: number, migrations: number, hosts: HostHistoryMeter, vms: VmHistoryMeter, durationSec: number): SimMetrics {
  return metricsFrom(meterTotals(energyWattSec, migrations, hosts, vms), durationSec);
}

/** CloudSim's formulas over pooled sums (SLATAH and PDM are pooled ratios in 3.0.3). */
export function metricsFrom(t: MeterTotals, durationSec: number): SimMetrics {
  const slatah = t.activeSec > 0 ? t.violationSec / t.activeSec : 0;
  const pdm = t.requestedMipsSec > 0 ? t.underAllocatedInMigrationMipsSec / t.requestedMipsSec : 0;
  const energyKWh = t.energyWattSec / 3.6e6;
  const slav = slatah * pdm;
  return {
    energyKWh,
    vmMigrations: t.migrations,
    slatah,
    pdm,
    slav,
    esv: energyKWh * slav,
    overallSlaViolation: t.requestedMipsSec > 0 ? (t.requestedMipsSec - t.allocatedMipsSec) / t.requestedMipsSec : 0,
    averageSlaViolation: t.violationIntervals > 0 ? t.violationRatioSum / t.violationIntervals : 0,
    hostShutdowns: t.shutdowns,
    meanActiveHosts: t.activeSec / durationSec,
    meanTimeBeforeHostShutdownSec: t.shutdowns > 0 ? t.shutdownSecSum / t.shutdowns : null,
    meanMigrationTimeSec: t.migrationPeriods > 0 ? t.migrationPeriodSecSum / t.migrationPeriods : null,
  };
}
