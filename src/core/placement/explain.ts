import type { Datacenter, Host, Vm, VmSpec } from '../model.js';
import { holdsResources } from '../model.js';
import { moveRefusal } from '../migration/migrate.js';
import { immovable, MovePredictor } from '../plan/predict.js';
import type { State } from '../state.js';
import { formatDuration, formatNumber } from '../units.js';
import { fitsCapacity, hostLimits, memoryFootprintBytes } from './capacity.js';
import { candidateFor, evaluateHost, placeVm } from './place.js';
import type { PolicyName } from './policies.js';
import { POLICIES } from './policies.js';
import type { DatacenterView, Verdict } from './types.js';
import { buildView, chargeVm, clusterReservations, unchargeVm } from './view.js';

export interface Shortfall {
  resource: 'vcpus' | 'memory';
  requested: number;
  free: number;
  /** requested - free (vCPUs, or bytes of memory with overhead). */
  missing: number;
}

export interface ExplainedVerdict {
  filter: string;
  passed: boolean;
  reason: string;
  shortfall?: Shortfall[];
}

export type CounterfactualKind = 'overcommit' | 'move-vm' | 'rule' | 'host-state' | 'tenancy' | 'flavor' | 'combined';

/** What a counterfactual changes, as data (a script or a test can make the change and place again). */
export type CounterfactualEdit =
  | { kind: 'overcommit'; host: string; cpu: number; memory: number }
  | { kind: 'move-vm'; vm: string; from: string; to: string }
  | { kind: 'rule'; group: string; enforcement: 'should' }
  | { kind: 'host-state'; host: string; state: 'on' }
  | { kind: 'tenancy'; tenant: string; addCluster: string }
  | { kind: 'flavor'; set: Partial<Pick<VmSpec, 'io' | 'kind' | 'guest'>> };

/** A change that would make the host take the VM, verified by running every filter again on the changed state. */
export interface Counterfactual {
  change: string;
  kind: CounterfactualKind;
  verified: boolean;
  /** One edit, or (kind combined) one per failing filter. */
  edits: CounterfactualEdit[];
}

export interface ExplainedHost {
  host: string;
  cluster: string;
  fits: boolean;
  verdicts: ExplainedVerdict[];
  /** The policy's rank of a host that passed (smaller wins: first-fit its position, best-fit the room left, ...). */
  score?: number;
  chosen?: true;
  counterfactuals: Counterfactual[];
}

export interface PlacementExplanation {
  vm: string;
  policy: PolicyName;
  fits: boolean;
  host: string | null;
  hosts: ExplainedHost[];
  /** Hosts searched for counterfactuals (those closest to fitting first; the search is bounded on large fleets). */
  counterfactualsSearched: number;
}

/** Hosts that get a counterfactual search at most (the ones with the fewest failing filters, then the smallest shortfall). */
export const COUNTERFACTUAL_HOSTS = 200;


function explainVerdict(v: Verdict): ExplainedVerdict {
  const shortfall = v.reasons.filter((r) => r.requested !== undefined && r.free !== undefined)
    .map((r) => ({ resource: (r.resource === 'memory' ? 'memory' : 'vcpus') as Shortfall['resource'], requested: r.requested!, free: r.free!, missing: r.requested! - r.free! }));
  return { filter: v.filter, passed: v.fits, reason: v.fits ? 'ok' : v.reasons.map((r) => r.text).join('; '), ...(shortfall.length ? { shortfall } : {}) };
}

/** One change to try: what it says, and the world it makes (the VM, the host, the view to judge them in). */
interface Trial {
  /** The filter whose refusal it answers. */
  filter: string;
  change: string;
  kind: CounterfactualKind;
  edit: CounterfactualEdit;
  apply: (world: World) => World;
  /** A move of another VM away: done on the view for the check (off this host, onto its target), then undone. */
  moveAway?: { vm: Vm; to: string };
}

interface World {
  vm: VmSpec;
  host: Host;
  view: DatacenterView;
}

/**
 * Placement explained (issue 15): every filter's verdict on every host (not the first failure
 * only) with the shortfall in numbers, the policy's score of the hosts that pass, and per host that
 * fails the smallest changes that would make it take the VM (a higher overcommit ratio, another VM
 * moved away with the engine's prediction, a must-rule made should, the host powered on, the
 * tenant's clusters, the VM's I/O path), each verified by running the filters again on the
 * changed state; where no single change is enough, all of them together.
 */
export function explainPlacement(state: State, vm: VmSpec, options: { policy: PolicyName; onlyHost?: string | null }): PlacementExplanation {
  const dc = state.datacenter!;
  const view = buildView(dc, state.vms);
  const placement = placeVm(view, { vm, policy: options.policy, cursor: state.placementCursor, onlyHost: options.onlyHost ?? null });
  const policy = POLICIES[options.policy];
  const indexed = dc.hosts.map((host, index) => ({ host, index })).filter(({ host }) => !options.onlyHost || host.name === options.onlyHost);
  const hosts: ExplainedHost[] = indexed.map(({ host, index }) => {
    const result = evaluateHost(vm, host, view);
    const explained: ExplainedHost = { host: host.name, cluster: host.cluster, fits: result.fits, verdicts: result.verdicts.map(explainVerdict), counterfactuals: [] };
    if (result.fits) {
      explained.score = policy.rank(candidateFor(vm, host, index, view), { hostCount: dc.hosts.length, cursor: state.placementCursor })[0];
      if (placement.host === host.name) explained.chosen = true;
    }
    return explained;
  });
  // Counterfactuals for the hosts closest to fitting first.
  const failing = hosts.map((h, i) => ({ h, i, host: indexed[i]!.host })).filter(({ h }) => !h.fits);
  // Shortfalls as shares of what the VM asks, so vCPUs and bytes add up.
  const missing = (h: ExplainedHost) => h.verdicts.flatMap((v) => v.shortfall ?? []).reduce((a, s) => a + s.missing / Math.max(1, s.requested), 0);
  failing.sort((a, b) => a.h.verdicts.filter((v) => !v.passed).length - b.h.verdicts.filter((v) => !v.passed).length || missing(a.h) - missing(b.h) || a.i - b.i);
  const searched = failing.slice(0, COUNTERFACTUAL_HOSTS);
  const predictor = new MovePredictor(state, 'live');
  for (const { h, host } of searched) h.counterfactuals = counterfactuals(state, vm, host, view, h, predictor);
  return { vm: vm.name, policy: options.policy, fits: placement.host !== null, host: placement.host, hosts, counterfactualsSearched: searched.length };
}

function counterfactuals(state: State, vm: VmSpec, host: Host, view: DatacenterView, explained: ExplainedHost, predictor: MovePredictor): Counterfactual[] {
  const failed = new Set(explained.verdicts.filter((v) => !v.passed).map((v) => v.filter));
  const trials: Trial[] = [];
  const alternatives: Trial[] = [];
  const dc = view.dc;
  if (failed.has('host-state')) {
    trials.push({
      filter: 'host-state',
      change: host.state === 'off' ? `fits once ${host.name} is powered on (dcctl host power on ${host.name})` : `fits once ${host.name} is back from maintenance (dcctl host maintenance exit ${host.name})`,
      kind: 'host-state', edit: { kind: 'host-state', host: host.name, state: 'on' }, apply: (w) => ({ ...w, host: { ...w.host, state: 'on' } }),
    });
  }
  if (failed.has('tenancy') && vm.tenant) {
    const tenant = view.tenants.get(vm.tenant);
    if (tenant) {
      trials.push({
        filter: 'tenancy',
        change: `fits if tenant ${tenant.name} (${tenant.deployment}) had ${host.cluster} among its clusters`,
        kind: 'tenancy',
        edit: { kind: 'tenancy', tenant: tenant.name, addCluster: host.cluster },
        apply: (w) => {
          const tenants = dc.tenants.map((t) => (t.name === tenant.name ? { ...t, clusters: [...t.clusters, host.cluster] } : t));
          return { ...w, view: { ...w.view, tenants: new Map(tenants.map((t) => [t.name, t])), reservations: clusterReservations(tenants) } };
        },
      });
    }
  }
  if (failed.has('hypervisor')) {
    const flavor = (change: string, to: Partial<Pick<VmSpec, 'io' | 'kind' | 'guest'>>) => trials.push({ filter: 'hypervisor', change, kind: 'flavor', edit: { kind: 'flavor', set: to }, apply: (w) => ({ ...w, vm: { ...w.vm, ...to } }) });
    if (host.hypervisor.level === 'os' && vm.kind !== 'container') flavor(`fits as a container (--kind container): ${host.hypervisor.product} runs OS-level virtualization only`, { kind: 'container' });
    for (const io of ['paravirtual', 'emulated'] as const) if (io !== vm.io && host.hypervisor.level !== 'os') flavor(`fits with --io ${io} (not ${vm.io})`, { io });
    if (vm.guest.paravirtualized && host.hypervisor.level !== 'os') flavor('fits as an unmodified guest (--no-paravirtualized)', { guest: { ...vm.guest, paravirtualized: false } });
  }
  if (failed.has('capacity')) {
    const usage = view.usage.get(host.name)!;
    const footprint = memoryFootprintBytes(vm, host, dc);
    const limits = hostLimits(host);
    const cores = host.cores - host.reserve.cores;
    const memory = host.memoryBytes - host.reserve.memoryBytes;
    let cpuRatio = host.overcommit.cpu;
    let memoryRatio = host.overcommit.memory;
    if (vm.cpus > limits.vcpus - usage.vcpus + 1e-6 && cores > 0) cpuRatio = Math.ceil(((usage.vcpus + vm.cpus) / cores) * 100 - 1e-9) / 100;
    if (footprint > limits.memoryBytes - usage.memoryBytes + 1e-6 && memory > 0) memoryRatio = Math.ceil(((usage.memoryBytes + footprint) / memory) * 100 - 1e-9) / 100;
    const parts = [...(cpuRatio !== host.overcommit.cpu ? [`cpu overcommit >= ${formatNumber(cpuRatio)} (now ${formatNumber(host.overcommit.cpu)})`] : []), ...(memoryRatio !== host.overcommit.memory ? [`memory overcommit >= ${formatNumber(memoryRatio)} (now ${formatNumber(host.overcommit.memory)})`] : [])];
    if (parts.length) {
      trials.push({ filter: 'capacity', change: `fits if ${parts.join(' and ')}`, kind: 'overcommit', edit: { kind: 'overcommit', host: host.name, cpu: cpuRatio, memory: memoryRatio }, apply: (w) => ({ ...w, host: { ...w.host, overcommit: { ...w.host.overcommit, cpu: cpuRatio, memory: memoryRatio } } }) });
    }
    const away = moveAwayTrial(state, host, view, predictor, 'capacity', (other) => usage.vcpus - other.cpus + vm.cpus <= limits.vcpus + 1e-6 && usage.memoryBytes - memoryFootprintBytes(other, host, dc) + footprint <= limits.memoryBytes + 1e-6);
    if (away) alternatives.push(away);
  }
  if (failed.has('affinity') && vm.group?.enforcement === 'must') {
    trials.push({ filter: 'affinity', change: `fits if the ${vm.group.rule} rule '${vm.group.name}' were should (a preference)`, kind: 'rule', edit: { kind: 'rule', group: vm.group.name, enforcement: 'should' }, apply: (w) => ({ ...w, vm: { ...w.vm, group: { ...w.vm.group!, enforcement: 'should' } } }) });
    if (vm.group.rule === 'anti-affinity') {
      const members = state.vms.filter((o) => o.host === host.name && o.group?.name === vm.group!.name && holdsResources(o.state));
      if (members.length === 1) {
        const away = moveAwayTrial(state, host, view, predictor, 'affinity', (other) => other.name === members[0]!.name);
        if (away) alternatives.push(away);
      }
    }
  }
  const verify = (applied: Trial[]): boolean => {
    let world: World = { vm, host, view };
    for (const t of applied) world = t.apply(world);
    const moved = applied.flatMap((t) => (t.moveAway ? [t.moveAway] : []));
    for (const m of moved) {
      unchargeVm(world.view, m.vm, host.name, m.vm.state !== 'paused');
      chargeVm(world.view, m.vm, m.to, m.vm.state !== 'paused');
    }
    try {
      return evaluateHost(world.vm, world.host, world.view).fits;
    } finally {
      for (const m of moved) {
        unchargeVm(world.view, m.vm, m.to, m.vm.state !== 'paused');
        chargeVm(world.view, m.vm, host.name, m.vm.state !== 'paused');
      }
    }
  };
  const out: Counterfactual[] = [...trials, ...alternatives].map((t) => ({ change: t.change, kind: t.kind, verified: verify([t]), edits: [t.edit] }));
  // No change enough alone: the first change for each failing filter, all together.
  const firsts = [...failed].map((f) => trials.find((t) => t.filter === f)).filter((t): t is Trial => t !== undefined);
  if (!out.some((c) => c.verified) && firsts.length > 1) {
    out.push({ change: `fits if all of: ${firsts.map((t) => t.change.replace(/^fits (if |once |with |as )?/, '')).join('; ')}`, kind: 'combined', verified: verify(firsts), edits: firsts.map((t) => t.edit) });
  }
  return out;
}

/**
 * The smallest movable VM on the host whose leaving lets the VM in (`enough`; of the three
 * smallest), with the first
 * other host that takes it by every filter and the engine's prediction of that move.
 */
function moveAwayTrial(state: State, host: Host, view: DatacenterView, predictor: MovePredictor, filter: string, enough: (other: Vm) => boolean): Trial | null {
  const dc: Datacenter = view.dc;
  const candidates = state.vms.filter((o) => o.host === host.name && holdsResources(o.state) && immovable(o) === null && enough(o))
    .sort((a, b) => a.cpus - b.cpus || a.memoryBytes - b.memoryBytes || a.name.localeCompare(b.name)).slice(0, 3);
  for (const other of candidates) {
    for (const target of dc.hosts) {
      if (target.name === host.name || target.state !== 'on') continue;
      const usage = view.usage.get(target.name)!;
      if (!fitsCapacity(hostLimits(target), usage.vcpus, usage.memoryBytes, other.cpus, memoryFootprintBytes(other, target, dc))) continue;
      if (moveRefusal(other, host, target, 'live') !== null) continue;
      if (!evaluateHost(other, target, view).fits || !predictor.acceptable(other, host, target)) continue;
      const p = predictor.predict(other, host, target);
      return {
        filter,
        change: `fits after moving ${other.name} away (${host.name} -> ${target.name} predicted ${formatDuration(p.totalTimeSec)}, ${formatDuration(p.downtimeMs / 1000)} downtime)`,
        kind: 'move-vm', edit: { kind: 'move-vm', vm: other.name, from: host.name, to: target.name }, apply: (w) => w, moveAway: { vm: other, to: target.name },
      };
    }
  }
  return null;
}

