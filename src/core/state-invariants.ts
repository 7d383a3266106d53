import { HYPERVISOR_PROFILES, PAGING_FOR_MODE } from './hypervisors.js';
import type { Hypervisor } from './model.js';
import { holdsResources } from './model.js';
import { CAPACITY_EPSILON, hostLimits } from './placement/capacity.js';
import { buildView } from './placement/view.js';
import type { State } from './state.js';
import { formatBytes } from './units.js';

/**
 * What every command keeps true of a state, checked for a state that did not come from a
 * command (`state import`): the references between its parts, hypervisor combinations from the
 * product table, each host and VM once, and no host over its overcommit limits. The shapes and
 * ranges of the fields are the schema's (store/state-schema.ts); this runs after it.
 */
export interface StateProblem {
  /** Where in the state document: keys and list indexes. */
  path: (string | number)[];
  message: string;
  hint: string;
}

function hypervisorProblem(hv: Hypervisor): string | null {
  const profile = HYPERVISOR_PROFILES[hv.product];
  if (profile.level !== hv.level) return `${hv.product} is ${profile.level === 'os' ? 'OS-level' : 'hardware-level'} virtualization, not ${hv.level}`;
  if (hv.level === 'os') return hv.type === null && hv.kernel === null && hv.virtualization === null && hv.paging === null ? null : `${hv.product} is OS-level: type, kernel, virtualization and paging are null`;
  if (hv.type === null || !profile.types.includes(hv.type)) return `${hv.product} is a type ${profile.types.join(' or ')} hypervisor, not ${hv.type}`;
  if (hv.kernel === null || !profile.kernels.includes(hv.kernel)) return `${hv.product} has a ${profile.kernels.join('/')} design, not ${hv.kernel}`;
  if (hv.virtualization === null || !profile.modes.includes(hv.virtualization)) return `${hv.product} does not offer ${hv.virtualization} virtualization`;
  if (hv.paging === null || !PAGING_FOR_MODE[hv.virtualization].includes(hv.paging)) return `${hv.virtualization} virtualization cannot use ${hv.paging} paging`;
  return null;
}

/** "vms[3].host" -> ["vms", 3, "host"] */
function parsePath(text: string): (string | number)[] {
  return [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? m[1]! : Number(m[2])));
}

export function stateProblems(state: State): StateProblem[] {
  const problems: StateProblem[] = [];
  const add = (path: string, message: string, hint: string) => problems.push({ path: parsePath(path), message, hint });
  const dc = state.datacenter;
  const hostNames = new Set<string>();
  const clusterNames = new Set<string>();
  if (dc) {
    dc.clusters.forEach((c, i) => {
      if (clusterNames.has(c.name)) add(`datacenter.clusters[${i}].name`, `cluster ${c.name} appears twice`, 'cluster names are unique');
      clusterNames.add(c.name);
      const problem = hypervisorProblem(c.hypervisor);
      if (problem) add(`datacenter.clusters[${i}].hypervisor`, problem, 'see the hypervisor table in README (dcctl schema for the file form)');
    });
    dc.hosts.forEach((h, i) => {
      const at = `datacenter.hosts[${i}]`;
      if (hostNames.has(h.name)) add(`${at}.name`, `host ${h.name} appears twice`, 'host names are unique');
      hostNames.add(h.name);
      if (!clusterNames.has(h.cluster)) add(`${at}.cluster`, `host ${h.name} is in cluster ${h.cluster}, which is not defined`, 'every host belongs to a cluster of datacenter.clusters');
      else if (!dc.clusters.find((c) => c.name === h.cluster)!.hosts.includes(h.name)) add(`${at}.cluster`, `cluster ${h.cluster} does not list host ${h.name}`, 'a cluster\'s hosts list names each of its hosts');
      const problem = hypervisorProblem(h.hypervisor);
      if (problem) add(`${at}.hypervisor`, problem, 'see the hypervisor table in README');
      if (h.reserve.cores >= h.cores) add(`${at}.reserve.cores`, `a reserve of ${h.reserve.cores} cores leaves nothing of ${h.cores}`, 'reserve fewer cores than the host has');
      if (h.reserve.memoryBytes >= h.memoryBytes) add(`${at}.reserve.memoryBytes`, 'the memory reserve leaves no memory', 'reserve less memory than the host has');
      if (h.power?.kind === 'linear' && h.power.maxW < h.power.idleW) add(`${at}.power.maxW`, `max power ${h.power.maxW} W is below idle ${h.power.idleW} W`, 'a host draws at least its idle power at full load');
    });
    dc.clusters.forEach((c, i) => c.hosts.forEach((name, j) => {
      if (!hostNames.has(name)) add(`datacenter.clusters[${i}].hosts[${j}]`, `cluster ${c.name} lists host ${name}, which is not defined`, 'list only hosts of datacenter.hosts');
    }));
    const tenantNames = new Set<string>();
    dc.tenants.forEach((t, i) => {
      if (tenantNames.has(t.name)) add(`datacenter.tenants[${i}].name`, `tenant ${t.name} appears twice`, 'tenant names are unique');
      tenantNames.add(t.name);
      t.clusters.forEach((c, j) => {
        if (!clusterNames.has(c)) add(`datacenter.tenants[${i}].clusters[${j}]`, `tenant ${t.name} lists cluster ${c}, which is not defined`, 'list clusters of datacenter.clusters');
      });
    });
    for (const [host] of Object.entries(state.declaredHostStates ?? {})) {
      if (!hostNames.has(host)) add(`declaredHostStates.${host}`, `host ${host} is not defined`, 'declaredHostStates holds the hosts of datacenter.hosts');
    }
  }
  const vmNames = new Set<string>();
  const groups = new Map<string, string>();
  state.vms.forEach((vm, i) => {
    const at = `vms[${i}]`;
    if (vmNames.has(vm.name)) add(`${at}.name`, `VM ${vm.name} appears twice`, 'each VM appears once');
    vmNames.add(vm.name);
    if (!dc) {
      add(at, `VM ${vm.name} has no datacenter to run in`, 'a state with VMs holds the datacenter they run in');
      return;
    }
    if (vm.host !== null && !hostNames.has(vm.host)) add(`${at}.host`, `VM ${vm.name} is on host ${vm.host}, which is not defined`, 'a VM is on a host of datacenter.hosts, or null');
    if (vm.host === null && holdsResources(vm.state)) add(`${at}.host`, `VM ${vm.name} is ${vm.state} but on no host`, 'an active, paused or migrating VM is on a host');
    if (vm.requestedHost !== null && !hostNames.has(vm.requestedHost)) add(`${at}.requestedHost`, `VM ${vm.name} asks for host ${vm.requestedHost}, which is not defined`, 'name a host of datacenter.hosts, or null');
    if (vm.pinned && vm.requestedHost === null) add(`${at}.pinned`, `VM ${vm.name} is pinned but names no host`, 'a pinned VM has a requestedHost');
    if (vm.tenant !== null && !dc.tenants.some((t) => t.name === vm.tenant)) add(`${at}.tenant`, `VM ${vm.name} belongs to tenant ${vm.tenant}, which is not defined`, 'name a tenant of datacenter.tenants, or null');
    if (vm.workload.workingSetBytes !== null && vm.workload.workingSetBytes > vm.memoryBytes) add(`${at}.workload.workingSetBytes`, `the working set of ${vm.name} is larger than its memory`, 'the writable working set is part of the VM\'s memory');
    if (vm.group) {
      const rule = `${vm.group.rule}/${vm.group.enforcement}`;
      const seen = groups.get(vm.group.name);
      if (seen && seen !== rule) add(`${at}.group`, `group ${vm.group.name} is ${rule} here but ${seen} earlier`, 'every member of a group states the same rule and enforcement');
      groups.set(vm.group.name, seen ?? rule);
    }
  });
  if (dc && problems.length === 0) {
    const view = buildView(dc, state.vms);
    dc.hosts.forEach((h, i) => {
      const usage = view.usage.get(h.name)!;
      const limits = hostLimits(h);
      if (usage.vcpus > limits.vcpus + CAPACITY_EPSILON) add(`datacenter.hosts[${i}]`, `host ${h.name} holds ${usage.vcpus} vCPUs, over its limit of ${limits.vcpus}`, 'move or stop VMs there, or raise its overcommit.cpu');
      if (usage.memoryBytes > limits.memoryBytes + CAPACITY_EPSILON) add(`datacenter.hosts[${i}]`, `host ${h.name} holds ${formatBytes(usage.memoryBytes)} of VM memory, over its limit of ${formatBytes(limits.memoryBytes)}`, 'move or stop VMs there, or raise its overcommit.memory');
    });
  }
  const eventIds = new Set<number>();
  (state.events ?? []).forEach((e, i) => {
    if (eventIds.has(e.id)) add(`events[${i}].id`, `event ${e.id} appears twice`, 'event ids are unique');
    eventIds.add(e.id);
    if (e.id >= state.nextEventId) add(`events[${i}].id`, `event ${e.id} is not below nextEventId ${state.nextEventId}`, 'nextEventId is the next id to hand out');
  });
  const migrationIds = new Set<string>();
  (state.migrations ?? []).forEach((m, i) => {
    if (migrationIds.has(m.id)) add(`migrations[${i}].id`, `migration ${m.id} appears twice`, 'migration ids are unique');
    migrationIds.add(m.id);
    const n = /^m(\d+)$/.exec(m.id)?.[1];
    if (state.nextMigrationId !== undefined && n !== undefined && Number(n) >= state.nextMigrationId) add(`migrations[${i}].id`, `migration ${m.id} is not below nextMigrationId ${state.nextMigrationId}`, 'nextMigrationId is the next number to hand out');
  });
  return problems;
}
