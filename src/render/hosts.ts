import type { HostDetails, HostSummary } from '../core/host-view.js';
import { formatBandwidth, formatBytes, formatFrequency, formatNumber, formatPercent } from '../core/units.js';
import { renderMultiplex } from './multiplex.js';
import { bar, bold, dim, stateColour } from './style.js';
import { keyValues, table } from './table.js';


export function renderHostList(hosts: HostSummary[]): string {
  if (hosts.length === 0) return dim('no hosts');
  return table(
    ['HOST', 'CLUSTER', 'STATE', 'HYPERVISOR', 'VMS', 'vCPU', 'MEMORY', 'CPU UTIL', ''],
    hosts.map((h) => [
      h.name, h.cluster, stateColour(h.state), h.hypervisor, h.vms,
      `${formatNumber(h.vcpusAllocated)}/${formatNumber(h.vcpuLimit)}`,
      `${formatBytes(h.memoryAllocatedBytes)}/${formatBytes(h.memoryLimitBytes)}`,
      // The bar sits beside CPU UTIL and shows it (memory has its numbers in MEMORY).
      formatPercent(h.cpuUtilization), bar(h.cpuUtilization, 12),
    ]),
    ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right'],
    { fit: { drop: ['HYPERVISOR', 'CLUSTER', '', 'VMS'] } },
  );
}

export function renderHostDetails(details: HostDetails): string {
  const { host, effective } = details;
  const hv = host.hypervisor;
  const hvText = hv.level === 'os'
    ? `${hv.product} (OS-level)`
    : `${hv.product}, type ${hv.type} (${hv.type === 1 ? 'native' : 'hosted'}), ${hv.kernel}, ${hv.virtualization}, ${hv.paging} paging`;
  const caps = Object.entries(details.capabilities).filter(([, v]) => v).map(([k]) => k).join(', ') || 'none';
  const head = keyValues([
    ['host', `${host.name} (${host.cluster}, ${stateColour(host.state)})`],
    ['hardware', `${host.cores} cores${host.mhz ? ` x ${formatFrequency(host.mhz)}` : ''} ${host.arch}, ${formatBytes(host.memoryBytes)} memory, NIC ${formatBandwidth(host.nicBytesPerSec)}, ${host.os}`],
    ['hypervisor', hvText],
    ['', dim(details.hypervisorNote)],
    ['offers', caps],
    ['overcommit', `cpu ${host.overcommit.cpu}:1, memory ${host.overcommit.memory}:1${host.reserve.cores || host.reserve.memoryBytes ? `; reserved ${host.reserve.cores} cores, ${formatBytes(host.reserve.memoryBytes)}` : ''}`],
  ]);
  const cpu = table(['PROFILE', 'EFFICIENCY', 'EFFECTIVE CORES', 'EFFECTIVE MHz'],
    effective.cpu.map((c) => [c.profile, formatPercent(c.efficiency, 0), formatNumber(c.cores), c.mhz === null ? '-' : Math.round(c.mhz).toLocaleString('en-US')]),
    ['left', 'right', 'right', 'right']);
  const net = table(['I/O PATH', 'THROUGHPUT', 'EFFECTIVE', 'HOST CORES PER Gbit/s', 'SUPPORTED'],
    effective.network.map((n) => [n.io, formatPercent(n.throughput, 0), formatBandwidth(n.bytesPerSec), formatNumber(n.coresPerGbit), n.supported ? 'yes' : dim('no')]),
    ['left', 'right', 'right', 'right', 'left']);
  return [
    head, '',
    bold('Effective capacity (virtualization overhead counted)'), cpu,
    `memory overhead per VM: ${formatBytes(effective.referenceVmOverheadBytes)} for a 2 vCPU / 4 GiB VM; room left for guest memory ${formatBytes(effective.guestMemoryFreeBytes)}`,
    '', net, '',
    renderMultiplex(details.multiplex),
  ].join('\n');
}
