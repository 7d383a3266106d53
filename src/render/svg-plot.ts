import type { SeriesPoint } from '../core/simulate/engine.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/**
 * --plot: an SVG with two panels over simulated time, active hosts and power (W), one line per
 * run. Self-contained (no scripts, no external fonts) so that it opens anywhere.
 */
export function svgPlot(runs: readonly { label: string; series: readonly SeriesPoint[] }[], title: string): string {
  const width = 900, panelHeight = 260, margin = { left: 70, right: 180, top: 40, bottom: 40 }, gap = 50;
  const plotWidth = width - margin.left - margin.right;
  const height = margin.top + 2 * panelHeight + gap + margin.bottom;
  const allTimes = runs.flatMap((r) => r.series.map((p) => p.timeSec));
  const tMax = Math.max(1, ...allTimes);
  const x = (t: number) => margin.left + (t / tMax) * plotWidth;
  const panel = (index: number, label: string, value: (p: SeriesPoint) => number) => {
    const top = margin.top + index * (panelHeight + gap);
    const vMax = Math.max(1, ...runs.flatMap((r) => r.series.map(value))) * 1.05;
    const y = (v: number) => top + panelHeight - (v / vMax) * panelHeight;
    const parts = [`<text x="${margin.left}" y="${top - 8}" font-weight="bold">${escapeXml(label)}</text>`,
      `<rect x="${margin.left}" y="${top}" width="${plotWidth}" height="${panelHeight}" fill="none" stroke="#999"/>`];
    for (let k = 0; k <= 4; k++) {
      const v = (vMax / 4) * k;
      parts.push(`<line x1="${margin.left - 4}" x2="${margin.left}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#999"/>`,
        `<text x="${margin.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(0)}</text>`);
    }
    for (let h = 0; h <= tMax / 3600; h += Math.max(1, Math.round(tMax / 3600 / 8))) {
      parts.push(`<text x="${x(h * 3600).toFixed(1)}" y="${top + panelHeight + 16}" text-anchor="middle">${h} h</text>`);
    }
    runs.forEach((run, i) => {
      const points = run.series.map((p) => `${x(p.timeSec).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.5" points="${points}"/>`);
    });
    return parts.join('\n');
  };
  const legend = runs.map((run, i) => {
    const ly = margin.top + 10 + i * 18;
    return `<line x1="${width - margin.right + 15}" x2="${width - margin.right + 40}" y1="${ly}" y2="${ly}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="3"/>` +
      `<text x="${width - margin.right + 46}" y="${ly + 4}">${escapeXml(run.label)}</text>`;
  }).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${margin.left}" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    panel(0, 'Active hosts', (p) => p.activeHosts),
    panel(1, 'Power (W)', (p) => p.powerW),
    legend,
    '</svg>',
    '',
  ].join('\n');
}
