import type { Datacenter, Host, Vm, VmSpec } from '../model.js';
import { STATIC_FILTERS } from './filters/index.js';
import { holdsResources } from '../model.js';
import { CAPACITY_EPSILON, fitsCapacity, hostLimits, memoryFootprintBytes, remainingAfter } from './capacity.js';
import { evaluateHost, placeVm } from './place.js';
import type { PolicyName } from './policies.js';
import type { DatacenterView } from './types.js';
import { buildView, chargeVm, unchargeVm } from './view.js';

/** What stops a host from taking one more VM of the flavor: a resource, or the filter that refuses it. */
export type LimitedBy = 'cpu' | 'memory' | 'host-state' | 'tenancy' | 'hypervisor' | 'affinity' | 'anti-affinity';

export interface HostHeadroom {
  host: string;
  cluster: string;
  fits: number;
  limitedBy: LimitedBy;
}

export interface Headroom {
  total: number;
  hosts: HostHeadroom[];
  clusters: { cluster: string; fits: number }[];
}

/** How many copies of `each` fit in `free` by the capacity filter's own test, added one at a time. */
function copies(limit: number, used: number, each: number): number {
  if (each <= 0) return Infinity;
  let k = Math.max(0, Math.floor((limit - used + CAPACITY_EPSILON) / each));
  while (k > 0 && !(each <= limit - (used + (k - 1) * each) + CAPACITY_EPSILON)) k--;
  while (each <= limit - (used + k * each) + CAPACITY_EPSILON) k++;
  return k;
}

/** The members of the flavor's must group and where they hold resources. */
function mustGroupHosts(flavor: VmSpec, view: DatacenterView): Map<string, number> | null {
  if (!flavor.group || flavor.group.enforcement !== 'must') return null;
  return view.groupHosts.get(flavor.group.name) ?? new Map();
}

/** One host's room for more of the flavor: every filter of vm create, counted rather than asked once. */
export function hostHeadroom(flavor: VmSpec, host: Host, view: DatacenterView): HostHeadroom {
  const at = { host: host.name, cluster: host.cluster };
  for (const filter of STATIC_FILTERS) {
    if (!filter.check(flavor, host, view).fits) return { ...at, fits: 0, limitedBy: filter.name as LimitedBy };
  }
  const members = mustGroupHosts(flavor, view);
  if (members && flavor.group!.rule === 'affinity' && members.size > 0 && !members.has(host.name)) return { ...at, fits: 0, limitedBy: 'affinity' };
  if (members && flavor.group!.rule === 'anti-affinity' && members.has(host.name)) return { ...at, fits: 0, limitedBy: 'anti-affinity' };
  const limits = hostLimits(host);
  const usage = view.usage.get(host.name);
  const byCpu = copies(limits.vcpus, usage?.vcpus ?? 0, flavor.cpus);
  const byMemory = copies(limits.memoryBytes, usage?.memoryBytes ?? 0, memoryFootprintBytes(flavor, host, view.dc));
  const fits = Math.min(byCpu, byMemory);
  if (members && flavor.group!.rule === 'anti-affinity' && fits >= 1) return { ...at, fits: 1, limitedBy: 'anti-affinity' };
  return { ...at, fits, limitedBy: byCpu <= byMemory ? 'cpu' : 'memory' };
}

/**
 * How many more VMs of a flavor fit now, host by host, after overcommit, reserves, overhead,
 * tenancy, hypervisors and must-rules: the same filters as `vm create`, so placing `total` of them
 * one by one succeeds and one more fails. A must affinity group puts them all on one host: with
 * members already placed, theirs; with none yet, the host the policy gives the first (`vm create`
 * would), so the total is that host's room, not the sum (a cluster's figure is its best host's).
 */
export function headroom(dc: Datacenter, vms: readonly Vm[], flavor: VmSpec, options: { cluster?: string | null; policy: PolicyName; cursor: number }): Headroom {
  const view = buildView(dc, vms);
  const cluster = options.cluster ?? null;
  const hosts = dc.hosts.filter((h) => !cluster || h.cluster === cluster).map((h) => hostHeadroom(flavor, h, view));
  const members = mustGroupHosts(flavor, view);
  const together = members !== null && flavor.group!.rule === 'affinity';
  const combine = (values: number[]) => (together ? Math.max(0, ...values) : values.reduce((a, b) => a + b, 0));
  const byCluster = new Map<string, number[]>();
  for (const h of hosts) byCluster.set(h.cluster, [...(byCluster.get(h.cluster) ?? []), h.fits]);
  const clusters = dc.clusters.filter((c) => byCluster.has(c.name)).map((c) => ({ cluster: c.name, fits: combine(byCluster.get(c.name)!) }));
  if (!together) return { total: clusters.reduce((a, c) => a + c.fits, 0), hosts, clusters };
  const scope: DatacenterView = cluster ? buildView({ ...dc, hosts: dc.hosts.filter((h) => h.cluster === cluster) }, vms) : view;
  const first = placeVm(scope, { vm: flavor, policy: options.policy, cursor: options.cursor }).host;
  return { total: first === null ? 0 : hosts.find((h) => h.host === first)!.fits, hosts, clusters };
}

/** Hosts that failed, and the VMs that found no other host of the cluster to restart on. */
export interface FailureBlocker {
  cluster: string;
  failedHosts: string[];
  vms: string[];
}

export interface FailureCheck {
  k: number;
  survives: boolean;
  blockers: FailureBlocker[];
  /** Clusters where every set of k hosts was tried (false: the k most loaded hosts only, too many sets). */
  exhaustive: boolean;
}

/**
 * Work allowed per cluster for trying every set of k hosts (sets x hosts of the cluster): beyond
 * it, the k most loaded hosts only. 1,000 hosts and k = 1 is within it; 100 hosts and k = 3 is not.
 */
const MAX_FAILURE_WORK = 1_000_000;

function combinations(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

function* subsets(items: readonly number[], k: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let i = start; i <= items.length - (k - chosen.length); i++) {
    chosen.push(items[i]!);
    yield* subsets(items, k, i + 1, chosen);
    chosen.pop();
  }
}

/**
 * N+K: whether each cluster can restart the VMs that hold resources on any k of its powered-on
 * hosts on its other hosts, by the same filters as vm create (largest first, best fit, the way an
 * HA admission check packs them). Every set of k hosts is tried while sets x hosts stays within
 * 1,000,000; otherwise the k hosts carrying the most memory, then the most vCPUs (`exhaustive: false`).
 */
export function survivesFailures(dc: Datacenter, vms: readonly Vm[], k: number, cluster?: string | null): FailureCheck {
  const blockers: FailureBlocker[] = [];
  let exhaustive = true;
  const holding = vms.filter((v) => v.host !== null && holdsResources(v.state));
  const onHost = new Map<string, Vm[]>();
  for (const vm of holding) (onHost.get(vm.host!) ?? onHost.set(vm.host!, []).get(vm.host!)!).push(vm);
  // One view of the whole fleet; each failed set is taken out of it, restarted, and put back.
  const view = buildView(dc, holding);
  for (const c of dc.clusters) {
    if (cluster && c.name !== cluster) continue;
    const members = dc.hosts.map((h, i) => ({ h, i })).filter(({ h }) => h.cluster === c.name && h.state === 'on').map(({ i }) => i);
    if (members.length === 0) continue;
    if (members.length <= k) {
      const lost = members.flatMap((i) => (onHost.get(dc.hosts[i]!.name) ?? []).map((v) => v.name));
      if (lost.length > 0) blockers.push({ cluster: c.name, failedHosts: members.map((i) => dc.hosts[i]!.name), vms: lost });
      continue;
    }
    let sets: Iterable<number[]>;
    if (combinations(members.length, k) * members.length <= MAX_FAILURE_WORK) sets = subsets(members, k);
    else {
      exhaustive = false;
      const load = (i: number) => view.usage.get(dc.hosts[i]!.name)!;
      sets = [[...members].sort((a, b) => load(b).memoryBytes - load(a).memoryBytes || load(b).vcpus - load(a).vcpus || a - b).slice(0, k)];
    }
    for (const failed of sets) {
      const blocker = restart(dc, view, onHost, new Set(failed), members);
      if (blocker) blockers.push({ cluster: c.name, ...blocker });
    }
  }
  return { k, survives: blockers.length === 0, blockers, exhaustive };
}

/** The failed hosts' VMs restarted on the others, largest first, best fit; the view is left as it was given. */
function restart(dc: Datacenter, view: DatacenterView, onHost: ReadonlyMap<string, Vm[]>, failed: ReadonlySet<number>, members: readonly number[]): Omit<FailureBlocker, 'cluster'> | null {
  const failedNames = [...failed].map((i) => dc.hosts[i]!.name);
  const lost = failedNames.flatMap((h) => onHost.get(h) ?? []).sort((a, b) => b.cpus - a.cpus || b.memoryBytes - a.memoryBytes || a.name.localeCompare(b.name));
  if (lost.length === 0) return null;
  for (const vm of lost) unchargeVm(view, vm, vm.host!, vm.state !== 'paused');
  const survivors = members.filter((i) => !failed.has(i)).map((i) => dc.hosts[i]!);
  const restarted: { vm: Vm; host: string }[] = [];
  const stranded: string[] = [];
  for (const vm of lost) {
    let best: { host: Host; remaining: number } | null = null;
    for (const host of survivors) {
      const usage = view.usage.get(host.name)!;
      const footprint = memoryFootprintBytes(vm, host, dc);
      if (!fitsCapacity(hostLimits(host), usage.vcpus, usage.memoryBytes, vm.cpus, footprint) || !evaluateHost(vm, host, view).fits) continue;
      const remaining = remainingAfter(hostLimits(host), usage.vcpus, usage.memoryBytes, vm.cpus, footprint);
      if (!best || remaining < best.remaining) best = { host, remaining };
    }
    if (best) {
      chargeVm(view, vm, best.host.name, vm.state !== 'paused');
      restarted.push({ vm, host: best.host.name });
    } else stranded.push(vm.name);
  }
  for (const r of restarted) unchargeVm(view, r.vm, r.host, r.vm.state !== 'paused');
  for (const vm of lost) chargeVm(view, vm, vm.host!, vm.state !== 'paused');
  return stranded.length === 0 ? null : { failedHosts: failedNames, vms: stranded };
}

export interface FailureHeadroom extends FailureCheck {
  /** How many of the flavor fit (placed one by one as vm create would) while every cluster still survives k failures. */
  fitsWithReserve: number;
}

/**
 * N+K today, and the flavor's room that keeps it: the flavor is placed one VM after another by
 * the policy (as `vm create` would, up to `total`), and the largest count after which every
 * cluster still survives k failures is found by bisection (more VMs never make a restart easier).
 */
export function failureHeadroom(dc: Datacenter, vms: readonly Vm[], flavor: VmSpec, k: number, total: number, policy: PolicyName, cursor: number, cluster?: string | null): FailureHeadroom {
  const now = survivesFailures(dc, vms, k, cluster);
  if (!now.survives || total === 0) return { ...now, fitsWithReserve: 0 };
  const scope: Datacenter = cluster ? { ...dc, hosts: dc.hosts.filter((h) => h.cluster === cluster) } : dc;
  const view = buildView(scope, vms);
  const added: Vm[] = [];
  for (let i = 0; i < total; i++) {
    const spec = { ...flavor, name: `${flavor.name}-${i + 1}` };
    const placement = placeVm(view, { vm: spec, policy, cursor });
    if (!placement.host) break;
    cursor = placement.cursor;
    chargeVm(view, spec, placement.host);
    added.push({ ...spec, state: 'active', host: placement.host, origin: 'cli', createdAtSec: 0 });
  }
  const holds = (m: number) => survivesFailures(dc, [...vms, ...added.slice(0, m)], k, cluster).survives;
  let low = 0;
  let high = added.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (holds(mid)) low = mid;
    else high = mid - 1;
  }
  return { ...now, fitsWithReserve: low };
}
