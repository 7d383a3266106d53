import { renameSync, writeFileSync } from 'node:fs';
import { badInput } from '../core/errors.js';
import { seriesCsv } from '../render/simulation.js';
import type { RunOutcome } from './run.js';

/** --csv and --plot files for one or more runs (written whole, then renamed into place). */
export async function writeRunFiles(outcomes: readonly RunOutcome[], files: { csv?: string | undefined; plot?: string | undefined }, title: string): Promise<void> {
  const runs = outcomes.map((o) => ({ label: o.label.toUpperCase(), series: o.result.series }));
  if (files.csv) writeAtomically(files.csv, seriesCsv(runs), '--csv');
  if (files.plot) {
    const { svgPlot } = await import('../render/svg-plot.js');
    writeAtomically(files.plot, svgPlot(runs, title), '--plot');
  }
}

function writeAtomically(path: string, text: string, flag: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    throw badInput('output-unwritable', `${flag} ${path}: ${(error as Error).message}`, 'check that the folder exists and is writable', { flag });
  }
}
