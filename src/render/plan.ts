import type { PlanResult } from '../core/plan/execute.js';
import type { FleetMetrics, Plan } from '../core/plan/types.js';
import { formatDuration, formatPercent } from '../core/units.js';
import { plural } from '../core/text.js';
import { bold, dim, green, red, yellow } from './style.js';
import { table } from './table.js';

const watts = (w: number) => `${w.toFixed(0)} W`;

export function metricRows(b: FleetMetrics, a: FleetMetrics, plan: Plan): (string | number)[][] {
  const freed = plan.hostsFreed.length ? `${plan.hostsFreed.length}: ${plan.hostsFreed.slice(0, 6).join(', ')}${plan.hostsFreed.length > 6 ? ', ...' : ''}${plan.hostsPoweredOff.length ? ' (powered off)' : ''}` : '0';
  return [
    ['active hosts', b.activeHosts, a.activeHosts],
    ['hosts freed', '', freed],
    ['hosts on', b.hostsOn, a.hostsOn],
    ['power', watts(b.powerWatts), watts(a.powerWatts)],
    ['energy per day', `${b.energyPerDayKWh.toFixed(2)} kWh`, `${a.energyPerDayKWh.toFixed(2)} kWh`],
    ['CPU spread (std dev)', formatPercent(b.utilizationStdDev), formatPercent(a.utilizationStdDev)],
    ['memory spread (std dev)', formatPercent(b.memoryStdDev), formatPercent(a.memoryStdDev)],
    ['hottest host', `${b.hottestHost ?? '-'} ${formatPercent(b.maxUtilization, 0)}`, `${a.hottestHost ?? '-'} ${formatPercent(a.maxUtilization, 0)}`],
    ['hot spots', b.hotSpots, a.hotSpots],
  ];
}

export function renderPlan(result: PlanResult, title: string, maxConcurrent: number): string {
  const { plan } = result;
  const lines = [bold(`${title} (${plan.strategy})`)];
  if (plan.moves.length === 0) lines.push(dim(plan.hostsPoweredOff.length ? 'no moves: every VM stays; only empty hosts are powered off' : 'no moves: nothing to gain under the rules'));
  else {
    lines.push(table(['VM', 'FROM', 'TO', 'MODE', 'TIME', 'DOWNTIME', 'REASON'],
      plan.moves.slice(0, 200).map((m) => [m.vm, m.from, m.to, m.mode, formatDuration(m.predictedTimeSec), formatDuration(m.predictedDowntimeMs / 1000), m.reason]),
      ['left', 'left', 'left', 'left', 'right', 'right', 'left'], { fit: { drop: ['MODE'], squeeze: 'REASON' } }));
    if (plan.moves.length > 200) lines.push(dim(`... ${plan.moves.length - 200} more moves (--json lists them all)`));
  }
  lines.push('', table(['', 'BEFORE', 'AFTER'], metricRows(plan.before, plan.after, plan), ['left', 'right', 'right'], { fit: { squeeze: 'AFTER' } }));
  if (plan.hostsEmptyBefore.length) {
    const names = `${plan.hostsEmptyBefore.slice(0, 6).join(', ')}${plan.hostsEmptyBefore.length > 6 ? ', ...' : ''}`;
    const off = plan.hostsPoweredOff.some((h) => plan.hostsEmptyBefore.includes(h));
    lines.push(`${plan.hostsEmptyBefore.length} host(s) were empty before the plan: ${names}${off ? ' (powered off too)' : ''}`);
  }
  const above = plan.after.activeHosts - plan.lowerBoundHosts;
  // The host bound and the move bound speak of consolidation; balance and maintenance aim elsewhere.
  if (plan.movesLowerBound !== null) lines.push(`lower bound: ${plan.lowerBoundHosts} host(s) could hold this load; the plan keeps ${plan.after.activeHosts} active${above > 0 ? ` (${above} above the bound)` : green(' (the best possible)')}`);
  if (plan.movesLowerBound !== null && plan.moves.length) {
    lines.push(`moves: ${plan.moves.length}; any plan needs at least ${plan.movesLowerBound} to reach ${plan.after.activeHosts} active host(s)${plan.moves.length === plan.movesLowerBound ? green(' (the fewest)') : ''}`);
  }
  if (plan.moves.length) lines.push(`migration makespan ${bold(formatDuration(plan.makespanSec))} on the shared network, ${maxConcurrent === Infinity ? 'all at once' : `at most ${maxConcurrent} at a time`}`);
  if (plan.before.hostsWithoutPowerModel) lines.push(dim(`${plan.before.hostsWithoutPowerModel} host(s) have no power model: their watts are not counted`));
  for (const k of plan.kept.slice(0, 10)) lines.push(dim(`kept ${k.vm} on ${k.host}: ${k.reason}`));
  if (plan.kept.length > 10) lines.push(dim(`kept ${plan.kept.length - 10} more VMs in place`));
  for (const w of plan.warnings) lines.push(yellow(`warning: ${w}`));
  for (const u of result.movesUndone) lines.push(red(`not done: ${u.vm} ${u.from} -> ${u.to}: ${u.reason}`));
  const saved = (result as { saved?: { file: string; steps: number; moves: number } }).saved;
  if (saved) {
    lines.push(green(`plan written to ${saved.file}: ${plural(saved.moves, 'move')} in ${plural(saved.steps, 'step')}; nothing changed`));
    lines.push(dim(`next: dcctl plan show ${saved.file}, dcctl plan check ${saved.file}, dcctl plan apply ${saved.file}`));
    return lines.join('\n');
  }
  lines.push(result.executed ? (result.movesUndone.length ? red : green)(`executed: ${result.migrations.filter((m) => m.outcome === 'completed').length} migration(s); clock now +${formatDuration(result.clockSec)}`) : yellow('dry run: nothing changed (run it without --dry-run to carry it out)'));
  return lines.join('\n');
}
