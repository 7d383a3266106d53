import { MiB } from '../units.js';

/**
 * Stop rules of real systems (migration-model.md §A.2), one registry keyed by the names users type.
 * Every knob can be overridden by a flag.
 */
export interface PresetRules {
  name: string;
  description: string;
  /** Stop-and-copy when what is left fits in this much time at the measured bandwidth. null: no such test. */
  downtimeLimitSec: number | null;
  maxRounds: number | null;
  /** Force the stop-and-copy once this multiple of memory has been sent. */
  maxDataFactor: number | null;
  /** Force the stop-and-copy when a round sent fewer pages than this. */
  minDirtyPages: number | null;
  /** Writable working set as a share of memory when the VM declares none (null: memory itself). */
  workingSetFraction: number | null;
  deviceStateBytes: number;
  /** Xen's adaptive rate limit, when --adaptive-rate is given. */
  adaptiveRate: { startBytesPerSec: number; incrementBytesPerSec: number; maxBytesPerSec: number } | null;
}

const mbit = (n: number) => (n * 1e6) / 8;

export const PRESETS = {
  // QEMU migration/options.c: downtime-limit 300 ms; no round or data cap; device state ~1 MiB (dcctl's figure).
  qemu: {
    name: 'qemu', description: 'QEMU/KVM: stop when the rest fits in 300 ms at the measured bandwidth; no round or data cap',
    downtimeLimitSec: 0.3, maxRounds: null, maxDataFactor: null, minDirtyPages: null, workingSetFraction: null, deviceStateBytes: MiB, adaptiveRate: null,
  },
  // Xen xc_domain_save.c: DEF_MAX_ITERS 29 (30 rounds), DEF_MAX_FACTOR 3, < 50 pages; adaptive 100..500 Mbit/s, +50 Mbit/s.
  xen: {
    name: 'xen', description: 'Xen classic: at most 30 rounds, stop below 50 dirty pages or after 3 x memory sent',
    downtimeLimitSec: null, maxRounds: 30, maxDataFactor: 3, minDirtyPages: 50, workingSetFraction: null, deviceStateBytes: 0,
    adaptiveRate: { startBytesPerSec: mbit(100), incrementBytesPerSec: mbit(50), maxBytesPerSec: mbit(500) },
  },
  // SimGrid VmLiveMigration.cpp: max_downtime 0.03 s, working set 0.9 x memory, no device state.
  simgrid: {
    name: 'simgrid', description: 'SimGrid: stop when the rest fits in 30 ms; writable working set 0.9 x memory',
    downtimeLimitSec: 0.03, maxRounds: null, maxDataFactor: null, minDirtyPages: null, workingSetFraction: 0.9, deviceStateBytes: 0, adaptiveRate: null,
  },
} as const satisfies Record<string, PresetRules>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as [PresetName, ...PresetName[]];

/** QEMU auto-converge defaults (migration/options.c): cpu-throttle-initial 20, -increment 10, max 99, trigger 50 %. */
export const AUTO_CONVERGE_DEFAULTS = { initialPercent: 20, incrementPercent: 10, maxPercent: 99, triggerFraction: 0.5 };

/** Nova's and KubeVirt's completion timeout: 800 s per GiB of memory. */
export const TIMEOUT_SEC_PER_GIB = 800;
