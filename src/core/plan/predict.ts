import { requireDatacenter } from '../lookup.js';
import type { Host, Vm } from '../model.js';
import { simulateMoves } from '../migration/migrate.js';
import { migrationPath } from '../migration/network.js';
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
export class MovePredictor {
  private readonly cache = new Map<string, Timeline>();

  constructor(private readonly state: State, readonly mode: MigrationMode) {}

  predict(vm: Vm, source: Host, target: Host, mode: MigrationMode = this.mode): Timeline {
    const dc = requireDatacenter(this.state);
    const bandwidth = Math.min(...migrationPath(dc, source, target).map((r) => r.bytesPerSec));
    const key = `${vm.name}|${bandwidth}|${mode}`;
    let timeline = this.cache.get(key);
    if (!timeline) {
      timeline = simulateMoves(this.state, [{ vm, source, target, mode }], { preset: 'qemu', overrides: {} }).timelines[0]!;
      this.cache.set(key, timeline);
    }
    return timeline;
  }

  /** The move completes and its downtime is within the VM's SLA. */
  acceptable(vm: Vm, source: Host, target: Host): boolean {
    const t = this.predict(vm, source, target);
    if (t.outcome !== 'completed') return false;
    return vm.sla.maxDowntimeSec === null || t.downtimeMs <= vm.sla.maxDowntimeSec * 1000 + 1e-9;
  }
}
