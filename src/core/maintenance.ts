import type { Refusal } from './errors.js';
import { badInput, refusal } from './errors.js';
import { findHost, requireDatacenter } from './lookup.js';
import type { HostState, Vm } from './model.js';
import { holdsResources } from './model.js';
import type { MigrationMode } from './migration/types.js';
import { evaluateHost, rejectionsOf } from './placement/place.js';
import { buildView } from './placement/view.js';
import { busyCores, WorkingFleet } from './plan/fleet.js';
import { planMakespan, withHostStates } from './plan/execute.js';
import { fleetMetrics, lowerBoundHosts } from './plan/metrics.js';
import { MovePredictor } from './plan/predict.js';
import type { Move, Plan } from './plan/types.js';
import type { Outcome, State } from './state.js';
import { recordEvents } from './state.js';
import { formatDuration } from './units.js';

/**
 * How a VM leaves a host going into maintenance: live where possible, cold where only that is
 * allowed (a passthrough device, a paused VM, a suspended VM's saved image), offline when stopped.
 */
function evacuationMode(vm: Vm): { mode: MigrationMode; note: string } {
  if (vm.state === 'suspended') return { mode: 'cold', note: 'suspended: its saved memory image is copied; it stays suspended' };
  if (!holdsResources(vm.state)) return { mode: 'offline', note: `${vm.state}: only its definition moves` };
  if (vm.io === 'passthrough') return { mode: 'cold', note: 'cold: its passthrough device is detached for the move and re-attached on the target' };
  if (vm.state === 'paused') return { mode: 'cold', note: 'cold: it is paused' };
  return { mode: 'live', note: 'live' };
}

/**
 * Evacuate a host for maintenance (DRS maintenance mode): every VM registered there goes to another
 * host that passes every filter, under the overcommit limits (no CPU ceiling: maintenance is
 * mandatory), largest first, best fit. A live move whose downtime would break the VM's SLA falls
 * back to post-copy. `should` group rules are kept when some host can, else broken with a warning.
 * Not enough room, a pinned VM or an unbreakable must-rule: the plan is refused with per-VM reasons.
 */
export function planMaintenance(state: State, hostName: string, maxConcurrent: number): Plan | Refusal {
  const dc = requireDatacenter(state);
  const host = findHost(dc, hostName);
  if (host.state === 'maintenance') throw badInput('already-in-maintenance', `${host.name} is already in maintenance`, `dcctl host maintenance exit ${host.name} brings it back`);
  if (host.state === 'off') throw badInput('host-off', `${host.name} is powered off`, 'a powered-off host carries no running VMs; power it on first if it should');
  const index = dc.hosts.indexOf(host);
  const fleet = new WorkingFleet(dc, state.vms, 1);
  const before = fleetMetrics(fleet, new Set(dc.hosts.filter((h) => h.state === 'off').map((h) => h.name)));
  const bound = lowerBoundHosts(fleet);
  fleet.setReceiving(index, false);
  const predictor = new MovePredictor(state, 'live');
  const registered = state.vms.filter((v) => v.host === host.name).sort((a, b) => busyCores(b) - busyCores(a) || b.memoryBytes - a.memoryBytes || a.name.localeCompare(b.name));
  const moves: Move[] = [];
  const warnings: string[] = [];
  const problems: { vm: string; reason: string }[] = [];
  const view = buildView(dc, state.vms);
  for (const vm of registered) {
    if (vm.pinned) {
      problems.push({ vm: vm.name, reason: `pinned to ${host.name}` });
      continue;
    }
    const { mode, note } = evacuationMode(vm);
    let to: number;
    if (holdsResources(vm.state)) {
      to = fleet.bestFit(vm, host);
      if (to < 0 && vm.group?.enforcement === 'should') {
        to = fleet.bestFit({ ...vm, group: null }, host);
        if (to >= 0) warnings.push(`should-rule broken: no host keeps ${vm.group.rule} group ${vm.group.name} for ${vm.name}`);
      }
    } else {
      // An offline move needs only the static filters (hypervisor, tenancy, host state).
      to = dc.hosts.findIndex((h, i) => i !== index && h.state === 'on' && h.hypervisor.product === host.hypervisor.product && h.hypervisor.virtualization === host.hypervisor.virtualization
        && evaluateHost(vm, h, view).verdicts.every((v) => v.fits || v.filter === 'capacity' || v.filter === 'affinity'));
    }
    if (to < 0) {
      const reasons = rejectionsOf(dc.hosts.filter((h) => h.name !== host.name).map((h) => evaluateHost(vm, h, view)));
      problems.push({ vm: vm.name, reason: reasons[0] ? `no host can take it (${reasons[0].host}: ${reasons[0].reason})` : 'no other host can take it (different hypervisor)' });
      continue;
    }
    const target = dc.hosts[to]!;
    let chosenMode = mode;
    let why = note;
    if (mode === 'live' && !predictor.acceptable(vm, host, target)) {
      chosenMode = 'postcopy';
      why = vm.sla.maxDowntimeSec === null
        ? 'post-copy: pre-copy would not converge before its timeout'
        : `post-copy: a live move would break its ${formatDuration(vm.sla.maxDowntimeSec)} downtime SLA`;
    }
    if (holdsResources(vm.state)) fleet.move(vm, index, to);
    const predicted = predictor.predict(vm, host, target, chosenMode);
    moves.push({ vm: vm.name, from: host.name, to: target.name, mode: chosenMode, reason: `evacuates ${host.name} for maintenance (${why})`, predictedTimeSec: predicted.totalTimeSec, predictedDowntimeMs: predicted.downtimeMs });
  }
  if (problems.length > 0) {
    return refusal('evacuation-impossible', `${host.name} cannot be evacuated: ${problems.length} VM(s) have nowhere to go (${problems[0]!.vm}: ${problems[0]!.reason})`,
      'free capacity elsewhere, unpin or stop those VMs, then try again; nothing was changed',
      { host: host.name, problems, rejections: problems.map((p) => ({ host: host.name, filter: 'evacuation', reason: `${p.vm}: ${p.reason}` })) });
  }
  const after = fleetMetrics(fleet, new Set(dc.hosts.filter((h) => h.state === 'off').map((h) => h.name)));
  return {
    strategy: 'maintenance', moves, before, after, hostsFreed: [host.name], hostsPoweredOff: [], hostsEmptyBefore: [],
    lowerBoundHosts: bound, movesLowerBound: null, makespanSec: planMakespan(state, moves, maxConcurrent), kept: [], warnings,
  };
}

export type HostAction = 'power-on' | 'power-off' | 'maintenance-exit';

export interface HostStateResult {
  host: string;
  action: HostAction;
  from: HostState;
  to: HostState;
  clockSec: number;
}

/** Power a host on or off (off refuses a host with VMs registered), or bring it back from maintenance. */
export function changeHostState(state: State, name: string, action: HostAction): Outcome<HostStateResult> | Refusal {
  const dc = requireDatacenter(state);
  const host = findHost(dc, name);
  const to: HostState = action === 'power-off' ? 'off' : 'on';
  if (action === 'maintenance-exit' && host.state !== 'maintenance') return refusal('not-in-maintenance', `${host.name} is not in maintenance (it is ${host.state})`, 'nothing to do', { host: host.name });
  if (action === 'power-on' && host.state !== 'off') return refusal('already-on', `${host.name} is already on${host.state === 'maintenance' ? ' (in maintenance)' : ''}`, host.state === 'maintenance' ? `dcctl host maintenance exit ${host.name}` : 'nothing to do', { host: host.name });
  if (action === 'power-off') {
    if (host.state === 'off') return refusal('already-off', `${host.name} is already off`, 'nothing to do', { host: host.name });
    const resident = state.vms.filter((v) => v.host === host.name).map((v) => v.name);
    if (resident.length > 0) {
      return refusal('host-not-empty', `${host.name} carries ${resident.length} VM(s): ${resident.slice(0, 5).join(', ')}${resident.length > 5 ? ', ...' : ''}`,
        `evacuate it first (dcctl host maintenance enter ${host.name}) or move the VMs`, { host: host.name, vms: resident });
    }
  }
  const next = recordEvents(withHostStates(state, new Map([[host.name, to]])), [{
    type: action === 'maintenance-exit' ? 'host-maintenance-exit' : `host-powered-${to}`, host: host.name, message: `${host.name}: ${host.state} -> ${to}`,
  }]);
  return { state: next, result: { host: host.name, action, from: host.state, to, clockSec: next.clockSec } };
}
