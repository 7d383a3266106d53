import { badInput } from './errors.js';
import type { HostPower, HostSample } from './host-history.js';
import { energyUntil, powerAt } from './host-history.js';
import { requireDatacenter } from './lookup.js';
import { kWhPerDay } from './power.js';
import type { State } from './state.js';
import { formatClock } from './units.js';

export interface PowerReport {
  atSec: number;
  hosts: (HostPower & { energyKWh: number })[];
  totalWatts: number;
  /** Energy from clock 0 to atSec. */
  energyKWh: number;
  energyPerDayKWh: number;
  hostsWithoutPowerModel: number;
}

/** `history`: the host samples of the state's whole history (the store reads them from its journal). */
export function powerReport(state: State, history: readonly HostSample[], atSec?: number): PowerReport {
  const dc = requireDatacenter(state);
  const t = atSec ?? state.clockSec;
  if (t > state.clockSec + 1e-9) throw badInput('future-time', `--at ${formatClock(t)} is after the simulated clock (${formatClock(state.clockSec)})`, `the clock is at ${formatClock(state.clockSec)}: give --at up to it, e.g. --at 0s`);
  const hosts = powerAt(dc, history, t);
  const energy = energyUntil(dc, history, t);
  const totalWatts = hosts.reduce((sum, h) => sum + (h.watts ?? 0), 0);
  const withEnergy = hosts.map((h) => ({ ...h, energyKWh: (energy.get(h.host) ?? 0) / 3.6e6 }));
  return {
    atSec: t, hosts: withEnergy, totalWatts, energyKWh: withEnergy.reduce((s, h) => s + h.energyKWh, 0),
    energyPerDayKWh: kWhPerDay(totalWatts), hostsWithoutPowerModel: hosts.filter((h) => h.watts === null).length,
  };
}
