import type { Refusal } from './errors.js';
import { badInput, refusal } from './errors.js';
import { noRoom } from './lifecycle.js';
import { findHost, findVm, requireDatacenter } from './lookup.js';
import type { Datacenter, Vm, VmSpec } from './model.js';
import { holdsResources } from './model.js';
import type { Placement } from './placement/place.js';
import { placeVm } from './placement/place.js';
import type { PolicyName } from './placement/policies.js';
import { isPolicyName } from './placement/policies.js';
import { buildView } from './placement/view.js';
import type { Outcome, State } from './state.js';
import { recordEvents } from './state.js';
import { didYouMean } from './text.js';
import { formatBytes } from './units.js';

export interface CreateOptions {
  policy?: PolicyName;
  origin?: Vm['origin'];
  /** Create the VM stopped (registered on its requested host, holding nothing). */
  inactive?: boolean;
}

export interface CreateResult {
  vm: Vm;
  placement: Placement;
  clockSec: number;
}

export function defaultPolicy(dc: Datacenter): PolicyName {
  return isPolicyName(dc.defaults.placement) ? dc.defaults.placement : 'best-fit';
}

/** References a new VM makes (tenant, host, group rule) must agree with the datacenter and the VMs already there. */
export function checkVmReferences(dc: Datacenter, vms: readonly Vm[], spec: VmSpec): void {
  if (spec.tenant && !dc.tenants.some((t) => t.name === spec.tenant)) {
    throw badInput('unknown-tenant', `no tenant named ${spec.tenant}`, didYouMean(spec.tenant, dc.tenants.map((t) => t.name)));
  }
  if (spec.requestedHost) findHost(dc, spec.requestedHost);
  if (spec.group) {
    const other = vms.find((v) => v.group?.name === spec.group!.name);
    if (other && (other.group!.rule !== spec.group.rule || other.group!.enforcement !== spec.group.enforcement)) {
      throw badInput('group-mismatch', `group ${spec.group.name} is ${other.group!.rule}/${other.group!.enforcement} (from ${other.name}), not ${spec.group.rule}/${spec.group.enforcement}`,
        'every member of a group states the same rule and enforcement');
    }
  }
}

/** What a new VM's name must pass before anything else: a datacenter exists and the name is free. */
export function checkNewVmName(state: State, name: string): Refusal | null {
  requireDatacenter(state);
  if (state.vms.some((v) => v.name === name)) {
    return refusal('vm-exists', `a VM named ${name} already exists`, `pick another name, or dcctl vm delete ${name} first`, { vm: name });
  }
  return null;
}

export function createVm(state: State, spec: VmSpec, options: CreateOptions = {}): Outcome<CreateResult> | Refusal {
  const dc = requireDatacenter(state);
  const taken = checkNewVmName(state, spec.name);
  if (taken) return taken;
  checkVmReferences(dc, state.vms, spec);
  const policy = options.policy ?? defaultPolicy(dc);
  let placement: Placement;
  if (options.inactive) {
    placement = { host: spec.requestedHost, policy, candidates: 0, rejections: [], warnings: [], cursor: state.placementCursor };
  } else {
    placement = placeVm(buildView(dc, state.vms), { vm: spec, policy, cursor: state.placementCursor, onlyHost: spec.requestedHost });
    if (!placement.host) return noRoom(spec, 'place', placement.rejections, dc, spec.requestedHost);
  }
  const vm: Vm = { ...spec, state: options.inactive ? 'inactive' : 'active', host: placement.host, origin: options.origin ?? 'cli', createdAtSec: state.clockSec };
  const next = recordEvents({ ...state, vms: [...state.vms, vm], placementCursor: placement.cursor }, [{
    type: 'vm-created', vm: vm.name, ...(vm.host ? { host: vm.host } : {}),
    message: `${vm.name} created (${vm.cpus} vCPU, ${formatBytes(vm.memoryBytes)}) ${vm.state === 'active' ? `on ${vm.host} by ${policy}` : 'inactive'}`,
  }]);
  return { state: next, result: { vm, placement, clockSec: next.clockSec } };
}

export interface DeleteResult {
  vm: string;
  state: Vm['state'];
  host: string | null;
  released: { vcpus: number; memoryBytes: number };
}

export function deleteVm(state: State, name: string): Outcome<DeleteResult> | Refusal {
  requireDatacenter(state);
  const vm = findVm(state, name);
  if (vm.state === 'migrating') return refusal('vm-migrating', `cannot delete ${name}: it is migrating`, 'wait until the migration completes', { vm: name });
  const holds = holdsResources(vm.state);
  const next = recordEvents({ ...state, vms: state.vms.filter((v) => v.name !== name) }, [{
    type: 'vm-deleted', vm: name, ...(vm.host ? { host: vm.host } : {}), message: `${name} deleted (was ${vm.state}${vm.host ? ` on ${vm.host}` : ''})`,
  }]);
  return {
    state: next,
    result: { vm: name, state: vm.state, host: vm.host, released: { vcpus: holds ? vm.cpus : 0, memoryBytes: holds ? vm.memoryBytes : 0 } },
  };
}
