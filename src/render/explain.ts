import type { PlacementExplanation } from '../core/placement/explain.js';
import { PLACEMENT_FILTERS } from '../core/placement/filters/index.js';
import { formatBytes, formatNumber } from '../core/units.js';
import { bold, dim, green, red, yellow } from './style.js';
import { table } from './table.js';

const SHOWN = 40;

/** A verdict in one cell: ok, or the shortfall in numbers, or a word for the filter's reason. */
function cell(v: PlacementExplanation['hosts'][number]['verdicts'][number]): string {
  if (v.passed) return green('ok');
  if (v.shortfall?.length) return red(v.shortfall.map((s) => (s.resource === 'vcpus' ? `-${formatNumber(s.missing)} vCPU` : `-${formatBytes(s.missing, 1)}`)).join(' '));
  return red('no');
}

export function renderExplanation(e: PlacementExplanation): string {
  const lines = [bold(`${e.vm}: ${e.fits ? green(`fits; ${e.policy} would place it on ${e.host}`) : red('fits on no host')} (nothing was placed)`)];
  const filters = PLACEMENT_FILTERS.map((f) => f.name);
  const rows = e.hosts.slice(0, SHOWN).map((h) => [h.host, ...filters.map((f) => cell(h.verdicts.find((v) => v.filter === f)!)), h.score === undefined ? '' : `${formatNumber(h.score, 4)}${h.chosen ? ' <' : ''}`]);
  lines.push(table(['HOST', ...filters.map((f) => f.toUpperCase()), 'SCORE'], rows, ['left', ...filters.map(() => 'left' as const), 'right'], { fit: { squeeze: 'HOST' } }));
  if (e.hosts.length > SHOWN) lines.push(dim(`... ${e.hosts.length - SHOWN} more hosts (--json lists every host and filter)`));
  lines.push(dim(`score: the ${e.policy} rank of a host that passes (the smallest wins)`));
  const failing = e.hosts.filter((h) => !h.fits && h.counterfactuals.length > 0);
  for (const h of failing.slice(0, 12)) {
    lines.push(`${bold(h.host)}: ${h.verdicts.filter((v) => !v.passed).map((v) => `${v.filter}: ${v.reason}`).join('; ')}`);
    for (const c of h.counterfactuals) lines.push(`  ${c.verified ? green('✓') : dim('✗')} ${c.verified ? c.change : dim(`${c.change} (not enough alone)`)}`);
  }
  if (failing.length > 12) lines.push(dim(`... counterfactuals of ${failing.length - 12} more hosts (--json)`));
  if (e.counterfactualsSearched < e.hosts.filter((h) => !h.fits).length) lines.push(yellow(`counterfactuals searched on the ${e.counterfactualsSearched} hosts closest to fitting`));
  return lines.join('\n');
}
