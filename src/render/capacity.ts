import type { CapacityResult } from '../commands/capacity.js';
import { plural } from '../core/text.js';
import { formatBytes } from '../core/units.js';
import { bold, dim, green, red, yellow } from './style.js';
import { table } from './table.js';

const WHY: Record<string, string> = {
  cpu: 'vCPUs (overcommit limit)', memory: 'memory (with overhead)', 'host-state': 'host not on', tenancy: 'tenancy', hypervisor: 'hypervisor', affinity: 'affinity group', 'anti-affinity': 'anti-affinity: one per host',
};

const SHOWN = 60;

export function renderCapacity(r: CapacityResult, footprintOn: (host: string) => number): string {
  const f = r.flavor;
  const shape = `${f.cpus} vCPU, ${formatBytes(f.memoryBytes)}${f.tenant ? `, tenant ${f.tenant}` : ''}${f.group ? `, ${f.group.enforcement} ${f.group.rule} group ${f.group.name}` : ''}`;
  const lines = [bold(`Room for more VMs of ${shape}${r.cluster ? ` in ${r.cluster}` : ''}: ${r.total}`)];
  const rows = r.hosts.slice(0, SHOWN).map((h) => [h.host, h.cluster, h.fits, h.fits === 0 && !['cpu', 'memory'].includes(h.limitedBy) ? yellow(WHY[h.limitedBy] ?? h.limitedBy) : WHY[h.limitedBy] ?? h.limitedBy,
    h.limitedBy === 'memory' ? formatBytes(footprintOn(h.host), 2) : '']);
  lines.push(table(['HOST', 'CLUSTER', 'FITS', 'STOPPED BY', 'EACH TAKES'], rows, ['left', 'left', 'right', 'left', 'right'], { fit: { drop: ['EACH TAKES', 'CLUSTER'] } }));
  if (r.hosts.length > SHOWN) lines.push(dim(`... ${r.hosts.length - SHOWN} more hosts (--json lists them all)`));
  if (r.clusters.length > 1) lines.push(r.clusters.map((c) => `${c.cluster}: ${c.fits}`).join(' · '));
  const fl = r.failures;
  if (fl) {
    if (fl.survives) lines.push(green(`N+${fl.k}: every cluster can restart the VMs of any ${plural(fl.k, 'failed host')} on its others${fl.exhaustive ? '' : ' (large clusters: the most loaded hosts tried)'}; ${fl.fitsWithReserve} more of this shape keep it so`));
    else {
      lines.push(red(`N+${fl.k} does not hold: ${plural(fl.blockers.length, 'set')} of failed hosts leave VMs with nowhere to restart`));
      for (const b of fl.blockers.slice(0, 8)) lines.push(`  ${b.cluster}: losing ${b.failedHosts.join(', ')} strands ${b.vms.slice(0, 6).join(', ')}${b.vms.length > 6 ? `, ... (${b.vms.length})` : ''}`);
      if (fl.blockers.length > 8) lines.push(dim(`  ... ${fl.blockers.length - 8} more (--json lists them all)`));
    }
  }
  return lines.join('\n');
}
