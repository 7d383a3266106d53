import type { CarveResult, MultiplexReport } from '../core/multiplex.js';
import { formatBytes, formatNumber, formatPercent } from '../core/units.js';
import { bar, bold, dim, risk, stateColour, yellow } from './style.js';
import { table } from './table.js';


/** pCPU vs vCPU and physical vs allocated memory, as ratios against the limits, then allocated vs utilized. */
export function renderMultiplex(r: MultiplexReport): string {
  const usableCores = r.cpu.physicalCores - r.cpu.reservedCores;
  const lines = [
    bold(`Multiplexing ${r.host}`) + dim(` (${r.hypervisor}, ${r.vms.length} VM${r.vms.length === 1 ? '' : 's'} holding resources)`),
    table(['', 'PHYSICAL', 'ALLOCATED', 'RATIO', 'LIMIT', 'USE OF LIMIT', '', 'RISK'], [
      ['CPU', `${usableCores} pCPU`, `${r.cpu.vcpusAllocated} vCPU`, `${formatNumber(r.cpu.ratio)}:1`, `${r.cpu.ratioLimit}:1`,
        formatPercent(r.cpu.vcpuLimit > 0 ? r.cpu.vcpusAllocated / r.cpu.vcpuLimit : 0), bar(r.cpu.vcpuLimit > 0 ? r.cpu.vcpusAllocated / r.cpu.vcpuLimit : 0, 20), risk(r.cpu.risk)],
      ['memory', formatBytes(r.memory.physicalBytes - r.memory.reservedBytes), formatBytes(r.memory.allocatedBytes), `${formatNumber(r.memory.ratio)}:1`, `${r.memory.ratioLimit}:1`,
        formatPercent(r.memory.limitBytes > 0 ? r.memory.allocatedBytes / r.memory.limitBytes : 0), bar(r.memory.limitBytes > 0 ? r.memory.allocatedBytes / r.memory.limitBytes : 0, 20), risk(r.memory.risk)],
    ], ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'left']),
    `allocated vs utilized: ${r.cpu.vcpusAllocated} vCPU allocated, ${formatNumber(r.cpu.busyCores)} cores busy = ${formatPercent(r.cpu.utilization)} of ${r.cpu.physicalCores} cores ${bar(r.cpu.utilization, 20)}`,
    `with virtualization overhead the busy demand is ${formatPercent(r.cpu.demandWithOverhead)} of the usable cores; memory ${formatBytes(r.memory.guestBytes)} guest + ${formatBytes(r.memory.overheadBytes)} overhead`,
  ];
  for (const note of r.notes) lines.push(yellow(`note: ${note}`));
  if (r.vms.length > 0 && r.vms.length <= 40) {
    lines.push(table(['VM', 'STATE', 'vCPU', 'MEMORY', 'OVERHEAD', 'BUSY CORES'],
      r.vms.map((v) => [v.name, stateColour(v.state), v.cpus, formatBytes(v.memoryBytes), formatBytes(v.overheadBytes), formatNumber(v.busyCores)]),
      ['left', 'left', 'right', 'right', 'right', 'right']));
  } else if (r.vms.length > 40) {
    lines.push(dim(`(${r.vms.length} VMs; dcctl vm list --host ${r.host} lists them)`));
  }
  return lines.join('\n');
}

export function renderCarve(c: CarveResult): string {
  const stopped = c.stoppedBy
    ? `stopped by the ${c.stoppedBy.resource ? `${c.stoppedBy.resource} limit` : `${c.stoppedBy.filter} filter`}: ${c.stoppedBy.reason}`
    : `room for ${Math.min(c.roomAfter.byVcpus, c.roomAfter.byMemory)} more of this size (vCPU limit allows ${c.roomAfter.byVcpus}, memory ${c.roomAfter.byMemory})`;
  return [
    bold(`${c.created.length} of ${c.requested} VMs fit on ${c.host}`) + dim(` (each takes ${formatBytes(c.footprintBytes)} with overhead)`),
    stopped,
    c.created.length > 0 ? dim(`created: ${c.created.length > 12 ? `${c.created.slice(0, 6).join(', ')} ... ${c.created.at(-1)}` : c.created.join(', ')}`) : '',
    '',
    renderMultiplex(c.report),
  ].filter((l, i) => l !== '' || i === 3).join('\n');
}
