import type { Iteration, MigrationMode, Stage, StopReason, Timeline, TimeoutAction, VmWhere } from './types.js';

/** Everything one migration needs, in base units, after presets and flags are resolved. */
export interface JobSpec {
  id: string;
  vm: string;
  from: string;
  to: string;
  mode: MigrationMode;
  preset: string;
  memoryBytes: number;
  dirtyRateBytesPerSec: number;
  /** Most bytes that can be dirty at once (the writable working set), at most memory. */
  workingSetBytes: number;
  deviceStateBytes: number;
  pageSizeBytes: number;
  downtimeLimitSec: number | null;
  maxRounds: number | null;
  maxDataFactor: number | null;
  minDirtyPages: number | null;
  /** --bandwidth: this migration's own rate limit (Infinity for none). */
  capBytesPerSec: number;
  adaptiveRate: { startBytesPerSec: number; incrementBytesPerSec: number; maxBytesPerSec: number } | null;
  autoConverge: { initialPercent: number; incrementPercent: number; maxPercent: number; triggerFraction: number } | null;
  timeoutSec: number;
  timeoutAction: TimeoutAction;
  /** hybrid: pre-copy rounds before the switch to post-copy. */
  postcopyAfterRounds: number;
  nominalBytesPerSec: number;
  slaMaxDowntimeSec: number | null;
  /**
   * What the VM was doing when the move began (default active). A paused VM moved cold stays
   * paused, a suspended VM's saved image is copied and it stays suspended: neither was serving,
   * so the move adds no downtime.
   */
  startState?: 'active' | 'paused' | 'suspended';
}

type Phase = 'precopy' | 'stopcopy' | 'switch' | 'postcopy' | 'done';

/** Most pre-copy rounds of one migration (README: Live migration); then the timeout action applies. */
export const ROUND_CAP = 10_000;
/** Rounds a timeline records: the first half of these and the last half; `rounds` counts them all. */
export const RECORDED_ROUNDS = 200;

/**
 * One migration as a state machine driven by the engine, which tells it how many bytes it moved
 * at what rate. The pre-copy loop follows migration-model.md §A.2 round by round: round 0 sends
 * memory, round i sends what round i-1 dirtied (at most the writable working set); at each round
 * boundary the stop tests use the bandwidth the round actually got. Auto-converge follows QEMU
 * (§A.3) at round boundaries; post-copy and hybrid follow §A.5; cold §A.6.
 */
export class MigrationJob {
  phase: Phase = 'precopy';
  /** Bytes left in the current transfer. */
  remaining = 0;
  startAt = 0;
  private roundStart = 0;
  private roundBytes = 0;
  private sent = 0;
  private throttlePercent = 0;
  private acTriggers = 0;
  private acPeriod = { sec: 0, dirtied: 0, transferred: 0 };
  private adaptiveBytesPerSec: number;
  private pausedAt = 0;
  private switchEnd = 0;
  private stopReason: StopReason = 'converged';
  private outcome: 'completed' | 'aborted' = 'completed';
  private expectedDowntimeSec = 0;
  private endAt = 0;
  private precopyEnd = 0;
  private readonly iterations: Iteration[] = [];
  private rounds = 0;
  private readonly notes: string[] = [];

  /** `detailed: false` keeps no per-round records (for makespans; timeline() is then incomplete). */
  constructor(readonly spec: JobSpec, private readonly detailed = true) {
    this.adaptiveBytesPerSec = spec.adaptiveRate?.startBytesPerSec ?? Infinity;
  }

  /** The rate limit of this migration right now (its own cap, Xen's adaptive rate in pre-copy). */
  cap(): number {
    return this.phase === 'precopy' ? Math.min(this.spec.capBytesPerSec, this.adaptiveBytesPerSec) : this.spec.capBytesPerSec;
  }

  /** Seconds from start to end (the timeline's totalTimeSec). */
  get elapsedSec(): number {
    return this.endAt - this.startAt;
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  /** Absolute time at which the timeout fires (only while pre-copy is iterating). */
  timeoutAt(): number {
    return this.phase === 'precopy' ? this.startAt + this.spec.timeoutSec : Infinity;
  }

  start(now: number): void {
    this.startAt = now;
    const { mode, memoryBytes } = this.spec;
    if (mode === 'offline') {
      this.notes.push('offline: only the definition moves; memory is not copied');
      this.finish(now);
      return;
    }
    if (mode === 'cold') {
      this.enterStopCopy(now, memoryBytes, 'converged');
      const startState = this.spec.startState ?? 'active';
      this.notes.push(startState === 'suspended'
        ? 'suspended: its saved memory image is copied to the target, where it stays suspended (dcctl vm resume reads it there); no downtime is added'
        : startState === 'paused'
          ? 'cold: the VM was paused before the move and stays paused on the target; no downtime is added'
          : 'cold: the VM is paused for the whole copy');
      return;
    }
    if (mode === 'postcopy') {
      this.stopReason = 'postcopy-switch';
      this.enterSwitch(now, memoryBytes);
      return;
    }
    this.beginRound(now, memoryBytes);
  }

  private beginRound(now: number, bytes: number): void {
    this.phase = 'precopy';
    this.roundStart = now;
    this.roundBytes = bytes;
    this.remaining = bytes;
  }

  private dirtied(seconds: number): number {
    return Math.min(this.spec.dirtyRateBytesPerSec * (1 - this.throttlePercent / 100) * seconds, this.spec.workingSetBytes);
  }

  private record(now: number, bytes: number, dirtied: number): number {
    const duration = now - this.roundStart;
    const bandwidth = duration > 0 ? bytes / duration : this.spec.nominalBytesPerSec;
    // The first rounds are kept, then a window of the last ones (the timeline summarises the rest).
    if (this.detailed && this.iterations.length >= RECORDED_ROUNDS) this.iterations.splice(RECORDED_ROUNDS / 2, 1);
    if (this.detailed) {
      this.iterations.push({
        round: this.rounds, startSec: this.roundStart - this.startAt, durationSec: duration, bytes: Math.round(bytes), dirtiedBytes: Math.round(dirtied),
        dirtyPages: Math.ceil(dirtied / this.spec.pageSizeBytes), bandwidthBytesPerSec: bandwidth, throttlePercent: this.throttlePercent,
      });
    }
    this.rounds++;
    this.sent += bytes;
    return bandwidth;
  }

  /** The current transfer is complete (the engine calls this; zero-byte transfers complete at once). */
  onTransferDone(now: number): void {
    switch (this.phase) {
      case 'precopy': return this.endRound(now);
      case 'stopcopy':
        this.sent += this.roundBytes + this.spec.deviceStateBytes;
        return this.finish(now);
      case 'switch':
        this.sent += this.spec.deviceStateBytes;
        this.switchEnd = now;
        this.phase = 'postcopy';
        this.remaining = this.roundBytes;
        return;
      case 'postcopy':
        this.sent += this.roundBytes;
        return this.finish(now);
      case 'done': return;
    }
  }

  private endRound(now: number): void {
    const duration = now - this.roundStart;
    const next = this.dirtied(duration);
    const bytes = this.roundBytes;
    const bandwidth = this.record(now, bytes, next);
    const { spec } = this;
    const rounds = this.rounds;
    this.expectedDowntimeSec = next / bandwidth;
    if (spec.mode === 'hybrid' && rounds >= spec.postcopyAfterRounds) return this.enterSwitch(now, next, 'postcopy-switch');
    if (spec.downtimeLimitSec !== null && next <= bandwidth * spec.downtimeLimitSec) return this.enterStopCopy(now, next, 'converged');
    if (spec.minDirtyPages !== null && bytes / spec.pageSizeBytes < spec.minDirtyPages) return this.enterStopCopy(now, next, 'min-dirty');
    if (spec.maxRounds !== null && rounds >= spec.maxRounds) return this.enterStopCopy(now, next, 'max-rounds');
    if (spec.maxDataFactor !== null && this.sent >= spec.maxDataFactor * spec.memoryBytes) return this.enterStopCopy(now, next, 'max-data');
    if (rounds >= ROUND_CAP) {
      // No flag makes pre-copy iterate for ever (a 100 GiB/s dirty rate with a timeout of years):
      // after ROUND_CAP rounds it ends as its timeout would, with its --timeout-action.
      this.notes.push(`stopped after ${ROUND_CAP.toLocaleString('en-US')} rounds, dcctl's cap on pre-copy iterations: treated as the timeout`);
      return this.endPrecopyAtTimeout(now, Math.min(next, spec.memoryBytes));
    }
    this.autoConverge(duration, next, bytes);
    this.adaptRate();
    this.beginRound(now, next);
  }

  /** QEMU migration_trigger_throttle: over periods of at least 1 s, dirtied > 50 % of sent counts; every 2nd count steps the throttle. */
  private autoConverge(seconds: number, dirtied: number, transferred: number): void {
    const ac = this.spec.autoConverge;
    if (!ac) return;
    const period = this.acPeriod;
    period.sec += seconds;
    period.dirtied += dirtied;
    period.transferred += transferred;
    if (period.sec < 1) return;
    if (period.dirtied > ac.triggerFraction * period.transferred && ++this.acTriggers >= 2) {
      this.acTriggers = 0;
      this.throttlePercent = this.throttlePercent === 0 ? ac.initialPercent : Math.min(ac.maxPercent, this.throttlePercent + ac.incrementPercent);
    }
    this.acPeriod = { sec: 0, dirtied: 0, transferred: 0 };
  }

  /**
   * Xen ADAPTIVE_SAVE: when the guest dirtied faster than the current rate, rate = dirty rate + 50 Mbit/s,
   * at most 500 Mbit/s. Simplification: the observed rate is the guest's dirtying rate (after throttling);
   * a per-round page count would saturate at the working set and hide it.
   */
  private adaptRate(): void {
    const adaptive = this.spec.adaptiveRate;
    if (!adaptive) return;
    const observed = this.spec.dirtyRateBytesPerSec * (1 - this.throttlePercent / 100);
    if (observed > this.adaptiveBytesPerSec) this.adaptiveBytesPerSec = Math.min(adaptive.maxBytesPerSec, observed + adaptive.incrementBytesPerSec);
  }

  private enterStopCopy(now: number, bytes: number, reason: StopReason): void {
    this.precopyEnd = now;
    this.stopReason = reason;
    this.phase = 'stopcopy';
    this.pausedAt = now;
    this.remaining = bytes + this.spec.deviceStateBytes;
    this.roundBytes = bytes;
  }

  /** Post-copy switch: pause, send device state, resume on the target, then pull `pending` bytes. */
  private enterSwitch(now: number, pending: number, reason: StopReason = 'postcopy-switch'): void {
    this.precopyEnd = now;
    this.stopReason = reason;
    this.phase = 'switch';
    this.pausedAt = now;
    this.remaining = this.spec.deviceStateBytes;
    this.roundBytes = pending;
  }

  /** The pre-copy timeout fired in the middle of a round: abort, or finish by stop-and-copy or post-copy. */
  onTimeout(now: number): void {
    const elapsedInRound = now - this.roundStart;
    const sentInRound = this.roundBytes - this.remaining;
    const dirtiedSoFar = this.dirtied(elapsedInRound);
    this.record(now, sentInRound, dirtiedSoFar);
    const pending = Math.min(this.remaining + dirtiedSoFar, this.spec.memoryBytes);
    this.notes.push(`timeout after ${this.spec.timeoutSec} s: ${this.spec.timeoutAction}`);
    this.endPrecopyAtTimeout(now, pending);
  }

  private endPrecopyAtTimeout(now: number, pending: number): void {
    if (this.spec.timeoutAction === 'abort') {
      this.precopyEnd = now;
      this.stopReason = 'timeout';
      this.outcome = 'aborted';
      this.notes.push('aborted: the VM keeps running on the source');
      this.phase = 'done';
      this.endAt = now;
      return;
    }
    if (this.spec.timeoutAction === 'suspend') return this.enterStopCopy(now, pending, 'timeout');
    this.enterSwitch(now, pending, 'timeout');
  }

  private finish(now: number): void {
    this.phase = 'done';
    this.endAt = now;
  }

  timeline(startSec: number): Timeline {
    const { spec } = this;
    const rel = (t: number) => t - this.startAt;
    const total = rel(this.endAt);
    // A VM that was not running before the move is in that same state through every stage.
    const idle: VmWhere | null = spec.startState === 'paused' ? 'paused' : spec.startState === 'suspended' ? 'suspended' : null;
    const before: VmWhere = idle ?? 'running on source';
    const stages: Stage[] = [
      { name: 'pre-migration', startSec: 0, durationSec: 0, vmState: before },
      { name: 'reservation', startSec: 0, durationSec: 0, vmState: before },
    ];
    const precopyEnd = spec.mode === 'offline' ? 0 : rel(this.precopyEnd);
    stages.push({ name: 'iterative pre-copy', startSec: 0, durationSec: precopyEnd, vmState: before });
    let downtime = 0;
    let degraded = 0;
    if (this.outcome === 'completed' && spec.mode !== 'offline') {
      const paused = rel(this.pausedAt);
      const isPostCopy = this.stopReason === 'postcopy-switch' || (this.stopReason === 'timeout' && spec.timeoutAction === 'postcopy');
      const resumeAt = isPostCopy ? rel(this.switchEnd) : total;
      stages.push(
        { name: 'stop-and-copy', startSec: paused, durationSec: resumeAt - paused, vmState: idle ?? 'paused' },
        { name: 'commitment', startSec: resumeAt, durationSec: 0, vmState: idle ?? 'paused' },
        { name: 'activation', startSec: resumeAt, durationSec: 0, vmState: idle ?? 'running on target' },
      );
      downtime = idle ? 0 : resumeAt - paused;
      if (isPostCopy) {
        degraded = total - resumeAt;
        stages.push({ name: 'post-copy', startSec: resumeAt, durationSec: degraded, vmState: 'degraded on target' });
      }
    } else if (spec.mode === 'offline') {
      stages.push(
        { name: 'stop-and-copy', startSec: 0, durationSec: 0, vmState: 'paused' },
        { name: 'commitment', startSec: 0, durationSec: 0, vmState: 'paused' },
        { name: 'activation', startSec: 0, durationSec: 0, vmState: 'running on target' },
      );
    }
    const sent = spec.mode === 'offline' ? 0 : this.sent;
    if (this.detailed && this.rounds > this.iterations.length) {
      const first = RECORDED_ROUNDS / 2;
      this.notes.push(`${this.rounds.toLocaleString('en-US')} rounds: the first ${first} and the last ${this.iterations.length - first} are recorded (rounds ${first} to ${this.rounds - (this.iterations.length - first) - 1} are counted, not kept)`);
    }
    return {
      id: spec.id, vm: spec.vm, from: spec.from, to: spec.to, mode: spec.mode, preset: spec.preset, startSec,
      memoryBytes: spec.memoryBytes, bandwidthBytesPerSec: spec.nominalBytesPerSec, dirtyRateBytesPerSec: spec.dirtyRateBytesPerSec,
      rounds: this.rounds, totalTimeSec: total, downtimeMs: downtime * 1000,
      expectedDowntimeMs: spec.mode === 'live' || spec.mode === 'hybrid' ? this.expectedDowntimeSec * 1000 : downtime * 1000,
      downtimeLimitMs: spec.downtimeLimitSec === null ? null : spec.downtimeLimitSec * 1000,
      slaMaxDowntimeMs: spec.slaMaxDowntimeSec === null ? null : spec.slaMaxDowntimeSec * 1000,
      bytesSent: Math.round(sent), dataFactor: sent / spec.memoryBytes,
      converged: this.outcome === 'completed' && this.stopReason === 'converged', stopReason: this.stopReason, outcome: this.outcome,
      degradedSec: degraded, stages, iterations: this.iterations, notes: this.notes,
    };
  }
}
