import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatacenterSimulation } from '../../../src/core/simulate/engine.js';
import { parsePolicy } from '../../../src/core/simulate/policy.js';
import type { SimScenario } from '../../../src/core/simulate/scenario.js';
import { G4_TABLE_W, G5_TABLE_W, REFERENCE_HOST_TYPES, REFERENCE_VM_TYPES, referenceScenario, specPowerCurve } from '../../../src/core/simulate/scenario.js';
import { simulate } from '../../../src/core/simulate/simulate.js';
import { parseTrace } from '../../../src/core/simulate/trace.js';

const g4 = specPowerCurve(G4_TABLE_W);
const g5 = specPowerCurve(G5_TABLE_W);

function run(scenario: SimScenario, traces: number[][], policy: string, durationSec = 3600) {
  return new DatacenterSimulation({
    scenario, traces: traces.map((t) => Uint8Array.from(t)), traceIntervalSec: 300, policy: parsePolicy(policy),
    intervalSec: 300, durationSec, seed: 1, deleteIdleVms: true, updateAllHostsOnMigrationEnd: true,
  }).run();
}

const scenario = (hostTypes: number[], vmTypes: number[]): SimScenario => ({
  hostTypes: REFERENCE_HOST_TYPES, hostTypeOf: Uint8Array.from(hostTypes), vmTypes: REFERENCE_VM_TYPES, vmTypeOf: Uint8Array.from(vmTypes),
  hostNames: hostTypes.map((_, i) => `h${i}`),
});
const flat = (percent: number, samples = 13) => Array(samples).fill(percent);

describe('initial placement (t = 0)', () => {
  it('a 2500-MIPS VM never lands on a G4 (one PE of 1860 MIPS)', () => {
    expect(run(scenario([0, 1], [0]), [flat(50)], 'dvfs').hostsUsedAtStart).toBe(1);
    expect(run(scenario([0], [0]), [flat(50)], 'dvfs').unplacedVms).toBe(1);
  });

  it('DVFS packs first-fit; PABFD prefers the empty host whose power grows least', () => {
    // G4 +4.5 W vs G5 +3.1 W for a 500-MIPS VM; an occupied G5 would grow by 6.8 W: both go to empty G5s
    expect(run(scenario([0, 1, 0, 1], [3, 3]), [flat(20), flat(20)], 'dvfs').hostsUsedAtStart).toBe(1);
    expect(run(scenario([0, 1, 0, 1], [3, 3]), [flat(20), flat(20)], 'thr-mmt').hostsUsedAtStart).toBe(2);
  });
});

describe('a VM leaves for good the first time its demand is exactly 0 (CloudSim 3.0.3)', () => {
  it('two zero samples in a row remove it; one does not', () => {
    const twoZeros = [10, 0, 0, ...flat(10, 10)];
    const oneZero = [10, 0, 10, ...flat(10, 10)];
    const r = run(scenario([1, 1], [3, 3]), [twoZeros, oneZero], 'dvfs');
    expect(r.series[0]!.vms).toBe(1); // tick 1 (300.1 s) sees d[1] = d[2] = 0 for the first VM
    expect(r.vmsAtEnd).toBe(1);
  });
});

describe('NPA charges every host its full power', () => {
  it('(117 W + 135 W) x the last tick time', () => {
    const r = run(scenario([0, 1], [3]), [flat(30)], 'npa');
    // ticks at 0.1 + 300 k up to 3300.1 s within one hour
    expect(r.metrics.energyKWh).toBeCloseTo(((117 + 135) * 3300.1) / 3.6e6, 12);
  });
});

describe('one migration worked by hand', () => {
  // Two G5 hosts, two 2500-MIPS / 870 MB VMs at a constant 40 % (1000 MIPS). PABFD puts them on
  // separate hosts; at the first tick host 0 is the least utilized, its VM fits on host 1
  // (2000 / 5320 = 0.376 <= 0.8) and moves: 870 MB / 62.5 MB/s = 13.92 s.
  const r = run(scenario([1, 1], [0, 0]), [flat(40), flat(40)], 'thr-mmt');
  const m = r.metrics;

  it('one migration of 13.92 s', () => {
    expect(m.vmMigrations).toBe(1);
    expect(m.meanMigrationTimeSec).toBeCloseTo(13.92, 9);
  });

  it('energy: source and target during the migration (target +10 %), then one host at 2000 MIPS', () => {
    const during = (g5(1000 / 5320) + g5(1100 / 5320)) * 13.92;
    const after = g5(2000 / 5320) * (600.1 - 314.02 + 2700);
    expect(m.energyKWh * 3.6e6).toBeCloseTo(during + after, 6);
  });

  it('SLATAH: the target is in violation while the VM migrates in; PDM: the 10 % the VM loses', () => {
    expect(m.slatah).toBeCloseTo(13.92 / (13.92 + 3000), 12);
    expect(m.pdm).toBeCloseTo((100 * 13.92) / (1000 * 3000 * 2), 12);
    expect(m.hostShutdowns).toBe(1);
    expect(m.meanActiveHosts).toBeCloseTo((13.92 + 3000) / 3600, 12);
  });
});

describe('reduced day: the first 50 traces of 20110303 (fixtures/planetlab-mini)', () => {
  const dir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'planetlab-mini');
  const traces = readdirSync(dir).map((name) => parseTrace(name, readFileSync(join(dir, name), 'utf8')));
  const request = (policy: string) => ({ traces, policy: parsePolicy(policy), model: 'cloudsim' as const, seed: 1, intervalSec: 300, durationSec: 86400, traceIntervalSec: 300 });
  const dvfs = simulate(request('dvfs'));
  const thrMmt = simulate(request('thr-mmt'));
  const names = traces.map((t) => t.name).sort();
  const samples = names.map((n) => traces.find((t) => t.name === n)!.samples);

  it('NPA: 800 hosts at full power until the last tick = 2410.80 kWh', () => {
    expect(simulate(request('npa')).metrics.energyKWh).toBeCloseTo(((400 * 117 + 400 * 135) * 86100.1) / 3.6e6, 9);
  });

  it('DVFS first-fit uses 21 hosts (worked by hand in the test comment)', () => {
    // 13 x 2500 MIPS on G5 hosts 1..13 (two each, one on 13); 13 x 2000 on host 13 and G5s 15..25;
    // 13 x 1000 on G4s 0..12 (two each: RAM); 11 x 500 on G4s 0..10, 3 on 12, 1 on 13, 1 on 14.
    expect(dvfs.hostsUsedAtStart).toBe(21);
  });

  it('PABFD starts every VM on its own host (an empty host always costs less)', () => {
    expect(thrMmt.hostsUsedAtStart).toBe(50);
  });

  it('VMs still hosted after each tick follow the two-zeros rule for every policy', () => {
    const u = (s: Uint8Array, k: number) => s[Math.min(k, s.length - 1)]!;
    const expected: number[] = [];
    const gone = new Set<number>();
    for (let k = 1; k <= 287; k++) {
      samples.forEach((s, v) => {
        if (u(s, k) === 0 && u(s, k + 1) === 0) gone.add(v);
      });
      expected.push(50 - gone.size);
    }
    expect(dvfs.series.map((p) => p.vms)).toEqual(expected);
    expect(thrMmt.series.map((p) => p.vms)).toEqual(expected);
  });

  it('DVFS energy equals a from-scratch re-implementation of the reference rules (§6, §7.2, §7.2a, §7.4, §7.10)', () => {
    // First-fit placement by MIPS, RAM (4096 MB) and PE cap, in host id order; G4 even, G5 odd.
    const mips = [2500, 2000, 1000, 500], ram = [870, 1740, 1740, 613];
    const type = (v: number) => Math.floor(v / Math.ceil(50 / 4));
    const hostOf: number[] = [];
    const used = new Map<number, { mips: number; ram: number }>();
    for (let v = 0; v < 50; v++) {
      for (let h = 0; ; h++) {
        const pe = h % 2 === 0 ? 1860 : 2660;
        const u0 = used.get(h) ?? { mips: 0, ram: 0 };
        if (pe >= mips[type(v)]! && 2 * pe - u0.mips >= mips[type(v)]! && 4096 - u0.ram >= ram[type(v)]!) {
          used.set(h, { mips: u0.mips + mips[type(v)]!, ram: u0.ram + ram[type(v)]! });
          hostOf.push(h);
          break;
        }
      }
    }
    const demandAt = (s: Uint8Array, t: number) => {
      const k = Math.floor(t / 300);
      const a = s[Math.min(k, 287)]! / 100, b = s[Math.min(k + 1, 287)]! / 100;
      return a + ((b - a) / 300) * (t - 300 * k);
    };
    const alive = Array(50).fill(true);
    const previous = new Map<number, number>();
    let energy = 0;
    for (let k = 1, t = 300.1; k <= 287; k++, t += 300) {
      const load = new Map<number, number>();
      const demand = samples.map((s, v) => (alive[v] ? demandAt(s, t) * mips[type(v)]! : 0));
      demand.forEach((d, v) => alive[v] && load.set(hostOf[v]!, (load.get(hostOf[v]!) ?? 0) + d));
      for (const h of new Set(hostOf)) {
        const p = h % 2 === 0 ? g4 : g5;
        const total = h % 2 === 0 ? 3720 : 5320;
        const now = (load.get(h) ?? 0) / total;
        const before = previous.get(h) ?? 0;
        if (before > 0) energy += ((p(before) + p(now)) / 2) * (k === 1 ? 300.1 : 300);
        previous.set(h, now);
      }
      demand.forEach((d, v) => d === 0 && (alive[v] = false));
    }
    expect(dvfs.metrics.energyKWh).toBeCloseTo(energy / 3.6e6, 9);
  });

  it('THR-MMT on the reduced day: migrations of 9.808 s, 13.92 s or 27.84 s, less energy than DVFS', () => {
    const m = thrMmt.metrics;
    expect(m.vmMigrations).toBeGreaterThan(0);
    expect(m.meanMigrationTimeSec!).toBeGreaterThanOrEqual(9.808);
    expect(m.meanMigrationTimeSec!).toBeLessThanOrEqual(27.84);
    expect(m.energyKWh).toBeLessThan(dvfs.metrics.energyKWh);
    expect(m.slatah).toBeGreaterThan(0);
    expect(m.slav).toBeCloseTo(m.slatah * m.pdm, 15);
  });

  it('same seed, same run (RS)', () => {
    const a = simulate(request('mad-rs'));
    const b = simulate(request('mad-rs'));
    expect(a.metrics).toEqual(b.metrics);
    expect(referenceScenario(50).hostTypeOf.length).toBe(800);
  });
});

describe('invariants on random fleets and traces', () => {
  it('ratios stay in [0, 1], VMs only leave by the zero rule, energy is bounded by NPA', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 8 }),
      fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 13, maxLength: 13 }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom('thr-mmt', 'iqr-mu', 'mad-mc', 'lr-rs', 'dvfs'),
      (hosts, traces, policy) => {
        const s = scenario(hosts, traces.map((_, i) => i % 4));
        const r = run(s, traces, policy);
        const npa = run(s, traces, 'npa');
        const m = r.metrics;
        for (const ratio of [m.slatah, m.pdm, m.overallSlaViolation, m.averageSlaViolation]) {
          expect(ratio).toBeGreaterThanOrEqual(0);
          expect(ratio).toBeLessThanOrEqual(1);
        }
        expect(m.energyKWh).toBeLessThanOrEqual(npa.metrics.energyKWh + 1e-9);
        const vms = r.series.map((p) => p.vms);
        vms.forEach((n, i) => expect(n).toBeLessThanOrEqual(i === 0 ? traces.length - r.unplacedVms : vms[i - 1]!));
        for (const p of r.series) expect(p.activeHosts).toBeLessThanOrEqual(hosts.length);
      },
    ), { numRuns: 60 });
  });
});
