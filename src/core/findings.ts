import type { Datacenter, Vm, VmSpec } from './model.js';
import { isRefusal } from './errors.js';
import { planMaintenance } from './maintenance.js';
import { hostLimits, memoryFootprintBytes } from './placement/capacity.js';
import { hypervisorFilter } from './placement/filters/hypervisor.js';
import { tenancyFilter } from './placement/filters/tenancy.js';
import { survivesFailures } from './placement/headroom.js';
import { evaluateHost } from './placement/place.js';
import { buildView } from './placement/view.js';
import type { State } from './state.js';

/**
 * What `dc validate` finds beyond the schema (issue 15): rules that can never all hold, tenants
 * and VMs no host admits, hosts that could not be emptied for maintenance, clusters that could not
 * restart a failed host's VMs. Warnings unless `--strict`.
 */
export const FINDING_KINDS = ['unsatisfiable-rule', 'no-eligible-host', 'cannot-evacuate', 'no-failover-headroom'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** error: it can never hold as written; warning: it holds now, with no margin. */
  severity: 'error' | 'warning';
  /** What it is about: a group, tenant, VM, host or cluster, as `group web`, `host a2-1`. */
  subject: string;
  message: string;
}

const list = (names: readonly string[], most = 6) => `${names.slice(0, most).join(', ')}${names.length > most ? `, ... (${names.length})` : ''}`;

/** Hosts whose tenancy and hypervisor admit the VM, whatever runs there and whatever their state. */
function eligibleHosts(dc: Datacenter, vm: VmSpec): string[] {
  const view = buildView(dc, []);
  return dc.hosts.filter((h) => tenancyFilter.check(vm, h, view).fits && hypervisorFilter.check(vm, h).fits).map((h) => h.name);
}

/** Members of a must anti-affinity group each need a host of their own: a bipartite matching (augmenting paths). */
function distinctHostsFor(eligible: readonly string[][]): number {
  const owner = new Map<string, number>();
  const tryAssign = (m: number, seen: Set<string>): boolean => {
    for (const h of eligible[m]!) {
      if (seen.has(h)) continue;
      seen.add(h);
      const current = owner.get(h);
      if (current === undefined || tryAssign(current, seen)) {
        owner.set(h, m);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let m = 0; m < eligible.length; m++) if (tryAssign(m, new Set())) matched++;
  return matched;
}

/** Findings from the file alone: must-rules, pins, tenants and VMs against the hosts. */
export function ruleFindings(dc: Datacenter, vms: readonly VmSpec[]): Finding[] {
  const findings: Finding[] = [];
  const eligible = new Map(vms.map((v) => [v.name, eligibleHosts(dc, v)]));
  const groups = new Map<string, VmSpec[]>();
  for (const vm of vms) if (vm.group?.enforcement === 'must') groups.set(vm.group.name, [...(groups.get(vm.group.name) ?? []), vm]);
  for (const [name, members] of groups) {
    const rule = members[0]!.group!.rule;
    const pinned = members.filter((m) => m.pinned && m.requestedHost);
    if (rule === 'anti-affinity') {
      const matched = distinctHostsFor(members.map((m) => (m.pinned && m.requestedHost ? [m.requestedHost] : eligible.get(m.name)!)));
      if (matched < members.length) {
        const hosts = [...new Set(members.flatMap((m) => eligible.get(m.name)!))];
        findings.push({ kind: 'unsatisfiable-rule', severity: 'error', subject: `group ${name}`,
          message: `must anti-affinity group ${name} has ${members.length} members (${list(members.map((m) => m.name))}) but only ${matched} can have a host of their own${pinned.length ? ' with the pins it has' : ''} (eligible: ${hosts.length ? list(hosts) : 'none'})` });
      }
    } else {
      const common = dc.hosts.map((h) => h.name).filter((h) => members.every((m) => (m.pinned && m.requestedHost ? m.requestedHost === h : eligible.get(m.name)!.includes(h))));
      const roomy = common.filter((h) => {
        const host = dc.hosts.find((x) => x.name === h)!;
        const limits = hostLimits(host);
        return members.reduce((a, m) => a + m.cpus, 0) <= limits.vcpus + 1e-6 && members.reduce((a, m) => a + memoryFootprintBytes(m, host, dc), 0) <= limits.memoryBytes + 1e-6;
      });
      if (roomy.length === 0) {
        findings.push({ kind: 'unsatisfiable-rule', severity: 'error', subject: `group ${name}`,
          message: `must affinity group ${name} (${list(members.map((m) => m.name))}) must share one host, but ${common.length === 0 ? `no host admits them all${pinned.length > 1 ? ' (they are pinned apart)' : ''}` : `none of the hosts that admit them all (${list(common)}) can hold them together`}` });
      }
    }
  }
  for (const vm of vms) {
    if (vm.pinned && vm.requestedHost && !eligible.get(vm.name)!.includes(vm.requestedHost)) {
      findings.push({ kind: 'unsatisfiable-rule', severity: 'error', subject: `vm ${vm.name}`, message: `${vm.name} is pinned to ${vm.requestedHost}, whose tenancy or hypervisor does not admit it` });
    } else if (eligible.get(vm.name)!.length === 0) {
      findings.push({ kind: 'no-eligible-host', severity: 'error', subject: `vm ${vm.name}`, message: `no host's tenancy and hypervisor admit ${vm.name} (${vm.kind}${vm.tenant ? `, tenant ${vm.tenant}` : ''}, io ${vm.io})` });
    }
  }
  for (const tenant of dc.tenants) {
    const probe: VmSpec = { name: `${tenant.name}-probe`, tenant: tenant.name, kind: 'vm', cpus: 1, memoryBytes: 1, io: 'emulated', guest: { os: 'linux', arch: null, paravirtualized: false },
      workload: { cpu: 0, profile: 'compute', dirtyRateBytesPerSec: null, workingSetBytes: null }, sla: { maxDowntimeSec: null }, group: null, requestedHost: null, pinned: false };
    const view = buildView(dc, []);
    if (!dc.hosts.some((h) => tenancyFilter.check(probe, h, view).fits)) {
      findings.push({ kind: 'no-eligible-host', severity: 'error', subject: `tenant ${tenant.name}`,
        message: `tenant ${tenant.name} (${tenant.deployment}${tenant.clusters.length ? `, clusters ${tenant.clusters.join(', ')}` : ''}) has no host its deployment model admits` });
    }
  }
  return findings;
}

/** Findings about the placed state: hosts that cannot be evacuated, clusters without N+1. */
export function stateFindings(state: State): Finding[] {
  const dc = state.datacenter!;
  const findings: Finding[] = [];
  const holding = new Set(state.vms.filter((v: Vm) => v.host !== null).map((v) => v.host!));
  for (const host of dc.hosts) {
    if (host.state !== 'on' || !holding.has(host.name)) continue;
    const plan = planMaintenance(state, host.name, 2);
    if (isRefusal(plan)) {
      const problems = (plan.details?.problems as { vm: string; reason: string }[] | undefined) ?? [];
      findings.push({ kind: 'cannot-evacuate', severity: 'warning', subject: `host ${host.name}`,
        message: `${host.name} cannot be emptied for maintenance: ${problems.length ? problems.slice(0, 4).map((p) => `${p.vm}: ${whyStuck(state, p.vm, host.name) ?? p.reason}`).join('; ') : plan.message}` });
    }
  }
  for (const cluster of dc.clusters) {
    const check = survivesFailures(dc, state.vms, 1, cluster.name);
    if (check.survives) continue;
    const worst = check.blockers[0]!;
    findings.push({ kind: 'no-failover-headroom', severity: 'warning', subject: `cluster ${cluster.name}`,
      message: `${cluster.name} has no N+1 headroom: losing ${list(worst.failedHosts)} strands ${list(worst.vms)}${check.blockers.length > 1 ? ` (${check.blockers.length} such hosts)` : ''}` });
  }
  return findings;
}

/** Why no other host takes a VM, filter by filter ("tenancy on a1, a2-1; hypervisor on b1-1"). */
function whyStuck(state: State, vmName: string, from: string): string | null {
  const dc = state.datacenter!;
  const vm = state.vms.find((v) => v.name === vmName);
  if (!vm || vm.pinned) return null;
  const view = buildView(dc, state.vms.filter((v) => v.name !== vmName));
  const byFilter = new Map<string, string[]>();
  for (const host of dc.hosts) {
    if (host.name === from) continue;
    const first = evaluateHost(vm, host, view).verdicts.find((v) => !v.fits);
    if (first) byFilter.set(first.filter, [...(byFilter.get(first.filter) ?? []), host.name]);
  }
  if (byFilter.size === 0) return null;
  return `no other host takes it (${[...byFilter].map(([filter, hosts]) => `${filter}: ${list(hosts, 4)}`).join('; ')})`;
}
