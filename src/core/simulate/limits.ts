import { badInput } from '../errors.js';

/**
 * Bounds of one run, so that no flag makes it run for hours or exhaust memory: 200,000 intervals
 * (a year at CloudSim's 300 s is 105,120), and 200 million VM-intervals (100,000 VMs for a week at
 * 300 s; about 2 us each here, some 7 minutes).
 */
export const SIM_LIMITS = { intervals: 200_000, vmIntervals: 200_000_000 } as const;

const n = (value: number) => value.toLocaleString('en-US');

/** Intervals of a run; more than the limit is exit 2 naming the flags (as typed). */
export function runIntervals(durationSec: number, intervalSec: number, typed: { duration: string; interval: string }): number {
  const ticks = Math.ceil(durationSec / intervalSec);
  if (ticks > SIM_LIMITS.intervals) {
    throw badInput('simulation-too-large', `--duration ${typed.duration} at --interval ${typed.interval} is ${n(ticks)} intervals; a run may have at most ${n(SIM_LIMITS.intervals)}`,
      "lengthen --interval (CloudSim's is 300s) or shorten --duration", { flag: '--interval' });
  }
  return ticks;
}

/** VMs x intervals within the limit, else exit 2 (checked before traces are generated or read). */
export function checkRunSize(vms: number, ticks: number): void {
  if (vms * ticks <= SIM_LIMITS.vmIntervals) return;
  throw badInput('simulation-too-large', `${n(vms)} VMs x ${n(ticks)} intervals is ${n(vms * ticks)} VM-intervals; a run may have at most ${n(SIM_LIMITS.vmIntervals)} (about ${Math.round((SIM_LIMITS.vmIntervals * 2e-6) / 60)} min here)`,
    'pass fewer --vms, a longer --interval or a shorter --duration', { flag: '--vms' });
}
