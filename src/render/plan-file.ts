import type { PlanApplyResult } from '../commands/plan/apply.js';
import type { PlanCheckResult } from '../commands/plan/check.js';
import type { PlanShowResult } from '../commands/plan/show.js';
import type { CheckedMove } from '../core/plan/check.js';
import type { PlanComparison } from '../core/plan/compare.js';
import type { WaitReason } from '../core/plan/dag.js';
import { plural } from '../core/text.js';
import { formatBytes, formatDuration } from '../core/units.js';
import type { LocatedProblem, Staleness } from '../plan-command.js';
import { outcomeText } from './migration.js';
import { metricRows } from './plan.js';
import { bold, dim, green, red, yellow } from './style.js';
import { table } from './table.js';

const WHY: Record<WaitReason, string> = { 'same-vm': 'same VM', room: 'room', 'anti-affinity': 'anti-affinity', affinity: 'affinity' };

export const moveId = (m: Pick<CheckedMove, 'step' | 'move'>) => `${m.step}.${m.move}`;

function problemLines(problems: readonly LocatedProblem[]): string[] {
  const shown = problems.slice(0, 30).map((p) => `${red('x')} ${p.file}:${p.line}:${p.column} ${p.step === null ? '' : `step ${p.step}${p.move === null ? '' : ` move ${p.move}`}${p.vm ? ` (${p.vm})` : ''}: `}${p.message} ${dim(`[${p.kind}]`)}`);
  if (problems.length > 30) shown.push(dim(`... ${problems.length - 30} more (--json lists them all)`));
  return shown;
}

/** Stale: which parts changed, and the events since (when the journal is the plan's). */
export function stalenessLines(s: Staleness): string[] {
  if (s.fresh === null) return [dim('no fingerprint (written by hand): checked in full against the current state')];
  if (s.fresh) return [green('fresh: the state is as it was when the plan was written')];
  const lines = [yellow(`stale: ${s.changed.length ? s.changed.join(', ') : 'the state'} changed since the plan was written`)];
  if (s.eventsSince) {
    for (const e of s.eventsSince.events.slice(0, 8)) lines.push(dim(`  #${e.id} ${e.type}: ${e.message}`));
    if (s.eventsSince.count > 8) lines.push(dim(`  ... ${s.eventsSince.count - 8} more events (dcctl events)`));
  }
  return lines;
}

function waitsText(m: CheckedMove, moves: readonly CheckedMove[]): string {
  return m.waitsFor.map((w) => `${moveId(moves[w.on]!)} (${WHY[w.why]})`).join(', ');
}

function moveRows(moves: readonly CheckedMove[], reasons?: ReadonlyMap<string, string>): (string | number)[][] {
  return moves.slice(0, 300).map((m) => [moveId(m), m.vm, `${m.from} -> ${m.to}`, m.mode, formatDuration(m.predictedTimeSec), formatDuration(m.predictedDowntimeMs / 1000),
    m.outcome === 'completed' ? waitsText(m, moves) : red('aborts'), ...(reasons ? [reasons.get(moveId(m)) ?? ''] : [])]);
}

export function renderPlanCheck(r: PlanCheckResult): string {
  const lines = [bold(`${r.file} (${r.plan}${r.strategy ? `, ${r.strategy}` : ''}): ${r.valid ? green('valid') : red(`invalid, ${plural(r.problems.length, 'problem')}`)}`)];
  lines.push(...stalenessLines(r));
  lines.push(...problemLines(r.problems));
  if (r.moves.length) lines.push(`${plural(r.moves.length, 'move')} in ${plural(r.steps, 'step')}; predicted makespan ${bold(formatDuration(r.makespanSec))} at most ${r.maxConcurrent} at a time, worst downtime ${formatDuration(r.worstDowntimeMs / 1000)}`);
  if (r.valid) lines.push(dim(`dcctl plan apply ${r.file} carries it out`));
  return lines.join('\n');
}

const watts = (w: number) => `${w.toFixed(0)} W`;

export function renderPlanShow(r: PlanShowResult): string {
  const lines = [bold(`Plan ${r.plan} (${r.strategy ?? 'hand-written'}) from ${r.file}`)];
  if (r.createdBy) lines.push(dim(`written by: ${r.createdBy}`));
  lines.push(...stalenessLines(r));
  if (r.moves.length === 0) lines.push(dim('no moves'));
  else {
    lines.push(table(['MOVE', 'VM', 'FROM -> TO', 'MODE', 'TIME', 'DOWNTIME', 'WAITS FOR', 'REASON'], moveRows(r.moves, new Map(r.reasons.map((x) => [x.move, x.reason]))),
      ['left', 'left', 'left', 'left', 'right', 'right', 'left', 'left'], { fit: { drop: ['MODE', 'REASON'], squeeze: 'WAITS FOR' } }));
    if (r.moves.length > 300) lines.push(dim(`... ${r.moves.length - 300} more moves (--json lists them all)`));
  }
  for (const [host, state] of Object.entries(r.hostStates)) lines.push(`then ${host} -> ${state}`);
  const b = r.before;
  const a = r.after;
  lines.push('', table(['', 'BEFORE', 'AFTER'], [
    ['active hosts', b.activeHosts, a.activeHosts],
    ['hosts on', b.hostsOn, a.hostsOn],
    ['power', watts(b.powerWatts), watts(a.powerWatts)],
    ['energy per day', `${b.energyPerDayKWh.toFixed(2)} kWh`, `${a.energyPerDayKWh.toFixed(2)} kWh`],
  ], ['left', 'right', 'right']));
  if (r.moves.length) {
    lines.push(`predicted makespan ${bold(formatDuration(r.makespanSec))} (at most ${r.maxConcurrent} at a time), ${formatBytes(r.bytesSent, 2)} sent, worst downtime ${formatDuration(r.worstDowntimeMs / 1000)}`);
    lines.push(r.paybackSec === null ? dim(`the migrations take ${(r.migrationEnergyJoules / 1000).toFixed(1)} kJ and save no power`)
      : `the migrations take ${(r.migrationEnergyJoules / 1000).toFixed(1)} kJ; saving ${watts(r.wattsSaved)}, the plan pays back after ${formatDuration(r.paybackSec)}`);
  }
  if (!r.valid) lines.push(red(`invalid against the current state (${plural(r.problems.length, 'problem')}):`), ...problemLines(r.problems));
  if (r.graph) lines.push('', renderGraph(r.moves));
  return lines.join('\n');
}

/** The moves as a DAG in waves: a wave's moves wait only for moves of earlier waves. */
export function renderGraph(moves: readonly CheckedMove[]): string {
  const wave: number[] = [];
  moves.forEach((m, i) => {
    wave[i] = 1 + m.waitsFor.reduce((w, x) => Math.max(w, wave[x.on]!), 0);
  });
  const waves = Math.max(0, ...wave);
  const lines = [bold(`Move graph: ${plural(moves.length, 'move')} in ${plural(waves, 'wave')} (a move starts once those it waits for are done, within --max-concurrent)`)];
  for (let w = 1; w <= waves; w++) {
    lines.push(`wave ${w}`);
    moves.forEach((m, i) => {
      if (wave[i] !== w) return;
      const waits = m.waitsFor.length ? dim(` <- ${waitsText(m, moves)}`) : '';
      lines.push(`  ${moveId(m)} ${m.vm}: ${m.from} -> ${m.to}${waits}`);
    });
  }
  return lines.join('\n');
}

/** Each migration's span on the run's clock, as a bar over the makespan. */
function gantt(startSec: number, durationSec: number, makespanSec: number, width = 20): string {
  if (makespanSec <= 0) return '';
  const from = Math.min(width - 1, Math.floor((startSec / makespanSec) * width));
  const to = Math.max(from + 1, Math.min(width, Math.round(((startSec + durationSec) / makespanSec) * width)));
  return `${'·'.repeat(from)}${'█'.repeat(to - from)}${'·'.repeat(width - to)}`;
}

export function renderPlanApply(r: PlanApplyResult): string {
  const lines = [bold(`Plan ${r.name} (${r.plan.strategy}) from ${r.file}${r.fresh === false ? yellow(' (stale, applied with --allow-stale)') : ''}`)];
  const makespan = r.plan.makespanSec;
  if (r.migrations.length === 0) lines.push(dim('no moves'));
  else {
    lines.push(table(['ID', 'VM', 'FROM -> TO', 'START', 'TOTAL', 'DOWNTIME', 'OUTCOME', 'TIMELINE'],
      r.migrations.slice(0, 300).map((t) => [t.id, t.vm, `${t.from} -> ${t.to}`, formatDuration(t.startSec), formatDuration(t.totalTimeSec), formatDuration(t.downtimeMs / 1000),
        t.outcome === 'completed' ? outcomeText(t) : red(outcomeText(t)), gantt(t.startSec, t.totalTimeSec, makespan)]),
      ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'left'], { fit: { drop: ['ID', 'START', 'OUTCOME', 'TIMELINE'], squeeze: 'FROM -> TO' } }));
    if (r.migrations.length > 300) lines.push(dim(`... ${r.migrations.length - 300} more (--json lists them all)`));
  }
  lines.push('', table(['', 'BEFORE', 'AFTER'], metricRows(r.plan.before, r.plan.after, r.plan), ['left', 'right', 'right'], { fit: { squeeze: 'AFTER' } }));
  if (r.migrations.length) lines.push(`makespan ${bold(formatDuration(makespan))} on the shared network, at most ${r.maxConcurrent} at a time`);
  for (const u of r.movesUndone) lines.push(red(`not done: ${u.vm} ${u.from} -> ${u.to}: ${u.reason}`));
  lines.push(r.dryRun ? yellow('dry run: nothing changed (run it without --dry-run to carry it out)')
    : (r.movesUndone.length ? red : green)(`applied: ${r.migrations.filter((m) => m.outcome === 'completed').length} migration(s); clock now +${formatDuration(r.clockSec)}`));
  return lines.join('\n');
}

export function renderPlanCompare(r: PlanComparison): string {
  const b = r.before;
  const rows = [
    ['now', b.activeHosts, b.hostsOn, '', '', '', '', `${b.energyPerDayKWh.toFixed(2)} kWh`, '', ''],
    ...r.plans.map((p) => [p.planner, p.activeHosts, p.hostsOn, p.moves, formatBytes(p.bytesSent, 1), formatDuration(p.makespanSec), formatDuration(p.worstDowntimeMs / 1000),
      `${p.energyPerDayKWh.toFixed(2)} kWh`, p.paybackSec === null ? (p.moves ? 'never' : '-') : formatDuration(p.paybackSec), p.valid ? green('yes') : red(`no (${p.problems})`)]),
  ];
  const lines = [bold(`Plans on the current state (CPU ceiling ${Math.round(r.targetUtilization * 100)}%, at most ${r.maxConcurrent} migrations at a time${r.powerOff ? ', freed hosts powered off' : ', freed hosts left on'})`)];
  lines.push(table(['PLAN', 'ACTIVE', 'ON', 'MOVES', 'DATA', 'MAKESPAN', 'WORST DOWN', 'ENERGY/DAY', 'PAYS BACK', 'VALID'], rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'], { fit: { drop: ['ON', 'DATA', 'VALID'] } }));
  lines.push(dim('pays back: the energy the migrations take (Liu et al. 2011) over the watts the plan saves; dcctl consolidate --strategy S --out FILE saves one'));
  return lines.join('\n');
}
