import type { VmSpec } from '../core/model.js';
import { parseBandwidth, parseBytes, parseDurationSec, parseFraction } from '../core/units.js';
import type { IssueList, Path } from './issues.js';
import type { VmEntry } from './schema.js';

/**
 * A VM entry as written (YAML `spec.vms[i]` or `vm create` flags, both checked by the same zod
 * schema) -> VmSpec in base units with every default applied. Defaults: kind vm, io paravirtual,
 * guest os linux (Linux carries pvops, so it counts as paravirtualized unless told otherwise),
 * workload 0% compute, group enforcement must.
 */
export function vmSpecFromEntry(entry: VmEntry, at: Path, issues: IssueList): VmSpec {
  const memoryBytes = issues.unit([...at, 'memory'], () => parseBytes(entry.memory), 0);
  const os = entry.guest?.os ?? 'linux';
  const workload = entry.workload ?? {};
  const workingSetBytes = workload.workingSet === undefined ? null : issues.unit([...at, 'workload', 'workingSet'], () => parseBytes(workload.workingSet!), null);
  if (workingSetBytes !== null && memoryBytes > 0 && workingSetBytes > memoryBytes) {
    issues.add([...at, 'workload', 'workingSet'], `working set ${workload.workingSet} is larger than the VM's memory ${entry.memory}`, 'the writable working set is part of the VM\'s memory');
  }
  if (memoryBytes === 0 && !issues.items.some((i) => i.path.join('.') === [...at, 'memory'].join('.'))) {
    issues.add([...at, 'memory'], 'memory must be larger than 0', 'write a size such as 4GiB');
  }
  if (entry.pinned && !entry.host) issues.add([...at, 'pinned'], `${entry.name} is pinned but names no host`, 'add host: NAME, or drop pinned');
  return {
    name: entry.name,
    tenant: entry.tenant ?? null,
    kind: entry.kind ?? 'vm',
    cpus: entry.cpus,
    memoryBytes,
    io: entry.io ?? 'paravirtual',
    guest: { os, arch: entry.guest?.arch ?? null, paravirtualized: entry.guest?.paravirtualized ?? os === 'linux' },
    workload: {
      cpu: workload.cpu === undefined ? 0 : issues.unit([...at, 'workload', 'cpu'], () => parseFraction(workload.cpu!), 0),
      profile: workload.profile ?? 'compute',
      dirtyRateBytesPerSec: workload.dirtyRate === undefined ? null : issues.unit([...at, 'workload', 'dirtyRate'], () => parseBandwidth(workload.dirtyRate!), null),
      workingSetBytes,
    },
    sla: { maxDowntimeSec: entry.sla?.maxDowntime === undefined ? null : issues.unit([...at, 'sla', 'maxDowntime'], () => parseDurationSec(entry.sla!.maxDowntime!), null) },
    group: entry.group ? { name: entry.group.name, rule: entry.group.rule, enforcement: entry.group.enforcement ?? 'must' } : null,
    requestedHost: entry.host ?? null,
    pinned: entry.pinned ?? false,
  };
}
