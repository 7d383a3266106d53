import { diffFields, type FieldChange } from './diff.js';
import type { Refusal } from './errors.js';
import { refusal } from './errors.js';
import { noRoom } from './lifecycle.js';
import type { Datacenter, Vm, VmSpec } from './model.js';
import { holdsResources } from './model.js';
import { CAPACITY_EPSILON, hostLimits } from './placement/capacity.js';
import { evaluateHost, rejectionsOf } from './placement/place.js';
import { buildView, chargeVm, unchargeVm } from './placement/view.js';
import { defaultPolicy } from './vm-ops.js';
import { BatchPlacer } from './placement/batch.js';
import type { NewEvent, Outcome, State } from './state.js';
import { recordEvents } from './state.js';

export interface ApplyInput {
  datacenter: Datacenter;
  vms: VmSpec[];
  inactive: string[];
  file: string;
  sha256: string;
}

export interface ApplyOptions {
  /** Allow removing (or powering off) hosts that carry VMs: their VMs are placed again elsewhere. */
  force?: boolean;
  /** Delete VMs the file declared before but no longer does. */
  prune?: boolean;
}

export type ChangeAction = 'add' | 'remove' | 'change' | 'move';

export interface Change {
  kind: 'defaults' | 'network' | 'cluster' | 'host' | 'tenant' | 'vm';
  name: string;
  action: ChangeAction;
  fields: FieldChange[];
  note?: string;
}

export interface ApplyResult {
  datacenter: string;
  file: string;
  firstApply: boolean;
  changes: Change[];
  placements: { vm: string; host: string | null; state: Vm['state'] }[];
  /** VMs once declared by the file and no longer in it, kept unless --prune. */
  kept: string[];
  /** Hosts that leave the definition (or are powered off by it) while carrying VMs: their VMs move ("move" changes), which needs --force. */
  strandedHosts: string[];
  summary: { clusters: number; hosts: number; tenants: number; vms: number };
  clockSec: number;
}

function diffNamed<T extends { name: string }>(kind: Change['kind'], before: readonly T[], after: readonly T[]): Change[] {
  const words = kind === 'host' ? HOST_KEYS : kind === 'vm' ? VM_KEYS : {};
  const old = new Map(before.map((x) => [x.name, x]));
  const now = new Map(after.map((x) => [x.name, x]));
  const changes: Change[] = [];
  for (const [name, item] of now) {
    const previous = old.get(name);
    if (!previous) changes.push({ kind, name, action: 'add', fields: [] });
    else {
      const fields = inFileWords(diffFields(previous, item), words);
      if (fields.length > 0) changes.push({ kind, name, action: 'change', fields });
    }
  }
  for (const name of old.keys()) if (!now.has(name)) changes.push({ kind, name, action: 'remove', fields: [] });
  return changes;
}

/**
 * Diff fields named as the datacenter file names them (`memory`, not `memoryBytes`); `path` keeps
 * the model's name, whose unit the JSON values are in.
 */
const HOST_KEYS: Record<string, string> = {
  cores: 'cpu.cores', mhz: 'cpu.mhz', arch: 'cpu.arch', memoryBytes: 'memory', diskBytes: 'disk', nicBytesPerSec: 'nic',
  'reserve.memoryBytes': 'reserve.memory', 'power.idleW': 'power.idle', 'power.maxW': 'power.max', 'power.tableW': 'power.table', 'power.standbyW': 'power.standby',
};
const VM_KEYS: Record<string, string> = {
  memoryBytes: 'memory', requestedHost: 'host', 'workload.dirtyRateBytesPerSec': 'workload.dirtyRate', 'workload.workingSetBytes': 'workload.workingSet', 'sla.maxDowntimeSec': 'sla.maxDowntime',
};
const NETWORK_KEYS: Record<string, string> = { bandwidthBytesPerSec: 'bandwidth' };

function inFileWords(fields: FieldChange[], words: Record<string, string>): FieldChange[] {
  return fields.map((f) => ({ ...f, field: words[f.field] ?? f.field, path: f.field }));
}

const specOf = (vm: Vm): VmSpec => {
  const { state: _s, host: _h, origin: _o, createdAtSec: _c, ...spec } = vm;
  return spec;
};

/**
 * A host put in maintenance or powered on/off by a command stays so when the same file is applied
 * again; the file wins only where it changed that host's declared state since the last apply.
 */
function keepCommandedHostStates(state: State, dc: Datacenter): Datacenter {
  const old = state.datacenter;
  const declared = state.declaredHostStates;
  if (!old || !declared) return dc;
  const runtime = new Map(old.hosts.map((h) => [h.name, h.state]));
  return {
    ...dc,
    hosts: dc.hosts.map((h) => {
      const now = runtime.get(h.name);
      return now !== undefined && declared[h.name] === h.state && now !== h.state ? { ...h, state: now } : h;
    }),
  };
}

/**
 * Load a datacenter definition into the state, or re-apply a changed one. The whole apply is
 * refused (state unchanged) when a declared VM does not fit, a host carrying VMs would go away
 * without --force, or a host would end up over its limits.
 */
export function applyDatacenter(state: State, input: ApplyInput, options: ApplyOptions = {}): Outcome<ApplyResult> | Refusal {
  const old = state.datacenter;
  const declaredHostStates = Object.fromEntries(input.datacenter.hosts.map((h) => [h.name, h.state]));
  const dc = keepCommandedHostStates(state, input.datacenter);
  const changes: Change[] = [];
  if (old) {
    const defaults = diffFields(old.defaults, dc.defaults);
    if (defaults.length) changes.push({ kind: 'defaults', name: 'defaults', action: 'change', fields: defaults });
    const network = inFileWords(diffFields(old.network, dc.network), NETWORK_KEYS);
    if (network.length) changes.push({ kind: 'network', name: 'network', action: 'change', fields: network });
    changes.push(...diffNamed('cluster', old.clusters, dc.clusters), ...diffNamed('host', old.hosts, dc.hosts), ...diffNamed('tenant', old.tenants, dc.tenants));
  }

  // VMs on hosts that disappear or stop taking VMs must move; only with --force.
  const usableHosts = new Map(dc.hosts.filter((h) => h.state !== 'off').map((h) => [h.name, h]));
  const knownHosts = new Set(dc.hosts.map((h) => h.name));
  const stranded = state.vms.filter((vm) => vm.host && (!knownHosts.has(vm.host) || (holdsResources(vm.state) && !usableHosts.has(vm.host))));
  if (stranded.length > 0 && !options.force) {
    const hosts = [...new Set(stranded.map((v) => v.host!))];
    return refusal('hosts-carry-vms', `${hosts.join(', ')} would be removed or powered off but carr${hosts.length === 1 ? 'ies' : 'y'} ${stranded.length} VM(s): ${stranded.map((v) => v.name).join(', ')}`,
      'pass --force to place those VMs on the remaining hosts, or move them first', { hosts, vms: stranded.map((v) => v.name) });
  }

  const declared = new Map(input.vms.map((v) => [v.name, v]));
  const kept: string[] = [];
  let vms: Vm[] = [];
  for (const vm of state.vms) {
    const spec = declared.get(vm.name);
    if (spec) {
      const fields = inFileWords(diffFields(specOf(vm), spec), VM_KEYS);
      if (fields.length) changes.push({ kind: 'vm', name: vm.name, action: 'change', fields });
      vms.push({ ...vm, ...spec, origin: 'file' });
    } else if (vm.origin === 'file' && options.prune) {
      changes.push({ kind: 'vm', name: vm.name, action: 'remove', fields: [] });
    } else {
      if (vm.origin === 'file') kept.push(vm.name);
      vms.push(vm);
    }
  }

  // Stranded VMs are re-placed below; the rest are checked where they are.
  const strandedNames = new Set(stranded.map((v) => v.name));
  vms = vms.map((vm) => (strandedNames.has(vm.name) ? { ...vm, host: null } : vm));
  // Changed specs of VMs that stay: they must still fit where they run, against all the others
  // as now declared. One view of every VM; each changed VM is taken out of it while it is judged
  // (a view per VM made a re-apply of 30,000 changed VMs take minutes).
  const changedNames = new Set(changes.filter((c) => c.kind === 'vm' && c.action === 'change').map((c) => c.name));
  const judged = vms.filter((vm) => changedNames.has(vm.name) && vm.host && holdsResources(vm.state) && !strandedNames.has(vm.name));
  if (judged.length > 0) {
    const all = buildView(dc, vms.filter((v) => !strandedNames.has(v.name)));
    for (const vm of judged) {
      const running = vm.state !== 'paused';
      unchargeVm(all, vm, vm.host!, running);
      const verdicts = evaluateHost(vm, all.hosts.get(vm.host!)!, all);
      chargeVm(all, vm, vm.host!, running);
      if (!verdicts.fits) {
        return refusal('no-capacity', `${vm.name} as now declared no longer fits on ${vm.host}`, 'declare a size its host can hold, or move the VM first',
          { vm: vm.name, rejections: rejectionsOf([verdicts]) });
      }
    }
  }

  const settled = vms.filter((vm) => !(strandedNames.has(vm.name) && holdsResources(vm.state)));
  const view = buildView(dc, settled);
  const over = dc.hosts.flatMap((host) => {
    const usage = view.usage.get(host.name)!;
    const limits = hostLimits(host);
    return usage.vcpus > limits.vcpus + CAPACITY_EPSILON || usage.memoryBytes > limits.memoryBytes + CAPACITY_EPSILON ? [host.name] : [];
  });
  if (over.length > 0) {
    return refusal('over-limits', `the new definition puts ${over.join(', ')} over its overcommit limits with the VMs it runs`,
      'keep capacity and overcommit at least what the running VMs use, or stop / move VMs first', { hosts: over });
  }

  const policy = defaultPolicy(dc);
  const placer = new BatchPlacer(dc, settled, state.placementCursor);
  const placements: ApplyResult['placements'] = [];
  const events: NewEvent[] = [];
  const place = (spec: VmSpec): string | Refusal => {
    const placement = placer.place(spec, policy);
    return placement.host ?? noRoom(spec, 'place', placement.rejections, dc, spec.requestedHost);
  };
  for (const vm of vms.filter((v) => strandedNames.has(v.name) && holdsResources(v.state))) {
    const host = place({ ...vm, requestedHost: vm.pinned ? vm.requestedHost : null });
    if (typeof host !== 'string') return host;
    const from = stranded.find((s) => s.name === vm.name)!.host!;
    const why = knownHosts.has(from) ? `${from} is powered off by the file` : `${from} left the definition`;
    vm.host = host;
    changes.push({ kind: 'vm', name: vm.name, action: 'move', fields: [{ field: 'host', path: 'host', before: from, after: host }], note: why });
    events.push({ type: 'vm-moved', vm: vm.name, host, message: `${vm.name} placed again on ${host} (${why})` });
    placements.push({ vm: vm.name, host, state: vm.state });
  }
  const existing = new Set(state.vms.map((v) => v.name));
  const inactive = new Set(input.inactive);
  for (const spec of input.vms.filter((s) => !existing.has(s.name))) {
    let host: string | null = spec.requestedHost;
    if (!inactive.has(spec.name)) {
      const placed = place(spec);
      if (typeof placed !== 'string') return placed;
      host = placed;
    }
    const vm: Vm = { ...spec, state: inactive.has(spec.name) ? 'inactive' : 'active', host, origin: 'file', createdAtSec: state.clockSec };
    vms.push(vm);
    changes.push({ kind: 'vm', name: vm.name, action: 'add', fields: [], note: host ? `on ${host}` : 'unplaced' });
    placements.push({ vm: vm.name, host, state: vm.state });
    events.push({ type: 'vm-created', vm: vm.name, ...(host ? { host } : {}), message: `${vm.name} created from ${input.file}${host ? ` on ${host}` : ''}` });
  }

  const firstApply = old === null;
  events.unshift({ type: 'dc-applied', message: `${input.file} applied: ${firstApply ? 'first load' : `${changes.length} change(s)`}` });
  const next = recordEvents({ ...state, datacenter: dc, source: { file: input.file, sha256: input.sha256 }, vms, placementCursor: placer.cursor, declaredHostStates }, events);
  return {
    state: next,
    result: {
      datacenter: dc.name, file: input.file, firstApply, changes, placements, kept, strandedHosts: [...new Set(stranded.map((v) => v.host!))],
      summary: { clusters: dc.clusters.length, hosts: dc.hosts.length, tenants: dc.tenants.length, vms: vms.length },
      clockSec: next.clockSec,
    },
  };
}
