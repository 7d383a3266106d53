import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../src/core/errors.js';
import type { VmSpec } from '../../src/core/model.js';
import type { CounterfactualEdit } from '../../src/core/placement/explain.js';
import { explainPlacement } from '../../src/core/placement/explain.js';
import { evaluateHost } from '../../src/core/placement/place.js';
import { buildView } from '../../src/core/placement/view.js';
import type { State } from '../../src/core/state.js';
import { emptyState } from '../../src/core/state.js';
import { createVm } from '../../src/core/vm-ops.js';
import { datacenterArb, vmFromShape, vmShapeArb } from '../helpers/arbitraries.js';
import { dcYaml, spec, stateFrom } from '../helpers/dc.js';

// h1: 8 vCPUs (4 cores x 2), 6 in use (a 4, b 2); h2 off; h3: 2 vCPUs (1 core x 2), empty.
const STATE = stateFrom(dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 4 }, memory: 16GiB }
        - { name: h2, cpu: { cores: 8 }, memory: 32GiB, state: off }
        - { name: h3, cpu: { cores: 1 }, memory: 8GiB }
  vms:
    - { name: a, cpus: 4, memory: 4GiB, host: h1 }
    - { name: b, cpus: 2, memory: 2GiB, host: h1 }
`));

describe('placement explained', () => {
  const e = explainPlacement(STATE, spec('new', 4, 2), { policy: 'best-fit' });

  it('a verdict from every filter on every host, with the shortfall in numbers', () => {
    expect(e.fits).toBe(false);
    expect(e.hosts.map((h) => h.verdicts.map((v) => `${v.filter}:${v.passed ? 'ok' : 'no'}`))).toEqual([
      ['host-state:ok', 'tenancy:ok', 'hypervisor:ok', 'capacity:no', 'affinity:ok'],
      ['host-state:no', 'tenancy:ok', 'hypervisor:ok', 'capacity:ok', 'affinity:ok'],
      ['host-state:ok', 'tenancy:ok', 'hypervisor:ok', 'capacity:no', 'affinity:ok'],
    ]);
    expect(e.hosts[0]!.verdicts[3]!.shortfall).toEqual([{ resource: 'vcpus', requested: 4, free: 2, missing: 2 }]);
    expect(e.hosts[2]!.verdicts[3]!.shortfall).toEqual([{ resource: 'vcpus', requested: 4, free: 2, missing: 2 }]);
  });

  it('per host the smallest changes, each verified: (6 + 4) / 4 cores = overcommit 2.5 on h1, or b moved to h3; h2 powered on; 4 / 1 core on h3', () => {
    expect(e.hosts[0]!.counterfactuals.map((c) => [c.kind, c.verified, c.edits])).toEqual([
      ['overcommit', true, [{ kind: 'overcommit', host: 'h1', cpu: 2.5, memory: 1 }]],
      ['move-vm', true, [{ kind: 'move-vm', vm: 'b', from: 'h1', to: 'h3' }]],
    ]);
    expect(e.hosts[0]!.counterfactuals[0]!.change).toBe('fits if cpu overcommit >= 2.5 (now 2)');
    expect(e.hosts[0]!.counterfactuals[1]!.change).toMatch(/^fits after moving b away \(h1 -> h3 predicted [\d.]+ m?s, [\d.]+ m?s downtime\)$/);
    expect(e.hosts[1]!.counterfactuals).toEqual([{ change: 'fits once h2 is powered on (dcctl host power on h2)', kind: 'host-state', verified: true, edits: [{ kind: 'host-state', host: 'h2', state: 'on' }] }]);
    expect(e.hosts[2]!.counterfactuals.map((c) => c.change)).toEqual(['fits if cpu overcommit >= 4 (now 2)']);
  });

  it('a host that passes gets the policy\'s score, and the chosen one is marked', () => {
    const fits = explainPlacement(STATE, spec('small', 1, 1), { policy: 'best-fit' });
    expect(fits.host).toBe('h1');
    expect(fits.hosts.map((h) => [h.host, h.fits, h.chosen ?? false])).toEqual([['h1', true, true], ['h2', false, false], ['h3', true, false]]);
    // best-fit ranks by the room left: h1 (7 of 8 vCPU, 7 of 16 GiB) = ((1/8) + (9/16)) / 2; h3 ((1/2) + (7/8)) / 2.
    expect(fits.hosts[0]!.score).toBeCloseTo((1 / 8 + 9 / 16) / 2, 12);
    expect(fits.hosts[2]!.score).toBeCloseTo((1 / 2 + 7 / 8) / 2, 12);
  });
});

/** A counterfactual's edits made on the state itself (independently of how explain checks them). */
function applyEdits(state: State, vm: VmSpec, edits: readonly CounterfactualEdit[]): { state: State; vm: VmSpec } {
  let dc = state.datacenter!;
  let vms = state.vms;
  for (const edit of edits) {
    switch (edit.kind) {
      case 'overcommit': dc = { ...dc, hosts: dc.hosts.map((h) => (h.name === edit.host ? { ...h, overcommit: { ...h.overcommit, cpu: edit.cpu, memory: edit.memory } } : h)) }; break;
      case 'host-state': dc = { ...dc, hosts: dc.hosts.map((h) => (h.name === edit.host ? { ...h, state: 'on' } : h)) }; break;
      case 'tenancy': dc = { ...dc, tenants: dc.tenants.map((t) => (t.name === edit.tenant ? { ...t, clusters: [...t.clusters, edit.addCluster] } : t)) }; break;
      case 'move-vm': vms = vms.map((v) => (v.name === edit.vm ? { ...v, host: edit.to } : v)); break;
      case 'rule': vm = { ...vm, group: { ...vm.group!, enforcement: 'should' } }; break;
      case 'flavor': vm = { ...vm, ...edit.set }; break;
    }
  }
  return { state: { ...state, datacenter: dc, vms }, vm };
}

describe('counterfactual properties', () => {
  it('every verified counterfactual, made on the state, makes the VM fit on its host (and a move away leaves its VM somewhere it fits)', () => {
    const scenario = fc.record({ dc: datacenterArb, shapes: fc.array(vmShapeArb, { maxLength: 14 }), flavor: vmShapeArb });
    fc.assert(fc.property(scenario, ({ dc, shapes, flavor }) => {
      let state: State = { ...emptyState(), datacenter: dc };
      shapes.forEach((shape, i) => {
        const outcome = createVm(state, vmFromShape(`v${i}`, shape));
        if (!isRefusal(outcome)) state = outcome.state;
      });
      const vm = vmFromShape('new', flavor);
      const explained = explainPlacement(state, vm, { policy: 'best-fit' });
      for (const host of explained.hosts) {
        expect(host.verdicts.map((v) => v.filter)).toEqual(['host-state', 'tenancy', 'hypervisor', 'capacity', 'affinity']);
        for (const c of host.counterfactuals.filter((x) => x.verified)) {
          const changed = applyEdits(state, vm, c.edits);
          const view = buildView(changed.state.datacenter!, changed.state.vms);
          const target = changed.state.datacenter!.hosts.find((h) => h.name === host.host)!;
          expect(evaluateHost(changed.vm, target, view).fits, `${host.host}: ${c.change}`).toBe(true);
          for (const edit of c.edits) {
            if (edit.kind !== 'move-vm') continue;
            const moved = changed.state.vms.find((v) => v.name === edit.vm)!;
            const to = changed.state.datacenter!.hosts.find((h) => h.name === edit.to)!;
            expect(evaluateHost(moved, to, buildView(changed.state.datacenter!, changed.state.vms.filter((v) => v.name !== moved.name))).fits).toBe(true);
          }
        }
      }
    }), { numRuns: 150 });
  });
});
