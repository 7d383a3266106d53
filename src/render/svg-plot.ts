import type { SeriesPoint } from '../core/simulate/engine.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** Up to 30 runs get distinct styles: ten colours, then the same colours dashed, then dotted. */
const DASHES = ['', '6 3', '2 2'];
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** A step of 1, 2, 2.5 or 5 x 10^k that cuts [0, max] into about `count` parts (axis ticks on round numbers). */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const multiple = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw - 1e-12)!;
  return multiple * power;
}

/** Ticks from 0 to the first multiple of the step at or above max. */
export function niceTicks(max: number, count = 5): number[] {
  const step = niceStep(max, count);
  const top = Math.ceil(max / step - 1e-9) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, k) => Number((k * step).toPrecision(12)));
}

/** Hour ticks in steps a clock reads (1, 2, 3, 4, 6, 12 or 24 h), at most 8, up to the end of the run. */
export function hourAxis(hours: number): number[] {
  const step = [1, 2, 3, 4, 6, 12, 24, 48, 168].find((s) => hours / s <= 8) ?? Math.ceil(hours / 8);
  const top = Math.max(step, Math.ceil(hours / step - 1e-9) * step);
  return Array.from({ length: top / step + 1 }, (_, k) => k * step);
}

export interface PlotRun {
  label: string;
  series: readonly SeriesPoint[];
}

/**
 * --plot: an SVG with two panels over simulated time, active hosts and power (W), one line per
 * run, each in its own colour and dash. Axes tick on round numbers; time is in hours to the end
 * of the run. Self-contained (no scripts, no external fonts) so that it opens anywhere.
 */
export function svgPlot(runs: readonly PlotRun[], title: string, durationSec?: number, caption?: string): string {
  const width = 960, panelHeight = 260, margin = { left: 70, right: 190, top: 40, bottom: 56 }, gap = 60;
  const plotWidth = width - margin.left - margin.right;
  const height = margin.top + 2 * panelHeight + gap + margin.bottom + (caption ? 18 : 0);
  const lastTime = Math.max(1, ...runs.flatMap((r) => r.series.map((p) => p.timeSec)));
  const hours = Math.max(durationSec ?? 0, lastTime) / 3600;
  const hourTicks = hourAxis(hours);
  const tMax = hourTicks.at(-1)! * 3600;
  const x = (t: number) => margin.left + (t / tMax) * plotWidth;
  const style = (i: number) => `stroke="${PALETTE[i % PALETTE.length]}"${DASHES[Math.floor(i / PALETTE.length) % DASHES.length] ? ` stroke-dasharray="${DASHES[Math.floor(i / PALETTE.length) % DASHES.length]}"` : ''}`;
  const panel = (index: number, label: string, value: (p: SeriesPoint) => number) => {
    const top = margin.top + index * (panelHeight + gap);
    const ticks = niceTicks(Math.max(1, ...runs.flatMap((r) => r.series.map(value))));
    const vMax = ticks.at(-1)!;
    const y = (v: number) => top + panelHeight - (v / vMax) * panelHeight;
    const parts = [`<text x="${margin.left}" y="${top - 8}" font-weight="bold">${escapeXml(label)}</text>`,
      `<rect x="${margin.left}" y="${top}" width="${plotWidth}" height="${panelHeight}" fill="none" stroke="#999"/>`];
    for (const v of ticks) {
      parts.push(`<line x1="${margin.left - 4}" x2="${margin.left + plotWidth}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`,
        `<text x="${margin.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toLocaleString('en-US')}</text>`);
    }
    for (const h of hourTicks) {
      parts.push(`<line x1="${x(h * 3600).toFixed(1)}" x2="${x(h * 3600).toFixed(1)}" y1="${top + panelHeight}" y2="${top + panelHeight + 4}" stroke="#999"/>`,
        `<text x="${x(h * 3600).toFixed(1)}" y="${top + panelHeight + 17}" text-anchor="middle">${h} h</text>`);
    }
    parts.push(`<text x="${margin.left + plotWidth / 2}" y="${top + panelHeight + 34}" text-anchor="middle" fill="#555">simulated time (hours)</text>`);
    runs.forEach((run, i) => {
      const points = run.series.map((p) => `${x(p.timeSec).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
      parts.push(`<polyline fill="none" ${style(i)} stroke-width="1.5" points="${points}"/>`);
    });
    return parts.join('\n');
  };
  const legend = runs.map((run, i) => {
    const ly = margin.top + 10 + i * 18;
    return `<line x1="${width - margin.right + 15}" x2="${width - margin.right + 45}" y1="${ly}" y2="${ly}" ${style(i)} stroke-width="3"/>` +
      `<text x="${width - margin.right + 51}" y="${ly + 4}">${escapeXml(run.label)}</text>`;
  }).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${margin.left}" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    panel(0, 'Active hosts', (p) => p.activeHosts),
    panel(1, 'Power (W)', (p) => p.powerW),
    legend,
    ...(caption ? [`<text x="${margin.left}" y="${height - 10}" fill="#555">${escapeXml(caption)}</text>`] : []),
    '</svg>',
    '',
  ].join('\n');
}
