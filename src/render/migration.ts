import type { MigrateResult, MigrationRecord } from '../core/migration/migrate.js';
import type { Timeline } from '../core/migration/types.js';
import { formatBandwidth, formatByteRate, formatBytes, formatClock, formatDuration } from '../core/units.js';
import { bold, dim, green, red, yellow } from './style.js';
import { keyValues, table } from './table.js';

const MODE_TEXT: Record<Timeline['mode'], string> = {
  live: 'live (pre-copy)', postcopy: 'post-copy', hybrid: 'hybrid (pre-copy, then post-copy)', cold: 'cold (paused throughout)', offline: 'offline (definition only)',
};

const HINTS: Partial<Record<Timeline['stopReason'], string>> = {
  'max-rounds': 'the round cap forced the stop-and-copy: raise --downtime-limit, add --auto-converge, use --mode hybrid or postcopy, or give it more bandwidth',
  'max-data': 'the data cap forced the stop-and-copy: the guest dirties memory about as fast as the link sends it; try --auto-converge, --mode postcopy or more bandwidth',
  timeout: 'pre-copy did not converge before the timeout: raise --downtime-limit, add --auto-converge, use --mode hybrid/postcopy, --timeout-action postcopy, or more bandwidth',
};

/**
 * A migration's outcome in a list: the stop reason only where pre-copy iterated (live, hybrid),
 * since cold, offline and post-copy moves have no rounds to converge.
 */
export function outcomeText(t: Pick<Timeline, 'mode' | 'outcome' | 'stopReason'>): string {
  if (t.outcome === 'aborted' || t.mode === 'live' || t.mode === 'hybrid') return `${t.outcome} (${t.stopReason})`;
  return t.outcome;
}

/** What kind of cold move it was, from the VM's state in its first stage. */
function modeText(t: Timeline): string {
  if (t.mode === 'cold' && t.stages[0]?.vmState === 'suspended') return 'cold (the suspended VM\'s saved memory image)';
  if (t.mode === 'cold' && t.stages[0]?.vmState === 'paused') return 'cold (paused before, during and after)';
  return MODE_TEXT[t.mode];
}

export function renderMigrationList(migrations: Omit<MigrationRecord, 'iterations' | 'stages'>[]): string {
  if (migrations.length === 0) return dim('no migrations yet');
  return table(['ID', 'AT', 'VM', 'FROM -> TO', 'MODE', 'TOTAL', 'DOWNTIME', 'ROUNDS', 'OUTCOME'],
    migrations.map((m) => [m.id, formatClock(m.atSec), m.vm, `${m.from} -> ${m.to}`, `${m.mode}/${m.preset}`, formatDuration(m.totalTimeSec), formatDuration(m.downtimeMs / 1000), m.rounds, outcomeText(m)]),
    ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'left'], { fit: { drop: ['AT', 'ROUNDS', 'MODE'], squeeze: 'OUTCOME' } });
}

/** Bars of the bytes dirtied per round against memory: shrinking bars converge, flat ones never do. */
function roundTable(t: Timeline): string {
  const show = t.iterations.length <= 16 ? t.iterations : [...t.iterations.slice(0, 10), null, ...t.iterations.slice(-5)];
  const width = 24;
  const largest = Math.max(...t.iterations.map((i) => i.dirtiedBytes), 1);
  const rows = show.map((i) => i === null
    ? [dim('...'), '', '', '', '', '', '']
    : [i.round, formatDuration(i.startSec), formatDuration(i.durationSec), formatBytes(i.bytes, 2), formatBytes(i.dirtiedBytes, 2), `${i.throttlePercent}%`,
      '▇'.repeat(Math.max(i.dirtiedBytes > 0 ? 1 : 0, Math.round((i.dirtiedBytes / largest) * width)))]);
  return table(['ROUND', 'START', 'DURATION', 'SENT', 'DIRTIED', 'THROTTLE', 'DIRTIED (shrinks if it converges)'], rows, ['right', 'right', 'right', 'right', 'right', 'right', 'left'],
    { fit: { drop: ['THROTTLE', 'START'] } });
}

export function renderTimeline(t: Timeline): string {
  const limit = t.downtimeLimitMs === null ? 'no limit' : `limit ${formatDuration(t.downtimeLimitMs / 1000)}`;
  const sla = t.slaMaxDowntimeMs === null ? '' : t.downtimeMs <= t.slaMaxDowntimeMs + 1e-9 ? `, SLA ${formatDuration(t.slaMaxDowntimeMs / 1000)} ${green('kept')}` : `, SLA ${formatDuration(t.slaMaxDowntimeMs / 1000)} ${red('BROKEN')}`;
  const head = keyValues([
    ['migration', `${bold(t.id)} ${bold(t.vm)}: ${t.from} -> ${t.to}${t.startSec > 0 ? dim(` (started at +${formatDuration(t.startSec)})`) : ''}`],
    ['mode', `${modeText(t)}, preset ${t.preset}`],
    ['path', `${formatBandwidth(t.bandwidthBytesPerSec)} nominal (${formatByteRate(t.bandwidthBytesPerSec)}); memory ${formatBytes(t.memoryBytes)}, dirty rate ${formatByteRate(t.dirtyRateBytesPerSec)}`],
  ]);
  const stages = table(['STAGE', 'START', 'DURATION', 'VM'],
    t.stages.map((s, i) => [`${i} ${s.name}`, formatDuration(s.startSec), formatDuration(s.durationSec), colourWhere(s.vmState)]),
    ['left', 'right', 'right', 'left']);
  const outcome = t.outcome === 'aborted' ? red(`aborted (${t.stopReason}): ${t.vm} keeps running on ${t.from}`) : t.converged ? green('converged') : yellow(`stopped by ${t.stopReason}`);
  const footer = [
    `total ${bold(formatDuration(t.totalTimeSec))} · downtime ${bold(formatDuration(t.downtimeMs / 1000))} (${limit}${sla}) · expected ${formatDuration(t.expectedDowntimeMs / 1000)}`,
    `data ${formatBytes(t.bytesSent, 2)} = ${t.dataFactor.toFixed(2)} x memory · ${t.rounds} round${t.rounds === 1 ? '' : 's'}${t.degradedSec > 0 ? ` · degraded on the target for ${formatDuration(t.degradedSec)}` : ''} · ${outcome}`,
  ];
  const hint = HINTS[t.stopReason];
  if (hint && t.stopReason !== 'converged') footer.push(dim(`hint: ${hint}`));
  for (const note of t.notes) footer.push(dim(`note: ${note}`));
  return [head, stages, ...(t.iterations.length > 0 ? [roundTable(t)] : []), ...footer].join('\n');
}

function colourWhere(where: string): string {
  if (where === 'paused') return yellow(where);
  if (where === 'degraded on target') return yellow(where);
  return green(where);
}

export function renderMigrate(r: MigrateResult): string {
  const parts = r.migrations.map(renderTimeline);
  if (r.migrations.length > 1) {
    parts.push(table(['ID', 'VM', 'FROM -> TO', 'START', 'TOTAL', 'DOWNTIME', 'ROUNDS', 'OUTCOME'],
      r.migrations.map((t) => [t.id, t.vm, `${t.from} -> ${t.to}`, formatDuration(t.startSec), formatDuration(t.totalTimeSec), formatDuration(t.downtimeMs / 1000), t.rounds, outcomeText(t)]),
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'], { fit: { drop: ['START', 'ROUNDS'], squeeze: 'OUTCOME' } }));
  }
  const verb = r.dryRun ? yellow('dry run: nothing moved; predicted') : 'done:';
  parts.push(`${verb} makespan ${bold(formatDuration(r.makespanSec))} on the shared network${r.dryRun ? '' : `; clock now +${formatDuration(r.clock)}`}`);
  if (r.slaBreaches.length) parts.push(red(`SLA downtime broken for ${r.slaBreaches.join(', ')}`));
  return parts.join('\n\n');
}
