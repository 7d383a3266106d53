import type { State } from '../core/state.js';

/** Cheap structural check of a state document (files on disk and `state import`). */
export function stateShapeProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const s = value as Partial<State>;
  if (typeof s.schemaVersion !== 'number') return 'no schemaVersion';
  if (!Array.isArray(s.vms)) return 'vms is not a list';
  if (!Array.isArray(s.events)) return 'events is not a list';
  if (typeof s.clockSec !== 'number' || !Number.isFinite(s.clockSec) || s.clockSec < 0) return 'clockSec is not a time';
  if (typeof s.nextEventId !== 'number' || typeof s.placementCursor !== 'number') return 'counters missing';
  if (s.datacenter !== null && (typeof s.datacenter !== 'object' || !Array.isArray(s.datacenter?.hosts) || !Array.isArray(s.datacenter?.clusters))) {
    return 'datacenter has no hosts or clusters';
  }
  const hosts = new Set((s.datacenter?.hosts ?? []).map((h) => h.name));
  const names = new Set<string>();
  for (const [i, vm] of s.vms.entries()) {
    if (!vm || typeof vm.name !== 'string' || typeof vm.cpus !== 'number' || typeof vm.memoryBytes !== 'number' || typeof vm.state !== 'string') return `vms[${i}] is not a VM`;
    if (names.has(vm.name)) return `VM ${vm.name} appears twice`;
    names.add(vm.name);
    if (vm.host !== null && !hosts.has(vm.host)) return `VM ${vm.name} is on unknown host ${vm.host}`;
  }
  return null;
}
