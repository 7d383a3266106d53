import { describe, expect, it } from 'vitest';
import { HostHistoryMeter, summarize, VmHistoryMeter } from '../../../src/core/simulate/metrics.js';

describe('CloudSim metrics from state histories', () => {
  it('SLATAH pools violation time over active time; an entry at the same time overwrites; shutdowns are active -> idle transitions', () => {
    const hosts = new HostHistoryMeter(2);
    hosts.add(0, 300.1, 100, 100);
    hosts.add(0, 314.02, 50, 60);
    hosts.add(0, 314.02, 80, 90); // overwrites the previous entry
    hosts.add(0, 600.1, 0, 0);
    hosts.add(0, 900.1, 10, 10);
    hosts.add(1, 300.1, 0, 0); // hosts start "active": idle at the first entry is a shutdown
    hosts.close();
    expect(hosts.activeSec).toBeCloseTo(13.92 + 286.08, 9);
    expect(hosts.violationSec).toBeCloseTo(286.08, 9);
    expect(hosts.shutdowns).toBe(2);
    expect(hosts.shutdownSecSum).toBeCloseTo(600.1 + 300.1, 9);
  });

  it('PDM, overall and average SLA violation, migration time from a VM history', () => {
    const vms = new VmHistoryMeter(1);
    vms.add(0, 300.1, 900, 1000, false);
    vms.add(0, 310, 900, 1000, true);
    vms.add(0, 320, 1000, 1000, false);
    vms.add(0, 600, 500, 500, false);
    vms.close();
    const requested = 1000 * 9.9 + 1000 * 10 + 1000 * 280;
    const allocated = 900 * 9.9 + 900 * 10 + 1000 * 280;
    expect(vms.requestedMipsSec).toBeCloseTo(requested, 6);
    expect(vms.allocatedMipsSec).toBeCloseTo(allocated, 6);
    expect(vms.underAllocatedInMigrationMipsSec).toBeCloseTo(100 * 10, 9);
    expect(vms.migrationPeriods).toBe(1);
    expect(vms.migrationPeriodSecSum).toBe(10);

    const hosts = new HostHistoryMeter(1);
    hosts.add(0, 0, 10, 20);
    hosts.add(0, 100, 10, 10);
    hosts.add(0, 400, 0, 0);
    hosts.close();
    const m = summarize(3.6e6, 1, hosts, vms, 400);
    expect(m.energyKWh).toBe(1);
    expect(m.slatah).toBeCloseTo(100 / 400, 12);
    expect(m.pdm).toBeCloseTo(1000 / requested, 12);
    expect(m.slav).toBeCloseTo((100 / 400) * (1000 / requested), 12);
    expect(m.esv).toBeCloseTo(m.slav, 12);
    expect(m.overallSlaViolation).toBeCloseTo((requested - allocated) / requested, 12);
    expect(m.averageSlaViolation).toBeCloseTo(0.1, 12);
    expect(m.meanActiveHosts).toBeCloseTo(400 / 400, 12);
    expect(m.meanTimeBeforeHostShutdownSec).toBe(400);
    expect(m.meanMigrationTimeSec).toBe(10);
  });

  it('a migration downtime (pre-copy model) is charged as MIPS not delivered during migration', () => {
    const vms = new VmHistoryMeter(1);
    vms.add(0, 0, 1000, 1000, false);
    vms.add(0, 100, 1000, 1000, false);
    vms.chargeDowntime(1000, 0.2);
    const m = summarize(0, 1, new HostHistoryMeter(0), vms, 100);
    expect(m.pdm).toBeCloseTo(200 / 100_000, 12);
    expect(m.overallSlaViolation).toBeCloseTo(200 / 100_000, 12);
  });
});
