import type { PowerReport } from '../core/power-report.js';
import { formatClock, formatPercent } from '../core/units.js';
import { bar, bold, dim, stateColour } from './style.js';
import { table } from './table.js';

export function renderPower(r: PowerReport): string {
  const maxWatts = Math.max(1, ...r.hosts.map((h) => h.watts ?? 0));
  return [
    bold(`Power at ${formatClock(r.atSec)}`),
    table(['HOST', 'STATE', 'CPU', 'WATTS', '', 'ENERGY'], r.hosts.map((h) => [h.host, stateColour(h.on ? 'on' : 'off'), formatPercent(h.utilization, 0),
      h.watts === null ? dim('no model') : h.watts.toFixed(1), h.watts === null ? '' : bar(h.watts / maxWatts, 16), `${h.energyKWh.toFixed(3)} kWh`]),
    ['left', 'left', 'right', 'right', 'left', 'right']),
    `total ${bold(`${r.totalWatts.toFixed(1)} W`)} (${r.energyPerDayKWh.toFixed(2)} kWh per day at this draw); energy so far ${bold(`${r.energyKWh.toFixed(3)} kWh`)}`,
    ...(r.hostsWithoutPowerModel ? [dim(`${r.hostsWithoutPowerModel} host(s) have no power model (add power: { idle, max } or a SPECpower table)`)] : []),
  ].join('\n');
}
