import type { Refusal } from './errors.js';
import { refusal } from './errors.js';
import { findVm, replaceVm, requireDatacenter } from './lookup.js';
import type { Datacenter, Vm, VmSpec, VmState } from './model.js';
import { placementHint } from './placement/hints.js';
import { holdsResources } from './model.js';
import type { Rejection } from './placement/place.js';
import { placeVm } from './placement/place.js';
import { isPolicyName } from './placement/policies.js';
import { buildView } from './placement/view.js';
import type { NewEvent, Outcome, State } from './state.js';
import { recordEvents } from './state.js';
import { GiB } from './units.js';

/**
 * The VM state machine. active: running; paused: in memory, not scheduled; suspended: memory
 * image saved to disk, host CPU and memory released; inactive: stopped. Paused VMs keep their
 * allocation (they resume instantly); suspended and inactive VMs must find room again.
 */
export const LIFECYCLE_ACTIONS = ['start', 'stop', 'pause', 'resume', 'suspend'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export const TRANSITIONS: Record<LifecycleAction, { from: VmState[]; to: VmState; past: string }> = {
  start: { from: ['inactive'], to: 'active', past: 'started' },
  stop: { from: ['active', 'paused', 'suspended'], to: 'inactive', past: 'stopped' },
  pause: { from: ['active'], to: 'paused', past: 'paused' },
  resume: { from: ['paused', 'suspended'], to: 'active', past: 'resumed' },
  suspend: { from: ['active', 'paused'], to: 'suspended', past: 'suspended' },
};

/**
 * Saving or restoring a memory image runs at local storage speed. Simplification: 1 GiB/s for every
 * host (Firecracker's storage figure, see virtualization-overhead.md); boot and shutdown take no simulated time.
 */
export const IMAGE_BYTES_PER_SEC = GiB;

export interface TransitionResult {
  vm: string;
  action: LifecycleAction;
  from: VmState;
  to: VmState;
  host: string | null;
  /** Set when the VM came back on another host than the one it was registered on. */
  previousHost: string | null;
  durationSec: number;
  clockSec: number;
}

const NEXT_STEP: Partial<Record<VmState, string>> = {
  inactive: 'start it first (dcctl vm start NAME)',
  suspended: 'resume it first (dcctl vm resume NAME)',
  paused: 'resume it first (dcctl vm resume NAME)',
  migrating: 'wait until the migration completes',
};

export function transitionVm(state: State, name: string, action: LifecycleAction): Outcome<TransitionResult> | Refusal {
  const dc = requireDatacenter(state);
  const vm = findVm(state, name);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(vm.state)) {
    if (vm.state === rule.to) return refusal('illegal-transition', `${name} is already ${vm.state}`, 'nothing to do', { vm: name, state: vm.state, action });
    return refusal('illegal-transition', `cannot ${action} ${name}: it is ${vm.state}; ${action} needs a VM that is ${rule.from.join(' or ')}`,
      (NEXT_STEP[vm.state] ?? `dcctl vm show ${name} lists its state`).replace('NAME', name), { vm: name, state: vm.state, action });
  }

  let host = vm.host;
  const events: NewEvent[] = [];
  if (!holdsResources(vm.state) && holdsResources(rule.to)) {
    // Coming back from suspended or inactive: the registered host if it has room, else wherever the policy finds it.
    const others = state.vms.filter((v) => v.name !== name);
    const policy = isPolicyName(dc.defaults.placement) ? dc.defaults.placement : 'best-fit';
    const placement = placeVm(buildView(dc, others), {
      vm, policy, cursor: state.placementCursor, preferHost: vm.host, onlyHost: vm.pinned ? vm.requestedHost : null,
    });
    if (!placement.host) return noRoom(vm, action, placement.rejections, dc, vm.pinned ? vm.requestedHost : null);
    host = placement.host;
    if (host !== vm.host) events.push({ type: 'vm-moved', vm: name, host, message: `${name} comes back on ${host}${vm.host ? ` (${vm.host} has no room)` : ''}` });
  }

  const durationSec = action === 'suspend' || (action === 'resume' && vm.state === 'suspended') ? vm.memoryBytes / IMAGE_BYTES_PER_SEC : 0;
  const updated: Vm = { ...vm, state: rule.to, host };
  events.push({ type: `vm-${rule.past}`, vm: name, ...(host ? { host } : {}), message: `${name} ${rule.past} (${vm.state} -> ${rule.to})` });
  const next = recordEvents(replaceVm(state, updated), events, durationSec);
  return {
    state: next,
    result: { vm: name, action, from: vm.state, to: rule.to, host, previousHost: host !== vm.host ? vm.host : null, durationSec, clockSec: next.clockSec },
  };
}

/** Nothing fits: every host's reasons, and the hint of the filter that refused (placement/hints.ts). */
export function noRoom(vm: Pick<VmSpec, 'name' | 'tenant' | 'group'>, action: string, rejections: Rejection[], dc: Datacenter, onlyHost?: string | null): Refusal {
  const hosts = new Set(rejections.map((r) => r.host)).size;
  return refusal('no-capacity', `cannot ${action} ${vm.name}: no host fits (${hosts} host${hosts === 1 ? '' : 's'} rejected it)`,
    placementHint(rejections, dc, vm, onlyHost), { vm: vm.name, rejections });
}
