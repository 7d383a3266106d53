import { countNonZeroBeginning } from './stats.js';

/** VM utilization history kept per VM (PowerVm.HISTORY_LENGTH). */
export const HISTORY_LENGTH = 30;

/**
 * Every VM's last HISTORY_LENGTH utilization samples, newest first (PowerVm's history, which
 * travels with the VM), and host histories built from them (PowerHostUtilizationHistory), cached
 * per host until its VM list or the samples change.
 */
export class UtilizationHistories {
  private readonly values: Float64Array;
  private readonly counts: Uint8Array;
  private readonly hostCache: (Float64Array | undefined)[];
  private readonly hostCacheVersion: Float64Array;
  private readonly scratch = new Float64Array(HISTORY_LENGTH);

  constructor(vms: number, hosts: number, private readonly vmMips: Float64Array, private readonly hostMips: Float64Array) {
    this.values = new Float64Array(vms * HISTORY_LENGTH);
    this.counts = new Uint8Array(vms);
    this.hostCache = new Array(hosts);
    this.hostCacheVersion = new Float64Array(hosts).fill(-1);
  }

  /** PowerVm.addUtilizationHistoryValue: newest first, at most HISTORY_LENGTH values. */
  add(vm: number, value: number): void {
    const base = vm * HISTORY_LENGTH;
    this.values.copyWithin(base + 1, base, base + HISTORY_LENGTH - 1);
    this.values[base] = value;
    if (this.counts[vm]! < HISTORY_LENGTH) this.counts[vm]!++;
  }

  /** A view of the VM's history, newest first (valid until the next add). */
  ofVm(vm: number): Float64Array {
    const base = vm * HISTORY_LENGTH;
    return this.values.subarray(base, base + this.counts[vm]!);
  }

  /**
   * The host's history over `vms` (with `extraVm` appended when >= 0, as if just placed there),
   * trailing zeros cut (MathUtil.trimZeroTail). `version` identifies the list and samples.
   */
  ofHost(host: number, vms: readonly number[], version: number, extraVm: number): Float64Array {
    const h = this.scratch;
    h.set(this.hostBase(host, vms, version));
    if (extraVm >= 0) this.addScaled(h, extraVm, this.hostMips[host]!);
    return h.subarray(0, countNonZeroBeginning(h));
  }

  private hostBase(host: number, vms: readonly number[], version: number): Float64Array {
    const cached = this.hostCache[host];
    if (cached && this.hostCacheVersion[host] === version) return cached;
    const h = cached ?? new Float64Array(HISTORY_LENGTH);
    h.fill(0);
    for (const v of vms) this.addScaled(h, v, this.hostMips[host]!);
    this.hostCache[host] = h;
    this.hostCacheVersion[host] = version;
    return h;
  }

  /** Adds one VM's history scaled to the host (utilization x VM MIPS / host MIPS), in list order. */
  private addScaled(into: Float64Array, vm: number, hostMips: number): void {
    const n = this.counts[vm]!;
    const base = vm * HISTORY_LENGTH;
    const mips = this.vmMips[vm]!;
    for (let i = 0; i < n; i++) into[i] = into[i]! + (this.values[base + i]! * mips) / hostMips;
  }
}
