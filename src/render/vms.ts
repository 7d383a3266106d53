import type { TransitionResult } from '../core/lifecycle.js';
import type { Vm } from '../core/model.js';
import type { VmDetails } from '../core/vm-view.js';
import type { CreateResult, DeleteResult } from '../core/vm-ops.js';
import { formatBandwidth, formatBytes, formatClock, formatDuration, formatPercent } from '../core/units.js';
import { bold, dim, green, stateColour, yellow } from './style.js';
import { keyValues, table } from './table.js';

export function renderVmList(vms: Vm[]): string {
  if (vms.length === 0) return dim('no VMs');
  return table(['VM', 'STATE', 'HOST', 'TENANT', 'vCPU', 'MEMORY', 'KIND', 'IO', 'CPU LOAD'],
    vms.map((v) => [v.name, stateColour(v.state), v.host ?? dim('-'), v.tenant ?? dim('-'), v.cpus, formatBytes(v.memoryBytes), v.kind, v.io, formatPercent(v.workload.cpu, 0)]),
    ['left', 'left', 'left', 'left', 'right', 'right', 'left', 'left', 'right'], { fit: { drop: ['KIND', 'IO', 'TENANT', 'CPU LOAD'] } });
}

export function renderVmDetails(d: VmDetails): string {
  const v = d.vm;
  const pairs: [string, string][] = [
    ['vm', `${v.name} (${stateColour(v.state)})`],
    ['host', `${v.host ?? '-'}${v.pinned ? ' (pinned)' : ''}${d.holdsResources ? '' : dim(' (holds no resources)')}`],
    ['tenant', v.tenant ? `${v.tenant}${d.deployment ? ` (${d.deployment})` : ''}` : dim('none (provider)')],
    ['shape', `${v.cpus} vCPU, ${formatBytes(v.memoryBytes)}, kind ${v.kind}, io ${v.io}`],
    ['guest', `${v.guest.os}${v.guest.arch ? ` ${v.guest.arch}` : ''}${v.guest.paravirtualized ? ', paravirtualized' : ', unmodified'}`],
    ['workload', `${formatPercent(v.workload.cpu, 0)} of its vCPUs (${v.workload.profile})${v.workload.dirtyRateBytesPerSec !== null ? `, dirties ${formatBandwidth(v.workload.dirtyRateBytesPerSec)}` : ''}${v.workload.workingSetBytes !== null ? `, working set ${formatBytes(v.workload.workingSetBytes)}` : ''}`],
  ];
  if (v.sla.maxDowntimeSec !== null) pairs.push(['sla', `max downtime ${formatDuration(v.sla.maxDowntimeSec)}`]);
  if (v.group) pairs.push(['group', `${v.group.name} (${v.group.rule}, ${v.group.enforcement})`]);
  if (d.overhead) {
    pairs.push(['overhead', `${formatBytes(d.overhead.memoryBytes)} memory on ${d.overhead.hypervisor}; CPU efficiency ${formatPercent(d.overhead.cpuEfficiency, 0)}; network ${formatPercent(d.overhead.networkThroughput, 0)} of native (${d.overhead.ioSource})`]);
  }
  const lines = [keyValues(pairs)];
  if (d.events.length > 0) {
    lines.push('', bold('Recent events'), table(['TIME', 'EVENT', 'MESSAGE'], d.events.map((e) => [formatClock(e.atSec), e.type, e.message]), [], { fit: { drop: ['EVENT'], squeeze: 'MESSAGE' } }));
  }
  return lines.join('\n');
}

export function renderCreated(r: CreateResult): string {
  const v = r.vm;
  const where = v.host ? `on ${bold(v.host)}` : dim('(inactive, unplaced)');
  const lines = [`${green('created')} ${bold(v.name)} ${where}${v.state === 'active' ? dim(` by ${r.placement.policy}, ${r.placement.candidates} host(s) fit`) : ''}`];
  for (const w of r.placement.warnings) lines.push(yellow(`warning: ${w}`));
  return lines.join('\n');
}

export function renderDeleted(r: DeleteResult): string {
  return `deleted ${bold(r.vm)}${r.host ? ` from ${r.host}` : ''}${r.released.vcpus ? dim(` (released ${r.released.vcpus} vCPU, ${formatBytes(r.released.memoryBytes)})`) : ''}`;
}

export function renderTransition(r: TransitionResult): string {
  const moved = r.previousHost ? yellow(` (${r.previousHost} had no room: now on ${r.host})`) : '';
  const took = r.durationSec > 0 ? dim(` in ${formatDuration(r.durationSec)} of simulated time (clock ${formatClock(r.clockSec)})`) : '';
  return `${bold(r.vm)}: ${stateColour(r.from)} -> ${stateColour(r.to)}${r.host && r.to === 'active' ? ` on ${r.host}` : ''}${moved}${took}`;
}
