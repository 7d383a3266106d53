import type { Host, VmSpec } from '../model.js';
import { hostLimits, memoryFootprintBytes, remainingAfter } from './capacity.js';
import { groupRuleReasons } from './filters/affinity.js';
import { PLACEMENT_FILTERS } from './filters/index.js';
import type { Candidate, PolicyName } from './policies.js';
import { choose, POLICIES } from './policies.js';
import type { DatacenterView, Verdict } from './types.js';

export interface Rejection {
  host: string;
  filter: string;
  reason: string;
}

export interface HostVerdicts {
  host: string;
  fits: boolean;
  verdicts: Verdict[];
}

export interface PlacementRequest {
  vm: VmSpec;
  policy: PolicyName;
  /** Consider only this host (a `--host` flag or the YAML's `host:`). */
  onlyHost?: string | null;
  /** Take this host when it fits, else fall back to the policy (resuming on the registered host). */
  preferHost?: string | null;
  cursor: number;
}

export interface Placement {
  host: string | null;
  policy: PolicyName;
  /** Hosts that passed every filter. */
  candidates: number;
  rejections: Rejection[];
  warnings: string[];
  /** The round-robin cursor after this placement. */
  cursor: number;
}

export function evaluateHost(vm: VmSpec, host: Host, view: DatacenterView): HostVerdicts {
  const verdicts = PLACEMENT_FILTERS.map((filter) => filter.check(vm, host, view));
  return { host: host.name, fits: verdicts.every((v) => v.fits), verdicts };
}

export function rejectionsOf(results: readonly HostVerdicts[]): Rejection[] {
  return results.flatMap((r) => r.verdicts.filter((v) => !v.fits).flatMap((v) => v.reasons.map((reason) => ({ host: r.host, filter: v.filter, reason: reason.text }))));
}

export function candidateFor(vm: VmSpec, host: Host, index: number, view: DatacenterView): Candidate {
  const usage = view.usage.get(host.name);
  return {
    index,
    host: host.name,
    remaining: remainingAfter(hostLimits(host), usage?.vcpus ?? 0, usage?.memoryBytes ?? 0, vm.cpus, memoryFootprintBytes(vm, host, view.dc)),
  };
}

/**
 * Run every filter on every host, then let the policy choose among those that fit.
 * "Nothing fits" is a result with every host's reasons, not an exception.
 */
export function placeVm(view: DatacenterView, request: PlacementRequest): Placement {
  const { vm } = request;
  const hosts = view.dc.hosts;
  const indexed = hosts.map((host, index) => ({ host, index }))
    .filter(({ host }) => !request.onlyHost || host.name === request.onlyHost);
  const results = indexed.map(({ host }) => evaluateHost(vm, host, view));
  const fitting = indexed.filter((_, i) => results[i]!.fits).map(({ host, index }) => candidateFor(vm, host, index, view));
  const base = { policy: request.policy, candidates: fitting.length, warnings: [] as string[] };
  if (fitting.length === 0) return { ...base, host: null, rejections: rejectionsOf(results), cursor: request.cursor };

  const preferred = fitting.find((c) => c.host === request.preferHost);
  if (preferred) return { ...base, host: preferred.host, rejections: [], cursor: request.cursor };

  let pool = fitting;
  if (vm.group?.enforcement === 'should') {
    const keeping = fitting.filter((c) => groupRuleReasons(view, vm.group!, vm.name, c.host).length === 0);
    if (keeping.length > 0) pool = keeping;
    else base.warnings.push(`should-rule broken: no host keeps ${vm.group.rule} group ${vm.group.name} for ${vm.name}`);
  }
  const chosen = choose(POLICIES[request.policy], pool, { hostCount: hosts.length, cursor: request.cursor })!;
  return { ...base, host: chosen.host, rejections: [], cursor: request.policy === 'round-robin' ? chosen.index : request.cursor };
}
