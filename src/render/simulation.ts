import type { SeriesPoint } from '../core/simulate/engine.js';
import type { SimMetrics } from '../core/simulate/metrics.js';
import { bold, dim } from './style.js';
import { keyValues, table } from './table.js';
import type { WrittenFile } from '../simulation/outputs.js';

export interface SimulationReport {
  policy: string;
  label: string;
  parameter: number | null;
  model: string;
  seed: number;
  traces: { source: string; vms: number; samplesPerVm: number };
  hosts: number;
  /** Consolidation domains simulated independently and pooled (1: the fleet is one). */
  clusters: number;
  intervalSec: number;
  durationSec: number;
  ticks: number;
  metrics: SimMetrics;
  vmsAtEnd: number;
  unplacedVms: number;
  downtimeSec: number;
  timePerVmTickUs: number;
  wallTimeSec: number;
  peakMemoryMB: number;
  /** Said before the run: the fleet sized to fit the VMs, or VMs that will never run. */
  warnings: string[];
  /** --csv / --plot files written. */
  files: WrittenFile[];
  series?: SeriesPoint[];
}

export interface ComparisonReport {
  model: string;
  /** Consolidating policies by ESV, best first; then the baselines. */
  sortedBy: 'esv';
  /** Policies that never migrate (npa, dvfs): SLAV and ESV 0 whatever their energy, so listed last. */
  baselines: string[];
  results: { policy: string; label: string; metrics: SimMetrics; wallTimeSec: number }[];
  hosts: number;
  warnings: string[];
  files: WrittenFile[];
  wallTimeSec: number;
  peakMemoryMB: number;
}

const fixed = (value: number | null, digits: number) => (value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits));
const percent = (fraction: number, digits: number) => `${(fraction * 100).toFixed(digits)} %`;

/** The metrics with CloudSim's names and the paper's units. */
export function metricRows(m: SimMetrics): [string, string][] {
  return [
    ['Energy consumption', `${m.energyKWh.toFixed(2)} kWh`],
    ['Number of VM migrations', String(m.vmMigrations)],
    ['SLA time per active host (SLATAH)', percent(m.slatah, 3)],
    ['Performance degradation due to migration (PDM)', percent(m.pdm, 4)],
    ['SLA violation (SLAV = SLATAH x PDM)', `${(m.slav * 1e5).toFixed(3)} x10^-5`],
    ['Energy x SLA violation (ESV)', `${(m.esv * 1e3).toFixed(4)} x10^-3`],
    ['Overall SLA violation', percent(m.overallSlaViolation, 4)],
    ['Average SLA violation', percent(m.averageSlaViolation, 2)],
    ['Number of host shutdowns', String(m.hostShutdowns)],
    ['Mean active hosts', m.meanActiveHosts.toFixed(2)],
    ['Mean time before a host shutdown', m.meanTimeBeforeHostShutdownSec === null ? '-' : `${m.meanTimeBeforeHostShutdownSec.toFixed(2)} s`],
    ['Mean VM migration time', m.meanMigrationTimeSec === null ? '-' : `${m.meanMigrationTimeSec.toFixed(2)} s`],
  ];
}

/**
 * A small text chart of one series over the day: `height` rows of block characters. The scale is
 * set by the 95th percentile of the columns so that one spike (the first interval, when CloudSim
 * has spread VMs over every host) does not flatten the rest; clipped columns end in ▲.
 */
export function textChart(values: readonly number[], times: readonly number[], width = 64, height = 6): string {
  if (values.length === 0) return '';
  const columns = Math.min(width, values.length);
  const buckets = Array.from({ length: columns }, (_, c) => {
    const from = Math.floor((c * values.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / columns));
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i]!;
    return sum / (to - from);
  });
  const sorted = [...buckets].sort((a, b) => a - b);
  const max = Math.max(1, sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!);
  const levels = ' ▁▂▃▄▅▆▇█';
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const line = buckets.map((v) => {
      if (r === height - 1 && v > max * 1.001) return '▲';
      const cells = (Math.min(v, max) / max) * height - r;
      return cells >= 1 ? '█' : cells <= 0 ? ' ' : levels[Math.round(cells * 8)]!;
    }).join('');
    rows.push(`${(r === height - 1 ? String(Math.round(max)) : '').padStart(6)} ┤${line}`);
  }
  const hours = (t: number) => `${(t / 3600).toFixed(0)} h`;
  rows.push(`${'0'.padStart(6)} └${'─'.repeat(columns)}`);
  rows.push(`${''.padStart(8)}${hours(times[0]!)}${hours(times[times.length - 1]!).padStart(columns - hours(times[0]!).length)}`);
  const peak = Math.max(...values);
  if (peak > max * 1.001) rows.push(`${''.padStart(8)}▲ off the scale: up to ${Math.round(peak)}`);
  return rows.join('\n');
}

export function renderSimulation(r: SimulationReport, series: readonly SeriesPoint[]): string {
  const title = `${bold(r.label.toUpperCase())} on ${r.traces.vms} VMs (${r.traces.source}), ${r.hosts} hosts, ${r.model} model`;
  const out = [title, '', keyValues(metricRows(r.metrics))];
  out.push('', bold('Active hosts over the day'), textChart(series.map((p) => p.activeHosts), series.map((p) => p.timeSec)));
  const notes = [
    `${r.ticks} intervals of ${r.intervalSec} s; ${r.vmsAtEnd} of ${r.traces.vms} VMs still hosted at the end${r.model === 'cloudsim' ? ' (CloudSim removes a VM the first time its demand is 0)' : ''}`,
  ];
  if (r.clusters > 1) notes.push(`${r.clusters} clusters consolidated independently (no VM crosses a cluster); metrics pooled over all`);
  if (r.unplacedVms > 0) notes.push(`${r.unplacedVms} VMs found no host at t = 0 and never ran`);
  if (r.model === 'precopy') notes.push(`total migration downtime ${r.downtimeSec.toFixed(1)} s (charged to PDM)`);
  notes.push(`wall time ${r.wallTimeSec.toFixed(3)} s (the whole command), ${r.timePerVmTickUs.toFixed(2)} us per VM-interval of the run, peak memory ${r.peakMemoryMB.toFixed(0)} MB`);
  out.push('', ...notes.map((n) => dim(n)), ...writtenLines(r.files));
  return out.join('\n');
}

/** The paper's comparison table, sorted by ESV (best first). */
export function renderComparison(c: ComparisonReport): string {
  const head = ['Policy', 'Energy kWh', 'VM migr.', 'SLATAH %', 'PDM %', 'SLAV x1e-5', 'ESV x1e-3', 'Overall SLA %', 'Avg SLA %', 'Shutdowns', 'Active hosts', 'Wall s'];
  const rows = c.results.map(({ label, metrics: m, wallTimeSec }) => [
    label.toUpperCase(), m.energyKWh.toFixed(2), m.vmMigrations, fixed(m.slatah * 100, 3), fixed(m.pdm * 100, 4), fixed(m.slav * 1e5, 3),
    fixed(m.esv * 1e3, 4), fixed(m.overallSlaViolation * 100, 4), fixed(m.averageSlaViolation * 100, 2), m.hostShutdowns, m.meanActiveHosts.toFixed(2), wallTimeSec.toFixed(2),
  ]);
  const baselines = c.baselines.length ? `; ${c.baselines.join(' and ')} never migrate (SLAV and ESV 0 whatever the energy) and come last as baselines` : '';
  return [
    bold(`${c.results.length} policies, ${c.model} model, ${c.hosts} hosts`),
    dim(`ranked by ESV (energy x SLA violation), best first, among the policies that consolidate${baselines}`),
    table(head, rows, ['left', ...head.slice(1).map(() => 'right' as const)], { fit: { drop: ['Wall s', 'Avg SLA %', 'Overall SLA %', 'Shutdowns', 'SLAV x1e-5'] } }),
    dim(`wall time ${c.wallTimeSec.toFixed(2)} s (the whole command; runs on worker threads), peak memory ${c.peakMemoryMB.toFixed(0)} MB`),
    ...writtenLines(c.files),
  ].join('\n');
}

function writtenLines(files: readonly WrittenFile[]): string[] {
  return files.map((f) => `wrote ${f.path} (${f.kind === 'svg' ? 'SVG plot' : 'CSV'}: ${f.what})`);
}

/** --csv: one row per interval (with a policy column when several runs are written). */
export function seriesCsv(runs: readonly { label: string; series: readonly SeriesPoint[] }[]): string {
  const withPolicy = runs.length > 1;
  const lines = [`${withPolicy ? 'policy,' : ''}time_s,active_hosts,power_w,overloaded_hosts,migrations,vms`];
  for (const run of runs) {
    for (const p of run.series) {
      lines.push(`${withPolicy ? `${run.label},` : ''}${p.timeSec.toFixed(1)},${p.activeHosts},${p.powerW.toFixed(2)},${p.overloadedHosts},${p.migrations},${p.vms}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
