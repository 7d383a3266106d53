import type { ApplyResult, Change } from '../core/apply.js';
import type { FieldChange } from '../core/diff.js';
import type { DatacenterSummary } from '../core/summary.js';
import { plural } from '../core/text.js';
import { formatBandwidth, formatBytes, formatClock, formatDuration, formatPercent } from '../core/units.js';
import { bold, cyan, dim, green, red, yellow } from './style.js';
import { keyValues, table } from './table.js';

/** A value in the unit its model name says (memoryBytes -> 4 GiB, maxDowntimeSec -> 300 ms). */
function formatValue(path: string, value: unknown): string {
  if (typeof value !== 'number') return value === null ? '-' : String(value);
  if (/BytesPerSec$/.test(path)) return formatBandwidth(value);
  if (/Bytes$/.test(path)) return formatBytes(value);
  if (/Sec$/.test(path)) return formatDuration(value);
  if (/W$/.test(path)) return `${value} W`;
  if (path === 'workload.cpu') return formatPercent(value, 0);
  return String(value);
}

function fieldText(f: FieldChange): string {
  const path = f.path ?? f.field;
  return `${f.field} ${formatValue(path, f.before)} -> ${formatValue(path, f.after)}`;
}

function changeLine(c: Change): string {
  if (c.action === 'move') {
    const f = c.fields[0]!;
    return `${cyan('>')} vm ${bold(c.name)} moves ${f.before} -> ${f.after}${dim(` (${c.note})`)}`;
  }
  const sign = c.action === 'add' ? green('+') : c.action === 'remove' ? red('-') : yellow('~');
  const detail = c.fields.length ? dim(`: ${c.fields.slice(0, 4).map(fieldText).join('; ')}${c.fields.length > 4 ? `; +${c.fields.length - 4} more` : ''}`) : c.note ? dim(` ${c.note}`) : '';
  return `${sign} ${c.kind} ${bold(c.name)}${detail}`;
}

export function renderApply(r: ApplyResult, dryRun: boolean): string {
  const verb = dryRun ? 'would apply' : 'applied';
  const counts = [plural(r.summary.clusters, 'cluster'), plural(r.summary.hosts, 'host'), plural(r.summary.tenants, 'tenant'), plural(r.summary.vms, 'VM')].join(', ');
  const lines = [`${verb} ${bold(r.file)} -> datacenter ${bold(r.datacenter)}: ${counts}`];
  if (!r.firstApply && r.changes.length === 0) lines.push(dim('no changes'));
  const shown = r.firstApply ? r.changes.filter((c) => c.kind === 'vm') : r.changes;
  const moving = r.changes.filter((c) => c.action === 'move').length;
  for (const c of shown.slice(0, 60)) lines.push(`  ${changeLine(c)}`);
  if (shown.length > 60) lines.push(dim(`  ... ${shown.length - 60} more changes`));
  if (moving) lines.push(dim(`${plural(moving, 'VM')} placed again by the placement policy (their hosts ${r.strandedHosts.join(', ')} go or are powered off)`));
  if (r.kept.length) lines.push(yellow(`kept ${r.kept.length} VM(s) no longer in the file: ${r.kept.join(', ')} (--prune deletes them)`));
  return lines.join('\n');
}

export function renderSummary(s: DatacenterSummary): string {
  const t = s.totals;
  const vmStates = Object.entries(t.vms).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`).join(', ') || 'none';
  const head = keyValues([
    ['datacenter', `${bold(s.name)}${s.source ? dim(` from ${s.source.file}`) : ''}`],
    ['clock', formatClock(s.clockSec)],
    ['defaults', `placement ${s.defaults.placement}, overcommit cpu ${s.defaults.overcommit.cpu}:1 memory ${s.defaults.overcommit.memory}:1, overhead ${s.defaults.overhead}`],
    ['network', `${formatBandwidth(s.network.bandwidthBytesPerSec)} host to host${s.network.links.map((l) => `; ${l.between.join(' <-> ')} ${formatBandwidth(l.bytesPerSec)}`).join('')}`],
    ['hosts', `${t.hosts} (${t.hostsOn} on), ${t.cores} cores, ${formatBytes(t.memoryBytes)}`],
    ['allocated', `${t.vcpusAllocated} of ${t.vcpuLimit} vCPU, ${formatBytes(t.memoryAllocatedBytes)} of ${formatBytes(t.memoryLimitBytes)}; CPU busy ${formatPercent(t.cores ? t.busyCores / t.cores : 0)}`],
    ['vms', vmStates],
  ]);
  const clusters = table(['CLUSTER', 'HYPERVISOR', 'HOSTS', 'CORES', 'MEMORY'],
    s.clusters.map((c) => [c.name, c.hypervisor.level === 'os' ? `${c.hypervisor.product} (OS-level)` : `${c.hypervisor.product} type ${c.hypervisor.type} ${c.hypervisor.kernel} ${c.hypervisor.virtualization}`, c.hosts, c.cores, formatBytes(c.memoryBytes)]),
    ['left', 'left', 'right', 'right', 'right']);
  const tenants = s.tenants.length
    ? table(['TENANT', 'DEPLOYMENT', 'CLUSTERS'], s.tenants.map((t) => [t.name, cyan(t.deployment) + (t.community ? dim(` (${t.community})`) : ''), t.clusters.join(', ') || dim('any public')]))
    : dim('no tenants');
  return [head, '', clusters, '', tenants].join('\n');
}
