import { defaultPaging, HYPERVISOR_PROFILES, PAGING_FOR_MODE } from '../core/hypervisors.js';
import type { Cluster, Datacenter, Host, Hypervisor, Link, Overcommit, PowerModel, Tenant, VmSpec } from '../core/model.js';
import { parseBandwidth, parseBytes, parseFrequencyMHz, parseWatts } from '../core/units.js';
import { didYouMean } from '../core/text.js';
import type { Path } from './issues.js';
import { IssueList } from './issues.js';
import type { DatacenterFile, HostEntry, HypervisorEntry, OvercommitEntry } from './schema.js';
import { vmSpecFromEntry } from './vm-entry.js';

/** Built-in defaults: OpenStack Nova's initial allocation ratios (cpu 4.0, ram 1.0). */
export const DEFAULT_OVERCOMMIT: Overcommit = { cpu: 4, memory: 1 };
export const DEFAULT_BANDWIDTH = '10Gbit/s';

/**
 * What one file may declare, sized to what dcctl plans in seconds (10,000 hosts and 100,000 VMs)
 * with room to spare: beyond them a file is refused before any of it is expanded or placed.
 */
export const FILE_LIMITS = { hosts: 20_000, vms: 200_000 } as const;

export interface NormalizedDatacenter {
  datacenter: Datacenter;
  vms: VmSpec[];
  /** VMs the file declares with state: inactive. */
  inactive: string[];
}

/** Checks what the schema cannot (references, combinations) and converts units; issues carry paths. */
export function normalizeDatacenter(file: DatacenterFile, issues: IssueList): NormalizedDatacenter {
  const spec = file.spec;
  const defaultsOvercommit = mergeOvercommit(DEFAULT_OVERCOMMIT, spec.defaults?.overcommit);
  const networkBandwidth = linkRate(issues, ['spec', 'network', 'bandwidth'], spec.network?.bandwidth ?? DEFAULT_BANDWIDTH, parseBandwidth(DEFAULT_BANDWIDTH));

  const clusters: Cluster[] = [];
  const hosts: Host[] = [];
  const hostPaths = new Map<string, Path>();
  const clusterNames = new Set<string>();
  spec.clusters.forEach((clusterEntry, ci) => {
    const at: Path = ['spec', 'clusters', ci];
    if (clusterNames.has(clusterEntry.name)) issues.add([...at, 'name'], `cluster ${clusterEntry.name} is defined twice`, 'cluster names must be unique');
    clusterNames.add(clusterEntry.name);
    const declared = clusterEntry.hypervisor ?? spec.defaults?.hypervisor;
    if (!declared) issues.add(at, `cluster ${clusterEntry.name} has no hypervisor`, 'add hypervisor: { product: kvm } to the cluster or to spec.defaults');
    const hvPath: Path = clusterEntry.hypervisor ? [...at, 'hypervisor'] : ['spec', 'defaults', 'hypervisor'];
    const hypervisor = resolveHypervisor(declared ?? { product: 'kvm' }, hvPath, issues);
    const overcommit = mergeOvercommit(defaultsOvercommit, clusterEntry.overcommit);
    const names: string[] = [];
    clusterEntry.hosts.forEach((hostEntry, hi) => {
      const hostAt: Path = [...at, 'hosts', hi];
      if (hosts.length + (hostEntry.count ?? 1) > FILE_LIMITS.hosts) {
        if (!issues.items.some((i) => i.message.startsWith('the file declares more than'))) {
          issues.add(hostEntry.count === undefined ? hostAt : [...hostAt, 'count'], `the file declares more than ${FILE_LIMITS.hosts.toLocaleString('en-US')} hosts, the most a datacenter file may hold`,
            'split the datacenter, or use fewer, larger hosts');
        }
        return;
      }
      for (const host of expandHost(hostEntry, hostAt, clusterEntry.name, hypervisor, overcommit, networkBandwidth, issues)) {
        if (hostPaths.has(host.name)) issues.add([...hostAt, 'name'], `host ${host.name} is defined twice`, 'host names must be unique across the datacenter (count: N expands NAME to NAME-1..NAME-N)');
        hostPaths.set(host.name, hostAt);
        hosts.push(host);
        names.push(host.name);
      }
    });
    clusters.push({ name: clusterEntry.name, hypervisor, hosts: names });
  });

  const links: Link[] = (spec.network?.links ?? []).map((link, li) => {
    const at: Path = ['spec', 'network', 'links', li];
    link.between.forEach((end, ei) => {
      // A link to a cluster not (yet) defined is kept but has no effect: warn rather than refuse.
      if (!clusterNames.has(end) && !hostPaths.has(end)) issues.warn([...at, 'between', ei], `link end ${end} is not a cluster or host here; the link has no effect`, didYouMean(end, [...clusterNames]));
    });
    if (link.between[0] === link.between[1]) issues.add([...at, 'between'], 'a link joins two different clusters', 'name two clusters');
    return { between: link.between, bytesPerSec: linkRate(issues, [...at, 'bandwidth'], link.bandwidth, 1) };
  });

  const tenants = normalizeTenants(spec.tenants ?? [], clusterNames, issues);
  const tenantNames = tenants.map((t) => t.name);
  const vms: VmSpec[] = [];
  const inactive: string[] = [];
  const vmNames = new Set<string>();
  const groups = new Map<string, { rule: string; enforcement: string; at: Path }>();
  if ((spec.vms ?? []).length > FILE_LIMITS.vms) {
    issues.add(['spec', 'vms'], `the file declares ${(spec.vms ?? []).length.toLocaleString('en-US')} VMs; a datacenter file may hold at most ${FILE_LIMITS.vms.toLocaleString('en-US')}`, 'split the datacenter, or create the rest with vm create or multiplex');
    return { datacenter: { name: file.metadata.name, defaults: { overcommit: defaultsOvercommit, placement: 'best-fit', overhead: 'modelled' }, network: { bandwidthBytesPerSec: networkBandwidth, links }, clusters, hosts, tenants }, vms: [], inactive: [] };
  }
  (spec.vms ?? []).forEach((entry, vi) => {
    const at: Path = ['spec', 'vms', vi];
    if (vmNames.has(entry.name)) issues.add([...at, 'name'], `VM ${entry.name} is defined twice`, 'VM names must be unique');
    vmNames.add(entry.name);
    if (entry.tenant && !tenantNames.includes(entry.tenant)) issues.add([...at, 'tenant'], `tenant ${entry.tenant} is not defined`, didYouMean(entry.tenant, tenantNames));
    if (entry.host && !hostPaths.has(entry.host)) issues.add([...at, 'host'], `host ${entry.host} is not defined`, didYouMean(entry.host, [...hostPaths.keys()]));
    const vm = vmSpecFromEntry(entry, at, issues);
    if (vm.group) {
      const seen = groups.get(vm.group.name);
      if (!seen) groups.set(vm.group.name, { rule: vm.group.rule, enforcement: vm.group.enforcement, at });
      else if (seen.rule !== vm.group.rule || seen.enforcement !== vm.group.enforcement) {
        issues.add([...at, 'group'], `group ${vm.group.name} is ${vm.group.rule}/${vm.group.enforcement} here but ${seen.rule}/${seen.enforcement} earlier`, 'every member of a group must state the same rule and enforcement');
      }
    }
    if (entry.state === 'inactive') inactive.push(vm.name);
    vms.push(vm);
  });

  return {
    datacenter: {
      name: file.metadata.name,
      defaults: { overcommit: defaultsOvercommit, placement: spec.defaults?.placement ?? 'best-fit', overhead: spec.defaults?.overhead ?? 'modelled' },
      network: { bandwidthBytesPerSec: networkBandwidth, links },
      clusters,
      hosts,
      tenants,
    },
    vms,
    inactive,
  };
}

/** A NIC, link or network bandwidth: a unit and more than 0 (a path that carries nothing can move no VM). */
function linkRate(issues: IssueList, at: Path, text: string, fallback: number): number {
  const rate = issues.unit(at, () => parseBandwidth(text), fallback);
  if (rate <= 0 && !issues.items.some((i) => i.path.join('.') === at.join('.'))) {
    issues.add(at, `bandwidth must be more than 0, not "${text}"`, 'a NIC or link that carries nothing can move no VM; write e.g. 1Gbit/s');
    return fallback;
  }
  return rate;
}

function mergeOvercommit(base: Overcommit, entry: OvercommitEntry | undefined): Overcommit {
  return { cpu: entry?.cpu ?? base.cpu, memory: entry?.memory ?? base.memory };
}

/** Fill a hypervisor declaration from its product table and check the parts agree (esxi is type 1 monolithic ...). */
export function resolveHypervisor(entry: HypervisorEntry, at: Path, issues: IssueList): Hypervisor {
  const profile = HYPERVISOR_PROFILES[entry.product];
  if (profile.level === 'os') {
    for (const key of ['type', 'kernel', 'virtualization', 'paging'] as const) {
      if (entry[key] !== undefined) issues.add([...at, key], `${entry.product} is OS-level virtualization: ${key} does not apply`, `remove ${key}; containers share the host kernel`, true);
    }
    return { product: entry.product, level: 'os', type: null, kernel: null, virtualization: null, paging: null };
  }
  const type = entry.type ?? profile.types[0]!;
  if (!profile.types.includes(type)) {
    issues.add([...at, 'type'], `${entry.product} is a type ${profile.types.join(' or ')} (${profile.types[0] === 1 ? 'native' : 'hosted'}) hypervisor, not type ${type}`, `${profile.note}`);
  }
  const kernel = entry.kernel ?? profile.kernels[0]!;
  if (!profile.kernels.includes(kernel)) {
    issues.add([...at, 'kernel'], `${entry.product} has a ${profile.kernels.join('/')} design, not ${kernel}`, profile.note);
  }
  const virtualization = entry.virtualization ?? (profile.modes.includes('hardware-assisted') ? 'hardware-assisted' : profile.modes[0]!);
  if (!profile.modes.includes(virtualization)) {
    issues.add([...at, 'virtualization'], `${entry.product} does not offer ${virtualization} virtualization (it offers ${profile.modes.join(', ')})`, profile.note);
  }
  const paging = entry.paging ?? defaultPaging(virtualization);
  if (!PAGING_FOR_MODE[virtualization].includes(paging)) {
    issues.add([...at, 'paging'], `${virtualization} virtualization cannot use ${paging} paging (it uses ${PAGING_FOR_MODE[virtualization].join(' or ')})`, 'nested paging needs hardware assist (EPT/RVI); direct paging is Xen PV');
  }
  return { product: entry.product, level: 'hardware', type, kernel, virtualization, paging };
}

function expandHost(entry: HostEntry, at: Path, cluster: string, hypervisor: Hypervisor, clusterOvercommit: Overcommit,
  networkBandwidth: number, issues: IssueList): Host[] {
  const memoryBytes = issues.unit([...at, 'memory'], () => parseBytes(entry.memory), 0);
  if (memoryBytes === 0) issues.add([...at, 'memory'], 'memory must be larger than 0', 'write a size such as 64GiB');
  const reserveMemory = entry.reserve?.memory === undefined ? 0 : issues.unit([...at, 'reserve', 'memory'], () => parseBytes(entry.reserve!.memory!), 0);
  const reserveCores = entry.reserve?.cores ?? 0;
  if (reserveCores >= entry.cpu.cores) issues.add([...at, 'reserve', 'cores'], `reserve of ${reserveCores} cores leaves nothing of ${entry.cpu.cores}`, 'reserve fewer cores than the host has');
  if (memoryBytes > 0 && reserveMemory >= memoryBytes) issues.add([...at, 'reserve', 'memory'], `reserve of ${entry.reserve?.memory} leaves no memory`, 'reserve less memory than the host has');
  const base: Omit<Host, 'name'> = {
    cluster,
    cores: entry.cpu.cores,
    mhz: entry.cpu.mhz === undefined ? null : issues.unit([...at, 'cpu', 'mhz'], () => parseFrequencyMHz(entry.cpu.mhz!), null),
    arch: entry.cpu.arch ?? 'x86_64',
    memoryBytes,
    diskBytes: entry.disk === undefined ? null : issues.unit([...at, 'disk'], () => parseBytes(entry.disk!), null),
    nicBytesPerSec: entry.nic === undefined ? networkBandwidth : linkRate(issues, [...at, 'nic'], entry.nic, networkBandwidth),
    os: entry.os ?? (hypervisor.product === 'hyper-v' ? 'windows' : 'linux'),
    containers: entry.containers ?? hypervisor.level === 'os',
    hypervisor,
    overcommit: mergeOvercommit(clusterOvercommit, entry.overcommit),
    reserve: { cores: reserveCores, memoryBytes: reserveMemory },
    power: entry.power ? powerModel(entry.power, [...at, 'power'], issues) : null,
    state: entry.state ?? 'on',
  };
  if (entry.count === undefined) return [{ name: entry.name, ...base }];
  return Array.from({ length: entry.count }, (_, i) => ({ name: `${entry.name}-${i + 1}`, ...base }));
}

function powerModel(entry: NonNullable<HostEntry['power']>, at: Path, issues: IssueList): PowerModel | null {
  const watts = (path: Path, text: string) => issues.unit(path, () => parseWatts(text), 0);
  const standbyW = entry.standby === undefined ? 0 : watts([...at, 'standby'], entry.standby);
  if (entry.table) {
    if (entry.idle !== undefined || entry.max !== undefined) issues.add(at, 'power gives both a table and idle/max', 'use either { idle, max } (linear) or { table: [11 values] } (SPECpower)');
    return { kind: 'table', tableW: entry.table.map((w, i) => watts([...at, 'table', i], w)), standbyW };
  }
  if (entry.idle === undefined || entry.max === undefined) {
    issues.add(at, 'power needs idle and max, or a table', 'write power: { idle: 86W, max: 117W } or an 11-point SPECpower table');
    return null;
  }
  const idleW = watts([...at, 'idle'], entry.idle);
  const maxW = watts([...at, 'max'], entry.max);
  if (maxW < idleW) issues.add([...at, 'max'], `max power ${entry.max} is below idle ${entry.idle}`, 'a host draws at least its idle power at full load');
  return { kind: 'linear', idleW, maxW, standbyW };
}

function normalizeTenants(entries: NonNullable<DatacenterFile['spec']['tenants']>, clusterNames: Set<string>, issues: IssueList): Tenant[] {
  const seen = new Set<string>();
  const tenants = entries.map((entry, ti): Tenant => {
    const at: Path = ['spec', 'tenants', ti];
    if (seen.has(entry.name)) issues.add([...at, 'name'], `tenant ${entry.name} is defined twice`, 'tenant names must be unique');
    seen.add(entry.name);
    (entry.clusters ?? []).forEach((c, ci) => {
      if (!clusterNames.has(c)) issues.add([...at, 'clusters', ci], `cluster ${c} is not defined`, didYouMean(c, [...clusterNames]));
    });
    if (entry.deployment === 'private' && !entry.clusters?.length) issues.add([...at, 'clusters'], `private tenant ${entry.name} lists no clusters`, 'a private cloud runs on clusters of its own: list them');
    if (entry.deployment === 'community' && !entry.community) issues.add(at, `community tenant ${entry.name} names no community`, 'add community: NAME (tenants of one community share its clusters)');
    if (entry.deployment !== 'community' && entry.community) issues.add([...at, 'community'], `community applies only to deployment: community`, 'remove it or change the deployment', true);
    return { name: entry.name, deployment: entry.deployment, clusters: entry.clusters ?? [], community: entry.community ?? null };
  });
  // A cluster reserved by two owners (two private tenants, or private and community) is a contradiction.
  const owner = new Map<string, string>();
  tenants.forEach((tenant, ti) => {
    if (tenant.deployment === 'public') return;
    const key = tenant.deployment === 'community' ? `community ${tenant.community}` : `${tenant.deployment} tenant ${tenant.name}`;
    tenant.clusters.forEach((cluster, ci) => {
      const previous = owner.get(cluster);
      if (previous && previous !== key) issues.add(['spec', 'tenants', ti, 'clusters', ci], `cluster ${cluster} is claimed by ${key} and by ${previous}`, 'a private or community cluster belongs to one owner');
      owner.set(cluster, key);
    });
  });
  return tenants;
}
