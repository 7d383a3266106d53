import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../../src/core/errors.js';
import { changeHostState, planMaintenance } from '../../../src/core/maintenance.js';
import type { Plan } from '../../../src/core/plan/types.js';
import { stateFrom } from '../../helpers/dc.js';

const lab = stateFrom(readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'migration-lab.yaml'), 'utf8'));

describe('maintenance', () => {
  it('evacuates every VM: live where possible, cold for passthrough, post-copy to keep an SLA, offline when stopped', () => {
    const plan = planMaintenance(lab, 'src', 2) as Plan;
    expect(isRefusal(plan)).toBe(false);
    const modes = Object.fromEntries(plan.moves.map((m) => [m.vm, m.mode]));
    expect(modes).toMatchObject({ 'idle-1': 'live', web: 'live', gpu: 'cold', strict: 'postcopy', parked: 'offline' });
    expect(plan.moves.find((m) => m.vm === 'gpu')!.reason).toContain('passthrough device is detached');
    expect(plan.moves.every((m) => m.to === 'dst')).toBe(true); // far is another cluster's kvm: still kvm, but best fit packs dst
    expect(plan.hostsFreed).toEqual(['src']);
  });
  it('refuses with per-VM reasons when there is no room', () => {
    const tight = { ...lab, datacenter: { ...lab.datacenter!, hosts: lab.datacenter!.hosts.filter((h) => h.name !== 'far').map((h) => (h.name === 'dst' ? { ...h, memoryBytes: 8 * 2 ** 30 } : h)) } };
    const outcome = planMaintenance(tight, 'src', 2);
    expect(isRefusal(outcome) && outcome.code).toBe('evacuation-impossible');
  });
  it('power off refuses a host with VMs; maintenance exit needs maintenance', () => {
    expect(isRefusal(changeHostState(lab, 'src', 'power-off'))).toBe(true);
    const off = changeHostState(lab, 'far', 'power-off');
    expect(!isRefusal(off) && off.result).toMatchObject({ from: 'on', to: 'off' });
    expect(isRefusal(changeHostState(lab, 'dst', 'maintenance-exit'))).toBe(true);
  });
});
