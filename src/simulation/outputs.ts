import { writeOutputFile } from '../output-file.js';
import { seriesCsv } from '../render/simulation.js';
import type { RunOutcome } from './run.js';

export interface WrittenFile {
  path: string;
  kind: 'csv' | 'svg';
  /** What is in it, for the line that says it was written. */
  what: string;
}

/**
 * --csv and --plot files for one or more runs (written whole, then renamed into place). Policies
 * that never consolidate (npa, dvfs: every host stays on) draw lines far above the others and
 * flatten them; when other runs are plotted they are left out of the plot and named in its caption
 * (the CSV keeps every run).
 */
export async function writeRunFiles(outcomes: readonly RunOutcome[], files: { csv?: string | undefined; plot?: string | undefined }, title: string, durationSec: number): Promise<WrittenFile[]> {
  const runs = outcomes.map((o) => ({ label: o.label.toUpperCase(), series: o.result.series, baseline: o.parameter === null }));
  const written: WrittenFile[] = [];
  if (files.csv) {
    writeOutputFile(files.csv, seriesCsv(runs), '--csv');
    written.push({ path: files.csv, kind: 'csv', what: `${runs.length === 1 ? 'one run' : `${runs.length} runs`}, ${runs[0]?.series.length ?? 0} intervals each` });
  }
  if (files.plot) {
    const { svgPlot } = await import('../render/svg-plot.js');
    const consolidating = runs.filter((r) => !r.baseline);
    const plotted = consolidating.length > 0 && consolidating.length < runs.length ? consolidating : runs;
    const left = outcomes.filter((o) => !plotted.some((r) => r.label === o.label.toUpperCase()));
    const caption = left.length ? `Not drawn (no consolidation, every host stays on): ${left.map((o) => `${o.label.toUpperCase()} ${o.result.metrics.energyKWh.toFixed(1)} kWh`).join(', ')}` : undefined;
    writeOutputFile(files.plot, svgPlot(plotted, title, durationSec, caption), '--plot');
    written.push({ path: files.plot, kind: 'svg', what: `${plotted.length === 1 ? 'one run' : `${plotted.length} runs`}${left.length ? `; ${left.map((o) => o.label).join(', ')} left out` : ''}` });
  }
  return written;
}
