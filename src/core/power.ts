import type { Host, PowerModel } from './model.js';

/**
 * Host power models. Linear: idle + (max - idle) * u (CloudSim PowerModelSimple / DRS-DPM style).
 * SPECpower: 11 measured points at 0 %, 10 %, ... 100 % load, linear between points
 * (CloudSim PowerModelSpecPower: P(u) = P[floor(10u)] + (P[ceil(10u)] - P[floor(10u)]) * (10u - floor(10u))).
 * Utilization is clamped to [0, 1] (CloudSim throws outside it; an overloaded host draws its maximum).
 */
export function wattsAt(model: PowerModel, utilization: number): number {
  const u = Math.min(1, Math.max(0, utilization));
  if (model.kind === 'linear') return model.idleW + (model.maxW - model.idleW) * u;
  const points = model.tableW;
  const position = u * (points.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return points[low]! + (points[high]! - points[low]!) * (position - low);
}

/** What a host draws: standby when off, the model at its CPU utilization when on (an empty host draws idle). */
export function hostWatts(host: Host, utilization: number, on = host.state !== 'off'): number | null {
  if (!host.power) return null;
  if (!on) return host.power.standbyW;
  return wattsAt(host.power, utilization);
}

/** Power a VM adds to a host: P(u + du) - P(u); from an empty, powered-off host the whole P(u + du). */
export function powerIncrease(host: Host, utilization: number, added: number, hostWasEmpty: boolean): number {
  if (!host.power) return added; // no model: rank by the load added (dimensionless)
  const after = wattsAt(host.power, utilization + added);
  return hostWasEmpty ? after - host.power.standbyW : after - wattsAt(host.power, utilization);
}

export const kWhPerDay = (watts: number) => (watts * 24) / 1000;
