/** One Timeline type for every migration mode (DESIGN.md). Times in seconds from the migration's start. */

export const MIGRATION_MODES = ['live', 'postcopy', 'hybrid', 'cold', 'offline'] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];

export const STOP_REASONS = ['converged', 'max-rounds', 'max-data', 'min-dirty', 'timeout', 'aborted', 'postcopy-switch'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const TIMEOUT_ACTIONS = ['abort', 'suspend', 'postcopy'] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

/** Clark et al. 2005's six stages, plus the post-copy phase where the VM runs degraded on the target. */
export const STAGE_NAMES = ['pre-migration', 'reservation', 'iterative pre-copy', 'stop-and-copy', 'commitment', 'activation', 'post-copy'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export type VmWhere = 'running on source' | 'paused' | 'suspended' | 'running on target' | 'degraded on target';

export interface Stage {
  name: StageName;
  startSec: number;
  durationSec: number;
  vmState: VmWhere;
}

export interface Iteration {
  /** 0 is the full copy. */
  round: number;
  startSec: number;
  durationSec: number;
  /** Bytes sent in the round. */
  bytes: number;
  /** Bytes dirtied while the round was on the wire (what the next round must send). */
  dirtiedBytes: number;
  dirtyPages: number;
  /** Bandwidth the round actually got: bytes / duration. */
  bandwidthBytesPerSec: number;
  throttlePercent: number;
}

export interface Timeline {
  id: string;
  vm: string;
  from: string;
  to: string;
  mode: MigrationMode;
  preset: string;
  /** Offset of this migration's start from the start of the command (queued by --max-concurrent). */
  startSec: number;
  memoryBytes: number;
  /** Nominal path bandwidth: the smallest of source NIC, target NIC, link and --bandwidth. */
  bandwidthBytesPerSec: number;
  dirtyRateBytesPerSec: number;
  rounds: number;
  totalTimeSec: number;
  downtimeMs: number;
  /** QEMU's expected_downtime at the last sync: dirty bytes left / measured bandwidth. */
  expectedDowntimeMs: number;
  downtimeLimitMs: number | null;
  slaMaxDowntimeMs: number | null;
  bytesSent: number;
  /** bytesSent / memory. */
  dataFactor: number;
  converged: boolean;
  stopReason: StopReason;
  /** completed: the VM runs on the target; aborted: it still runs on the source. */
  outcome: 'completed' | 'aborted';
  /** Time the VM ran on the target while memory was still being pulled (post-copy). */
  degradedSec: number;
  stages: Stage[];
  iterations: Iteration[];
  notes: string[];
}
