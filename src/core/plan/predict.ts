import { requireDatacenter } from '../lookup.js';
import type { Host, Vm } from '../model.js';
import { simulateMoves } from '../migration/migrate.js';
import { pathBandwidth } from '../migration/network.js';
import type { MigrationMode, Timeline } from '../migration/types.js';
import type { State } from '../state.js';

/** Why a planner may not move a VM (null: it may). Consolidate and balance never move passthrough VMs. */
export function immovable(vm: Vm): string | null {
  if (vm.pinned) return `pinned to ${vm.host}`;
  if (vm.io === 'passthrough') return 'passthrough device: only a cold migration after detaching could move it';
  if (vm.state === 'paused') return 'paused: only a cold migration would move it';
  if (vm.state !== 'active') return `${vm.state}`;
  return null;
}

/**
 * What the migration engine predicts for one move alone on its path (default qemu preset), cached
 * by VM and path bandwidth so planners can ask for many targets cheaply.
 */
export interface Prediction {
  totalTimeSec: number;
  downtimeMs: number;
  outcome: Timeline['outcome'];
}

export class MovePredictor {
  private readonly cache = new Map<string | number, unknown>();
  /** The last answer: planners ask about many targets for one VM in a row (no per-VM tables kept). */
  private last: { vm: Vm; bandwidth: number; prediction: Prediction } | null = null;

  constructor(private readonly state: State, readonly mode: MigrationMode) {}

  /** The engine's prediction for this move alone; VMs of the same shape on the same kind of path share it. */
  predict(vm: Vm, source: Host, target: Host, mode: MigrationMode = this.mode): Prediction {
    const bandwidth = pathBandwidth(requireDatacenter(this.state), source, target);
    if (mode !== this.mode) return this.shared(vm, source, target, mode, bandwidth);
    const last = this.last;
    if (last !== null && last.vm === vm && last.bandwidth === bandwidth) return last.prediction;
    const prediction = this.shared(vm, source, target, mode, bandwidth);
    this.last = { vm, bandwidth, prediction };
    return prediction;
  }

  private shared(vm: Vm, source: Host, target: Host, mode: MigrationMode, bandwidth: number): Prediction {
    const w = vm.workload;
    // Nested by each input of the prediction (numbers hash faster than a joined string key).
    // A VM's state changes a prediction only for a cold move (paused or suspended: no downtime).
    const path = [mode === 'cold' && vm.state !== 'active' ? `cold-${vm.state}` : mode, vm.io, bandwidth, vm.memoryBytes, w.dirtyRateBytesPerSec ?? -1, w.workingSetBytes ?? -1];
    let level: Map<string | number, unknown> = this.cache;
    for (let k = 0; k < path.length - 1; k++) {
      let next = level.get(path[k]!) as Map<string | number, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(path[k]!, next);
      }
      level = next;
    }
    let prediction = level.get(path.at(-1)!) as Prediction | undefined;
    if (!prediction) {
      const t = simulateMoves(this.state, [{ vm, source, target, mode }], { preset: 'qemu', overrides: {} }).timelines[0]!;
      prediction = { totalTimeSec: t.totalTimeSec, downtimeMs: t.downtimeMs, outcome: t.outcome };
      level.set(path.at(-1)!, prediction);
    }
    return prediction;
  }

  /** The move completes and its downtime is within the VM's SLA. */
  acceptable(vm: Vm, source: Host, target: Host): boolean {
    const t = this.predict(vm, source, target);
    return t.outcome === 'completed' && (vm.sla.maxDowntimeSec === null || t.downtimeMs <= vm.sla.maxDowntimeSec * 1000 + 1e-9);
  }
}
