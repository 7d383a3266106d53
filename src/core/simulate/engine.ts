import type { Detector, HostSignal } from './detectors.js';
import { makeDetector } from './detectors.js';
import type { SimMetrics } from './metrics.js';
import type { MeterTotals } from './metrics.js';
import { HostHistoryMeter, meterTotals, metricsFrom, VmHistoryMeter } from './metrics.js';
import type { PolicySpec } from './policy.js';
import { placeAtCreation } from './creation.js';
import type { SimScenario } from './scenario.js';
import type { SelectionContext, Selector } from './selectors.js';
import { makeSelector } from './selectors.js';
import { JavaRandom } from './stats.js';
import { UtilizationHistories } from './utilization-history.js';

/** CloudSim's first event after t = 0 (minimum time between events): ticks fall at 0.1 + k x interval. */
const FIRST_EVENT_SEC = 0.1;

/** How migrations take time: CloudSim's RAM / (BW / 2), or a caller-supplied model (pre-copy). */
export interface MigrationTimer {
  /**
   * For the migrations a tick selects, in order: when each starts (seconds after the tick; a
   * migration may wait for a slot on its hosts), how long it then takes, and its downtime.
   */
  durations(moves: readonly { vm: number; from: number; to: number }[], sim: SimulationView): { startOffsetSec: number; durationSec: number; downtimeSec: number }[];
}

/** Read-only facts a migration timer may use. */
export interface SimulationView {
  ramMB(vm: number): number;
  utilizationFraction(vm: number): number;
  hostBwKbps(host: number): number;
}

export interface SimOptions {
  scenario: SimScenario;
  /** Percent samples per VM, index-aligned with scenario.vmTypeOf. */
  traces: readonly Uint8Array[];
  traceIntervalSec: number;
  policy: PolicySpec;
  intervalSec: number;
  durationSec: number;
  seed: number;
  /** 'cloudsim': VMs whose demand is exactly 0 at an update are removed for good (§7.2a). */
  deleteIdleVms: boolean;
  /** CloudSim updates every host when a migration ends; the pre-copy model only the two involved. */
  updateAllHostsOnMigrationEnd: boolean;
  migrationTimer?: MigrationTimer;
  onTick?: (timeSec: number) => void;
}

export interface SeriesPoint {
  timeSec: number;
  activeHosts: number;
  powerW: number;
  overloadedHosts: number;
  migrations: number;
  vms: number;
}

export interface SimResult {
  metrics: SimMetrics;
  /** The sums the metrics come from (to pool independent clusters). */
  totals: MeterTotals;
  /** Clusters simulated independently (1: the whole fleet is one). */
  clusters?: number;
  series: SeriesPoint[];
  ticks: number;
  hosts: number;
  vms: number;
  unplacedVms: number;
  /** Hosts holding VMs after the initial placement at t = 0. */
  hostsUsedAtStart: number;
  vmsAtEnd: number;
  /** Sum of migration downtimes (pre-copy model only), seconds. */
  downtimeSec: number;
  /** VM-ticks simulated (for time per VM-tick). */
  vmTicks: number;
}

interface PendingMigration {
  vm: number;
  target: number;
  /** When it ends, or for a queued one (`start` set) when it starts. */
  endSec: number;
  start?: { durationSec: number; downtimeSec: number };
}

/**
 * CloudSim 3.0.3's PowerDatacenter with PowerVmAllocationPolicyMigration* run on a simulated
 * clock, following consolidation-model.md §7 step by step (tick order, CPU sharing with the
 * over-subscription scheduler, PABFD placement, underload evacuation, migration as 10 % extra load
 * on the target and 10 % loss at the source, energy by trapezoid between host updates).
 * Differences from the Java are in data structures only; decisions, ties and update instants
 * are the same.
 */
export class DatacenterSimulation {
  private readonly o: SimOptions;
  private readonly nHosts: number;
  private readonly nVms: number;
  private readonly totalMips: Float64Array;
  private readonly peMips: Float64Array;
  private readonly bwKbps: Float64Array;
  private readonly power: ((u: number) => number)[];
  private readonly maxPower: Float64Array;
  private readonly vmMips: Float64Array;
  private readonly vmRam: Float64Array;
  private readonly vmList: number[][];
  private readonly migIn: number[][];
  /** Host utilization MIPS at its last update (HostDynamicWorkload.utilizationMips). */
  private readonly util: Float64Array;
  // Scheduler figures for the current VM lists (kept fresh during the planning pass).
  private readonly availMips: Float64Array;
  private readonly cpuMips: Float64Array;
  private readonly reqMips: Float64Array;
  private readonly vmHost: Int32Array;
  private readonly alive: Uint8Array;
  private readonly inMigration: Uint8Array;
  /** Selected for a migration that has not started yet (pre-copy model's per-host slots). */
  private readonly queued: Uint8Array;
  private readonly demand: Float64Array;
  private readonly histories: UtilizationHistories;
  /** Bumped whenever a host's VM list changes (invalidates its cached history). */
  private readonly listVersion: Float64Array;
  private readonly hostMeter: HostHistoryMeter;
  private readonly vmMeter: VmHistoryMeter;
  private readonly detect: Detector | null;
  private readonly select: Selector | null;
  private readonly random: JavaRandom;
  private readonly hostSignal: HostSignal & { host: number; extraVm: number };
  private readonly selection: SelectionContext;
  private pending: PendingMigration[] = [];
  private lastProcessSec = 0;
  private energyWattSec = 0;
  private migrations = 0;
  private downtimeSec = 0;
  private vmTicks = 0;
  private unplaced = 0;
  private scanId = 0;
  private readonly hostUpdatedSec: Float64Array;
  private readonly idleTypeSeen: Float64Array;

  constructor(options: SimOptions) {
    this.o = options;
    const s = options.scenario;
    this.nHosts = s.hostTypeOf.length;
    this.nVms = s.vmTypeOf.length;
    const hostType = (h: number) => s.hostTypes[s.hostTypeOf[h]!]!;
    this.totalMips = Float64Array.from({ length: this.nHosts }, (_, h) => hostType(h).pes * hostType(h).mipsPerPe);
    this.peMips = Float64Array.from({ length: this.nHosts }, (_, h) => hostType(h).mipsPerPe);
    this.bwKbps = Float64Array.from({ length: this.nHosts }, (_, h) => hostType(h).bwKbps);
    this.power = Array.from({ length: this.nHosts }, (_, h) => hostType(h).power);
    this.maxPower = Float64Array.from({ length: this.nHosts }, (_, h) => hostType(h).maxPowerW);
    this.vmMips = Float64Array.from({ length: this.nVms }, (_, v) => s.vmTypes[s.vmTypeOf[v]!]!.mips);
    this.vmRam = Float64Array.from({ length: this.nVms }, (_, v) => s.vmTypes[s.vmTypeOf[v]!]!.ramMB);
    this.vmList = Array.from({ length: this.nHosts }, () => []);
    this.migIn = Array.from({ length: this.nHosts }, () => []);
    this.util = new Float64Array(this.nHosts);
    this.availMips = Float64Array.from(this.totalMips);
    this.cpuMips = new Float64Array(this.nHosts);
    this.reqMips = new Float64Array(this.nHosts);
    this.vmHost = new Int32Array(this.nVms).fill(-1);
    this.alive = new Uint8Array(this.nVms);
    this.inMigration = new Uint8Array(this.nVms);
    this.queued = new Uint8Array(this.nVms);
    this.demand = new Float64Array(this.nVms);
    this.histories = new UtilizationHistories(this.nVms, this.nHosts, this.vmMips, this.totalMips);
    this.listVersion = new Float64Array(this.nHosts);
    this.idleTypeSeen = new Float64Array(s.hostTypes.length);
    this.hostUpdatedSec = new Float64Array(this.nHosts);
    this.hostMeter = new HostHistoryMeter(this.nHosts);
    this.vmMeter = new VmHistoryMeter(this.nVms);
    this.random = new JavaRandom(options.seed);
    const p = options.policy;
    this.detect = p.kind === 'migration' ? makeDetector(p.detector, p.parameter) : null;
    this.select = p.kind === 'migration' ? makeSelector(p.selector) : null;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sim = this;
    // The host as the detector sees it, optionally with one more VM appended to its list
    // (isHostOverUtilizedAfterAllocation), without touching the list.
    this.hostSignal = {
      host: 0,
      extraVm: -1,
      intervalSec: options.intervalSec,
      utilization() {
        const requested = this.extraVm >= 0 ? sim.reqMips[this.host]! + sim.demand[this.extraVm]! : sim.reqMips[this.host]!;
        return requested / sim.totalMips[this.host]!;
      },
      history() {
        return sim.histories.ofHost(this.host, sim.vmList[this.host]!, sim.listVersion[this.host]!, this.extraVm);
      },
      maxMigrationSec() {
        let maxRam = this.extraVm >= 0 ? sim.vmRam[this.extraVm]! : -2147483648;
        for (const v of sim.vmList[this.host]!) if (sim.vmRam[v]! > maxRam) maxRam = sim.vmRam[v]!;
        return maxRam / (sim.bwKbps[this.host]! / (2 * 8000));
      },
    };
    this.selection = {
      ramMB: (v) => this.vmRam[v]!,
      utilizationFraction: (v) => this.demand[v]! / this.vmMips[v]!,
      history: (v) => this.histories.ofVm(v),
      random: this.random,
    };
  }

  /** CloudSim UtilizationModelPlanetLabInMemory.getUtilization: samples / 100, linear in between. */
  private utilizationAt(vm: number, t: number): number {
    const samples = this.o.traces[vm]!;
    const step = this.o.traceIntervalSec;
    const at = (k: number) => samples[Math.min(k, samples.length - 1)]! / 100;
    if (t % step === 0) return at(Math.trunc(t / step));
    const k1 = Math.floor(t / step);
    const k2 = Math.ceil(t / step);
    const u1 = at(k1);
    const delta = (at(k2) - u1) / ((k2 - k1) * step);
    return u1 + delta * (t - k1 * step);
  }

  private isMigratingIn(host: number, vm: number): boolean {
    const m = this.migIn[host]!;
    return m.length > 0 && m.includes(vm);
  }

  /**
   * VmSchedulerTimeSharedOverSubscription over the host's VM list: requests capped at one PE,
   * a VM migrating in reserves 10 %, one migrating out gets 90 %; if the capped requests exceed the
   * host, everyone gets floor(request x factor x total / sum). Calls `each` with every VM's share.
   */
  private share(host: number, each?: (vm: number, allocated: number, migratingIn: boolean) => void): void {
    const list = this.vmList[host]!;
    const total = this.totalMips[host]!;
    if (list.length === 0) {
      this.availMips[host] = total;
      this.cpuMips[host] = 0;
      this.reqMips[host] = 0;
      return;
    }
    const pe = this.peMips[host]!;
    const anyIncoming = this.migIn[host]!.length > 0;
    const demand = this.demand;
    let avail = total, sum = 0, over = false, requested = 0, cpu = 0;
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      const d = demand[v]!;
      const c = d < pe ? d : pe;
      const r = anyIncoming && this.isMigratingIn(host, v) ? c * 0.1 : c;
      sum += r;
      requested += d;
      if (!over) {
        if (avail >= r) avail -= r;
        else over = true;
      }
    }
    const scale = over ? total / sum : 1;
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      const d = demand[v]!;
      const c = d < pe ? d : pe;
      const incoming = anyIncoming && this.isMigratingIn(host, v);
      const outgoing = !incoming && this.inMigration[v] === 1;
      let a: number;
      if (over) a = Math.floor(outgoing ? c * scale * 0.9 : incoming ? c * 0.1 * scale : c * scale);
      else a = outgoing ? c * 0.9 : incoming ? c * 0.1 : c;
      if (incoming) cpu += (a * 0.9) / 0.1;
      cpu += a;
      if (each) each(v, a, incoming);
    }
    this.availMips[host] = over ? 0 : avail;
    this.cpuMips[host] = cpu;
    this.reqMips[host] = requested;
  }

  /**
   * HostDynamicWorkload.updateVmsProcessing: new shares, state-history entries, utilization; and
   * the host's energy since its previous update (PowerHost.getEnergyLinearInterpolation: trapezoid,
   * nothing for an interval that starts idle; the non-power-aware baseline charges full power).
   */
  private updateHost(host: number, t: number): void {
    const before = this.util[host]!;
    this.hostUtilization = 0;
    this.hostTime = t;
    this.share(host, this.recordShare);
    const utilization = this.hostUtilization;
    this.hostMeter.add(host, t, utilization, this.reqMips[host]!);
    this.util[host] = utilization;
    const dt = t - this.hostUpdatedSec[host]!;
    this.hostUpdatedSec[host] = t;
    if (dt <= 0) return;
    if (this.o.policy.kind === 'npa') {
      this.energyWattSec += this.maxPower[host]! * dt;
      return;
    }
    const from = this.utilizationOfCpu(host, before);
    if (from === 0) return;
    const p0 = this.power[host]!(from);
    const p1 = this.power[host]!(this.utilizationOfCpu(host));
    this.energyWattSec += (p0 + (p1 - p0) / 2) * dt;
  }

  private utilizationOfCpu(host: number, mips = this.util[host]!): number {
    const u = mips / this.totalMips[host]!;
    return u > 1 && u < 1.01 ? 1 : u;
  }

  /** PowerDatacenter.updateCloudetProcessingWithoutSchedulingFutureEventsForce. */
  private updateDatacenter(t: number, tick: boolean): void {
    for (let v = 0; v < this.nVms; v++) {
      if (!this.alive[v]) continue;
      const u = this.utilizationAt(v, t);
      this.demand[v] = u * this.vmMips[v]!;
      if (tick) this.histories.add(v, u);
    }
    if (tick) for (let h = 0; h < this.nHosts; h++) this.listVersion[h]!++; // histories moved on
    for (let h = 0; h < this.nHosts; h++) this.updateHost(h, t);
    this.lastProcessSec = t;
    if (!this.o.deleteIdleVms) return;
    for (let h = 0; h < this.nHosts; h++) {
      const list = this.vmList[h]!;
      for (let i = list.length - 1; i >= 0; i--) {
        const v = list[i]!;
        if (!this.inMigration[v] && this.demand[v] === 0) {
          list.splice(i, 1);
          this.listVersion[h]!++;
          this.alive[v] = 0;
          this.vmHost[v] = -1;
        }
      }
    }
  }

  /** Updates only some hosts (pre-copy model: a migration end touches its two hosts). */
  private updateHosts(hosts: readonly number[], t: number): void {
    for (const h of hosts) {
      if (h < 0) continue;
      for (const v of this.vmList[h]!) this.demand[v] = this.utilizationAt(v, t) * this.vmMips[v]!;
    }
    for (const h of hosts) if (h >= 0) this.updateHost(h, t);
    this.lastProcessSec = t;
  }

  // ---- initial placement (t = 0): see creation.ts ----

  private placeInitially(): void {
    const { vmHost, unplaced } = placeAtCreation(this.o.scenario, this.o.policy);
    this.unplaced = unplaced;
    vmHost.forEach((h, v) => {
      if (h < 0) return;
      this.vmList[h]!.push(v);
      this.vmHost[v] = h;
      this.alive[v] = 1;
    });
  }

  // ---- optimizeAllocation (PowerVmAllocationPolicyMigrationAbstract) ----

  private overloaded(host: number, extraVm = -1): boolean {
    this.hostSignal.host = host;
    this.hostSignal.extraVm = extraVm;
    return this.detect!(this.hostSignal);
  }

  private hostUtilization = 0;
  private hostTime = 0;
  /** Per-VM part of updateHost: the VM's state-history entry and its share of host utilization. */
  private readonly recordShare = (v: number, a: number, incoming: boolean): void => {
    if (!incoming) {
      this.vmMeter.add(v, this.hostTime, a, this.demand[v]!, this.inMigration[v] === 1);
      if (this.inMigration[v]) a /= 0.9;
    }
    this.hostUtilization += a;
  };

  /** Hosts whose list the planning pass changed, with the list as it was. */
  private touched = new Map<number, number[]>();

  private addTentative(host: number, vm: number): void {
    if (!this.touched.has(host)) this.touched.set(host, [...this.vmList[host]!]);
    this.vmList[host]!.push(vm);
    this.listVersion[host]!++;
    this.share(host);
  }

  private removeTentative(host: number, vm: number): void {
    if (!this.touched.has(host)) this.touched.set(host, [...this.vmList[host]!]);
    const list = this.vmList[host]!;
    list.splice(list.lastIndexOf(vm), 1);
    this.listVersion[host]!++;
    this.share(host);
  }

  /** The host's detector with the VM appended to its list, as vmCreate / test / vmDestroy does. */
  private overloadedAfter(host: number, vm: number): boolean {
    return this.overloaded(host, vm);
  }

  /** findHostForVm: least power increase among suitable, not-overloaded-after hosts; ties to the lowest id. */
  private findHost(vm: number, excluded: Uint8Array, powerNow: Float64Array): number {
    const d = this.demand[vm]!;
    let chosen = -1;
    let minPower = Number.MAX_VALUE;
    const scan = ++this.scanId;
    const typeOf = this.o.scenario.hostTypeOf;
    for (let h = 0; h < this.nHosts; h++) {
      if (excluded[h] || this.peMips[h]! < d || this.availMips[h]! < d) continue;
      if (this.util[h] === 0 && this.vmList[h]!.length === 0) {
        // Empty, idle hosts of one type all score the same: only the first can win the tie.
        if (this.idleTypeSeen[typeOf[h]!] === scan) continue;
        this.idleTypeSeen[typeOf[h]!] = scan;
      }
      const cpu = this.cpuMips[h]!;
      const after = (cpu + d) / this.totalMips[h]!;
      if (after > 1) continue; // CloudSim's power model would throw here
      const diff = this.power[h]!(after) - powerNow[h]!;
      if (!(diff < minPower)) continue; // cannot win: skip the (costlier) overload test
      if (cpu !== 0 && this.overloadedAfter(h, vm)) continue;
      minPower = diff;
      chosen = h;
    }
    return chosen;
  }

  private byDemandDescending(vms: number[]): number[] {
    return vms.sort((a, b) => this.demand[b]! - this.demand[a]!); // stable, as Collections.sort
  }

  /** Returns (vm, target) pairs in CloudSim's order; VM lists are restored before returning. */
  private optimize(): { moves: { vm: number; to: number }[]; overloadedHosts: number } {
    const n = this.nHosts;
    this.touched = new Map();
    for (let h = 0; h < n; h++) this.share(h);
    const powerNow = Float64Array.from({ length: n }, (_, h) => {
      const u = this.utilizationOfCpu(h);
      return u <= 1 ? this.power[h]!(u) : Number.NaN;
    });
    const overloaded = new Uint8Array(n);
    const overloadedHosts: number[] = [];
    for (let h = 0; h < n; h++) {
      if (this.vmList[h]!.length > 0 && this.overloaded(h)) {
        overloaded[h] = 1;
        overloadedHosts.push(h);
      }
    }
    // VM selection: take VMs off each overloaded host until it is no longer overloaded.
    const toMigrate: number[] = [];
    for (const h of overloadedHosts) {
      for (;;) {
        const candidates = this.vmList[h]!.filter((v) => !this.inMigration[v] && !this.queued[v]);
        const vm = this.select!(candidates, this.selection);
        if (vm < 0) break;
        toMigrate.push(vm);
        this.removeTentative(h, vm);
        if (!this.overloaded(h)) break;
      }
    }
    const moves: { vm: number; to: number }[] = [];
    for (const vm of this.byDemandDescending(toMigrate)) {
      const target = this.findHost(vm, overloaded, powerNow);
      if (target >= 0) {
        this.addTentative(target, vm);
        moves.push({ vm, to: target });
      }
    }
    // Underloaded hosts: empty the least-utilized host, all or nothing, until none is left.
    const excludedFind = Uint8Array.from(overloaded);
    const excludedPlace = Uint8Array.from(overloaded);
    for (let h = 0; h < n; h++) {
      if (this.utilizationOfCpu(h) === 0) {
        excludedFind[h] = 1;
        excludedPlace[h] = 1;
      }
    }
    // Utilizations are those of the last update and do not change while planning, so hosts can be
    // visited in (utilization, id) order; a host skipped once stays skipped (it only changes by
    // becoming a target, which excludes it).
    const byUtilization: number[] = [];
    const uNow = new Float64Array(n);
    for (let h = 0; h < n; h++) {
      uNow[h] = this.utilizationOfCpu(h);
      if (uNow[h]! > 0 && uNow[h]! < 1) byUtilization.push(h);
    }
    byUtilization.sort((a, b) => uNow[a]! - uNow[b]! || a - b);
    let cursor = 0;
    for (;;) {
      while (cursor < byUtilization.length && (excludedFind[byUtilization[cursor]!] || this.allMigratingOutOrAnyMigratingIn(byUtilization[cursor]!))) cursor++;
      if (cursor >= byUtilization.length) break;
      const underloaded = byUtilization[cursor++]!;
      excludedFind[underloaded] = 1;
      excludedPlace[underloaded] = 1;
      const vms = this.vmList[underloaded]!.filter((v) => !this.inMigration[v] && !this.queued[v]);
      if (vms.length === 0) continue;
      const placed: { vm: number; to: number }[] = [];
      for (const vm of this.byDemandDescending(vms)) {
        const target = this.findHost(vm, excludedPlace, powerNow);
        if (target < 0) {
          for (const p of placed) this.removeTentative(p.to, p.vm);
          placed.length = 0;
          break;
        }
        this.addTentative(target, vm);
        placed.push({ vm, to: target });
      }
      for (const p of placed) excludedFind[p.to] = 1;
      moves.push(...placed);
    }
    // restoreAllocation: VMs migrating in first, then the others in their saved order.
    for (const [h, original] of this.touched) {
      this.vmList[h] = [...this.migIn[h]!, ...original.filter((v) => !this.isMigratingIn(h, v))];
      this.listVersion[h]!++;
      this.share(h);
    }
    for (let h = 0; h < n; h++) {
      if (this.migIn[h]!.length > 0 && !this.touched.has(h)) {
        const original = this.vmList[h]!;
        this.vmList[h] = [...this.migIn[h]!, ...original.filter((v) => !this.isMigratingIn(h, v))];
        this.listVersion[h]!++;
      }
    }
    this.touched = new Map();
    return { moves, overloadedHosts: overloadedHosts.length };
  }

  /** CloudSim skips a host whose first non-migrating VM comes after one migrating in, or whose VMs all migrate. */
  private allMigratingOutOrAnyMigratingIn(host: number): boolean {
    for (const v of this.vmList[host]!) {
      if (!this.inMigration[v] && !this.queued[v]) return false;
      if (this.isMigratingIn(host, v)) return true;
    }
    return true;
  }

  private startMigrations(moves: readonly { vm: number; to: number }[], t: number): void {
    const view: SimulationView = {
      ramMB: (v) => this.vmRam[v]!,
      utilizationFraction: (v) => this.demand[v]! / this.vmMips[v]!,
      hostBwKbps: (h) => this.bwKbps[h]!,
    };
    const timed = this.o.migrationTimer?.durations(moves.map((m) => ({ vm: m.vm, from: this.vmHost[m.vm]!, to: m.to })), view);
    moves.forEach((m, i) => {
      if (!timed) {
        // CloudSim: RAM / (BW / (2 x 8000)), i.e. half the link in MB/s.
        this.beginMigration(m.vm, m.to, t, this.vmRam[m.vm]! / (this.bwKbps[m.to]! / (2 * 8000)), 0);
        return;
      }
      const { startOffsetSec, durationSec, downtimeSec } = timed[i]!;
      if (startOffsetSec <= 0) this.beginMigration(m.vm, m.to, t, durationSec, downtimeSec);
      else {
        // Waits for a slot on its hosts: the VM runs on as before, but no plan may pick it again.
        this.queued[m.vm] = 1;
        this.pending.push({ vm: m.vm, target: m.to, endSec: t + startOffsetSec, start: { durationSec, downtimeSec } });
      }
    });
    this.sortPending();
  }

  /** Host.addMigratingInVm: the VM runs on the source at 90 %, the target reserves 10 %, until it ends. */
  private beginMigration(vm: number, to: number, t: number, durationSec: number, downtimeSec: number): void {
    const source = this.vmHost[vm]!;
    this.inMigration[vm] = 1;
    this.migIn[to]!.push(vm);
    this.vmList[to]!.push(vm);
    this.listVersion[to]!++;
    this.updateHost(to, t);
    this.updateHost(source, t);
    this.migrations++;
    if (downtimeSec > 0) {
      this.downtimeSec += downtimeSec;
      this.vmMeter.chargeDowntime(this.demand[vm]!, downtimeSec);
    }
    this.pending.push({ vm, target: to, endSec: t + durationSec });
  }

  /** By time; ends before starts at the same instant; otherwise the order they were added in. */
  private sortPending(): void {
    this.pending.sort((a, b) => a.endSec - b.endSec || (a.start ? 1 : 0) - (b.start ? 1 : 0));
  }

  /** Datacenter.processVmMigrate for every migration ending at or before `until`. */
  private finishMigrations(until: number): void {
    while (this.pending.length > 0 && this.pending[0]!.endSec <= until) {
      const next = this.pending[0]!;
      if (next.start) {
        // A queued migration gets its slot (pre-copy model): bring its hosts up to now, then start.
        this.pending.shift();
        const at = next.endSec;
        this.updateHosts([this.vmHost[next.vm]!, next.target], at);
        this.queued[next.vm] = 0;
        this.beginMigration(next.vm, next.target, at, next.start.durationSec, next.start.downtimeSec);
        this.sortPending();
        continue;
      }
      const at = next.endSec;
      const involved = new Set<number>();
      for (const m of this.pending) {
        if (m.endSec !== at || m.start) break;
        involved.add(this.vmHost[m.vm]!).add(m.target);
      }
      const refresh = () => (this.o.updateAllHostsOnMigrationEnd ? this.updateDatacenter(at, false) : this.updateHosts([...involved], at));
      if (at > this.lastProcessSec || !this.o.updateAllHostsOnMigrationEnd) refresh();
      while (this.pending.length > 0 && this.pending[0]!.endSec === at && !this.pending[0]!.start) {
        const m = this.pending.shift()!;
        const source = this.vmHost[m.vm]!;
        if (source >= 0) {
          const list = this.vmList[source]!;
          const i = list.indexOf(m.vm);
          if (i >= 0) list.splice(i, 1);
          this.listVersion[source]!++;
        }
        const target = this.vmList[m.target]!;
        target.splice(target.indexOf(m.vm), 1);
        const incoming = this.migIn[m.target]!;
        incoming.splice(incoming.indexOf(m.vm), 1);
        this.inMigration[m.vm] = 0;
        target.push(m.vm);
        this.listVersion[m.target]!++;
        this.vmHost[m.vm] = m.target;
      }
      refresh();
    }
  }

  run(): SimResult {
    const o = this.o;
    this.placeInitially();
    const hostsUsedAtStart = this.vmList.filter((list) => list.length > 0).length;
    const series: SeriesPoint[] = [];
    let ticks = 0;
    for (let t = FIRST_EVENT_SEC + o.intervalSec; t <= o.durationSec; t += o.intervalSec) {
      this.finishMigrations(t);
      this.updateDatacenter(t, true);
      ticks++;
      let vms = 0;
      for (let v = 0; v < this.nVms; v++) vms += this.alive[v]!;
      this.vmTicks += vms;
      let overloadedHosts = 0;
      let moves: { vm: number; to: number }[] = [];
      if (o.policy.kind === 'migration') {
        ({ moves, overloadedHosts } = this.optimize());
        this.startMigrations(moves, t);
      }
      let activeHosts = 0, powerW = 0;
      for (let h = 0; h < this.nHosts; h++) {
        const u = this.utilizationOfCpu(h);
        if (u > 0) activeHosts++;
        if (o.policy.kind === 'npa') powerW += this.maxPower[h]!;
        else if (u > 0) powerW += this.power[h]!(Math.min(1, u));
      }
      series.push({ timeSec: t, activeHosts, powerW, overloadedHosts, migrations: moves.length, vms });
      o.onTick?.(t);
    }
    this.finishMigrations(o.durationSec);
    this.hostMeter.close();
    this.vmMeter.close();
    let vmsAtEnd = 0;
    for (let v = 0; v < this.nVms; v++) vmsAtEnd += this.alive[v]!;
    const totals = meterTotals(this.energyWattSec, this.migrations, this.hostMeter, this.vmMeter);
    return {
      metrics: metricsFrom(totals, o.durationSec),
      totals,
      series,
      ticks,
      hosts: this.nHosts,
      vms: this.nVms,
      unplacedVms: this.unplaced,
      hostsUsedAtStart,
      vmsAtEnd,
      downtimeSec: this.downtimeSec,
      vmTicks: this.vmTicks,
    };
  }
}
