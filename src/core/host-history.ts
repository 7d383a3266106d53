import type { Datacenter, Host } from './model.js';
import { holdsResources } from './model.js';
import { hostWatts } from './power.js';
import type { State } from './state.js';

/** One change of a host's power-relevant condition, from `atSec` until the next entry for that host. */
export interface HostSample {
  atSec: number;
  host: string;
  on: boolean;
  utilization: number;
}

/** CPU utilization of every host from its running VMs' workloads (busy cores / cores). Paused VMs keep no core busy. */
export function hostUtilizations(dc: Datacenter, vms: State['vms']): Map<string, number> {
  const busy = new Map<string, number>(dc.hosts.map((h) => [h.name, 0]));
  for (const vm of vms) {
    if (!vm.host || !holdsResources(vm.state) || vm.state === 'paused' || !busy.has(vm.host)) continue;
    busy.set(vm.host, busy.get(vm.host)! + vm.cpus * vm.workload.cpu);
  }
  const cores = new Map(dc.hosts.map((h) => [h.name, h.cores]));
  return new Map([...busy].map(([name, b]) => [name, b / cores.get(name)!]));
}

function samplesOf(state: State): Map<string, { on: boolean; utilization: number }> {
  const dc = state.datacenter;
  if (!dc) return new Map();
  const utilization = hostUtilizations(dc, state.vms);
  return new Map(dc.hosts.map((h) => [h.name, { on: h.state !== 'off', utilization: utilization.get(h.name)! }]));
}

/**
 * Append to the host history what changed between two states, stamped at the new clock. Every
 * committed change goes through here (the store calls it), so power and energy can be read for
 * any past time. Simplification: during a command's simulated duration the hosts keep the
 * condition they had before it; the new one starts when the command ends.
 */
export function recordHostHistory(previous: State, next: State): State {
  if (!next.datacenter) return next;
  const before = samplesOf(previous);
  const after = samplesOf(next);
  const added: HostSample[] = [];
  for (const [host, sample] of after) {
    const old = before.get(host);
    if (!old || old.on !== sample.on || Math.abs(old.utilization - sample.utilization) > 1e-12) added.push({ atSec: next.clockSec, host, ...sample });
  }
  for (const host of before.keys()) if (!after.has(host)) added.push({ atSec: next.clockSec, host, on: false, utilization: 0 });
  if (added.length === 0) return next;
  return { ...next, hostHistory: [...(next.hostHistory ?? []), ...added] };
}

export interface HostPower {
  host: string;
  on: boolean;
  utilization: number;
  watts: number | null;
}

/** Each host's condition and power at time t (seconds on the simulated clock). */
export function powerAt(dc: Datacenter, history: readonly HostSample[], t: number): HostPower[] {
  const latest = new Map<string, HostSample>();
  for (const sample of history) if (sample.atSec <= t + 1e-9) latest.set(sample.host, sample);
  return dc.hosts.map((h: Host) => {
    const s = latest.get(h.name);
    const on = s ? s.on : h.state !== 'off';
    const utilization = s ? s.utilization : 0;
    return { host: h.name, on, utilization, watts: hostWatts(h, utilization, on) };
  });
}

/** Energy drawn from time 0 to t by each host (watt-seconds), integrating the piecewise-constant history. */
export function energyUntil(dc: Datacenter, history: readonly HostSample[], t: number): Map<string, number> {
  const byHost = new Map<string, HostSample[]>();
  for (const s of history) {
    if (s.atSec > t) continue;
    const list = byHost.get(s.host) ?? [];
    list.push(s);
    byHost.set(s.host, list);
  }
  const energy = new Map<string, number>();
  for (const host of dc.hosts) {
    let total = 0;
    const samples = byHost.get(host.name) ?? [];
    samples.forEach((s, i) => {
      const end = i + 1 < samples.length ? samples[i + 1]!.atSec : t;
      const watts = hostWatts(host, s.utilization, s.on) ?? 0;
      total += watts * Math.max(0, end - s.atSec);
    });
    energy.set(host.name, total);
  }
  return energy;
}
