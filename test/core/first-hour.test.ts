import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../src/core/errors.js';
import { transitionVm } from '../../src/core/lifecycle.js';
import { migrateVms } from '../../src/core/migration/migrate.js';
import type { Vm } from '../../src/core/model.js';
import { ioPath } from '../../src/core/overhead.js';
import { placementHint } from '../../src/core/placement/hints.js';
import { executePlan } from '../../src/core/plan/execute.js';
import type { IndexedMove } from '../../src/core/plan/fewer-moves.js';
import { withoutRedundantMoves } from '../../src/core/plan/fewer-moves.js';
import type { Plan } from '../../src/core/plan/types.js';
import { fewestMovesFor } from '../../src/core/consolidation/consolidate.js';
import type { State } from '../../src/core/state.js';
import { stateProblems } from '../../src/core/state-invariants.js';
import { fixture } from '../helpers/cli.js';
import { dcYaml, running, spec, stateFrom } from '../helpers/dc.js';

const migrationLab = () => stateFrom(readFileSync(fixture('migration-lab.yaml'), 'utf8'));
const labDc = () => stateFrom(readFileSync(fixture('lab-dc.yaml'), 'utf8'));
const take = <R>(outcome: { state: State; result: R } | { refused: true; message: string }): { state: State; result: R } => {
  if (isRefusal(outcome)) throw new Error(outcome.message);
  return outcome as { state: State; result: R };
};

describe('moves of VMs that are not running', () => {
  it('a paused VM moves cold: its memory over the link (4 GiB + 1 MiB at 125 MB/s = 34.37 s), no downtime added, paused on the target', () => {
    const paused = take(transitionVm(migrationLab(), 'db', 'pause')).state;
    const { state, result } = take(migrateVms(paused, { vms: ['db'], to: 'dst', mode: 'cold', preset: 'qemu', overrides: {} }));
    const t = result.migrations[0]!;
    expect(t.totalTimeSec).toBeCloseTo((4 * 2 ** 30 + 2 ** 20) / 125e6, 9);
    expect(t.downtimeMs).toBe(0);
    expect(t.stages.map((s) => s.vmState)).toEqual(Array(6).fill('paused'));
    expect(state.vms.find((v) => v.name === 'db')).toMatchObject({ host: 'dst', state: 'paused' });
  });
  it('a paused VM\'s SLA is not broken by a cold move (it serves nobody)', () => {
    const paused = take(transitionVm(migrationLab(), 'strict', 'pause')).state;
    const outcome = migrateVms(paused, { vms: ['strict'], to: 'dst', mode: 'cold', preset: 'qemu', overrides: {} });
    expect(isRefusal(outcome)).toBe(false);
  });
  it('a suspended VM moves its saved image (the same bytes, the same time) and resumes on the target', () => {
    const suspended = take(transitionVm(migrationLab(), 'db', 'suspend')).state;
    const { state, result } = take(migrateVms(suspended, { vms: ['db'], to: 'dst', mode: 'cold', preset: 'qemu', overrides: {} }));
    expect(result.migrations[0]!.stages.map((s) => s.vmState)).toEqual(Array(6).fill('suspended'));
    expect(result.migrations[0]!.notes[0]).toMatch(/saved memory image is copied to the target/);
    expect(state.clockSec - suspended.clockSec).toBeCloseTo((4 * 2 ** 30 + 2 ** 20) / 125e6, 9);
    const resumed = take(transitionVm(state, 'db', 'resume'));
    expect(resumed.result).toMatchObject({ host: 'dst', previousHost: null });
  });
  it.each([
    ['paused', 'live', 'dcctl vm migrate db --to dst --mode cold (it stays paused there)'],
    ['suspended', 'postcopy', 'dcctl vm migrate db --to dst --mode cold (it copies the saved memory image; the VM stays suspended there)'],
    ['suspended', 'offline', 'dcctl vm migrate db --to dst --mode cold (it copies the saved memory image; the VM stays suspended there)'],
  ] as const)('a %s VM asked to move %s is told the command that works', (vmState, mode, hint) => {
    const state = take(transitionVm(migrationLab(), 'db', vmState === 'paused' ? 'pause' : 'suspend')).state;
    const refused = migrateVms(state, { vms: ['db'], to: 'dst', mode, preset: 'qemu', overrides: {} });
    expect(isRefusal(refused) && refused.hint).toBe(hint);
  });
});

describe('placement hints follow the refusing filter', () => {
  const lab = labDc().datacenter!;
  const dc = { ...lab, hosts: lab.hosts.map((h) => (h.name === 'a2-3' ? { ...h, state: 'off' as const } : h)) };
  const vm = { name: 'x', tenant: 'acme', group: null };
  it.each([
    [[{ host: 'a2-3', filter: 'host-state', reason: 'host is powered off' }], 'a2-3', /dcctl host power on a2-3/],
    [[{ host: 'b1-1', filter: 'tenancy', reason: 'private tenant acme runs only on its clusters (rack-a), not rack-b' }], 'b1-1', /^tenant acme \(private\) may not run on b1-1: .*\(clusters rack-a\); or leave --host b1-1 out/],
    [[{ host: 'c1', filter: 'hypervisor', reason: 'host runs docker' }], 'c1', /the hypervisor of c1 cannot run this VM/],
    [[{ host: 'a1', filter: 'capacity', reason: 'needs more' }, { host: 'b1-1', filter: 'tenancy', reason: 'no' }, { host: 'b1-1', filter: 'capacity', reason: 'no' }], null, /^a1 is refused on capacity alone: free capacity/],
  ])('%j', (rejections, onlyHost, hint) => {
    expect(placementHint(rejections, dc, vm, onlyHost)).toMatch(hint);
  });
});

describe('a state from outside is held to the rules every command keeps', () => {
  const good = labDc();
  it('a state a command wrote has no problems', () => {
    expect(stateProblems(good)).toEqual([]);
  });
  it.each([
    ['a VM twice', (s: State) => ({ ...s, vms: [...s.vms, s.vms[0]!] }), ['vms', 6, 'name'], /VM web-1 appears twice/],
    ['a VM on an unknown host', (s: State) => ({ ...s, vms: s.vms.map((v, i) => (i === 0 ? { ...v, host: 'zz' } : v)) }), ['vms', 0, 'host'], /not defined/],
    ['a running VM on no host', (s: State) => ({ ...s, vms: s.vms.map((v, i) => (i === 0 ? { ...v, host: null } : v)) }), ['vms', 0, 'host'], /active but on no host/],
    ['a host over its vCPU limit', (s: State) => ({ ...s, vms: s.vms.map((v, i) => (i === 0 ? { ...v, cpus: 1000 } : v)) }), ['datacenter', 'hosts', 0], /1000 vCPUs, over its limit of 128/],
    ['a wrong hypervisor combination', (s: State) => ({ ...s, datacenter: { ...s.datacenter!, hosts: s.datacenter!.hosts.map((h, i) => (i === 0 ? { ...h, hypervisor: { ...h.hypervisor, type: 2 as const } } : h)) } }), ['datacenter', 'hosts', 0, 'hypervisor'], /xen is a type 1 hypervisor/],
    ['an event id at nextEventId', (s: State) => ({ ...s, nextEventId: 1 }), ['events', 0, 'id'], /not below nextEventId/],
  ])('%s', (_what, edit, path, message) => {
    const problems = stateProblems(edit(good));
    expect(problems[0]!.path).toEqual(path);
    expect(problems[0]!.message).toMatch(message);
  });
});

describe('no redundant moves of identical VMs', () => {
  const vm = (name: string): Vm => running(spec(name, 2, 2), 'x');
  const accept = () => true;
  it('A: X -> Y while B: Y -> Z (identical) is one move A: X -> Z', () => {
    const [a, b] = [vm('a'), vm('b')];
    const moves: IndexedMove[] = [{ vm: a, from: 0, to: 1, why: 'to y' }, { vm: b, from: 1, to: 2, why: 'to z' }];
    expect(withoutRedundantMoves(moves, () => 'same', accept)).toEqual([{ vm: a, from: 0, to: 2, why: 'to z' }]);
  });
  it('a swap of two identical VMs is no move at all; different VMs keep their swap', () => {
    const [a, b] = [vm('a'), vm('b')];
    const swap: IndexedMove[] = [{ vm: a, from: 0, to: 1, why: '' }, { vm: b, from: 1, to: 0, why: '' }];
    expect(withoutRedundantMoves(swap, () => 'same', accept)).toEqual([]);
    expect(withoutRedundantMoves(swap, (m) => m.vm.name, accept)).toEqual(swap);
  });
  it('a re-paired move the SLA forbids keeps the class as planned', () => {
    const [a, b] = [vm('a'), vm('b')];
    const moves: IndexedMove[] = [{ vm: a, from: 0, to: 1, why: '' }, { vm: b, from: 1, to: 2, why: '' }];
    expect(withoutRedundantMoves(moves, () => 'same', (_v, from, to) => !(from === 0 && to === 2))).toEqual(moves);
  });
  it('the fewest moves to reach k active hosts empty the hosts with the fewest VMs (6 hosts with 3, 6 with 2, down to 5: 6 x 2 + 3 = 15)', () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `        - { name: h${i}, cpu: { cores: 16 }, memory: 64GiB }`).join('\n');
    const vms = Array.from({ length: 30 }, (_, i) => `    - { name: v${i}, cpus: 4, memory: 4GiB, host: h${i % 12}, workload: { cpu: 50% } }`).join('\n');
    const state = stateFrom(dcYaml(`  clusters:\n    - name: c\n      hypervisor: { product: kvm }\n      hosts:\n${hosts}\n  vms:\n${vms}\n`));
    expect(fewestMovesFor(state, 5)).toBe(15);
    expect(fewestMovesFor(state, 12)).toBe(0);
  });
});

describe('an executed plan whose migration aborted has moves undone', () => {
  it('the VM that cannot converge stays on its source and is listed', () => {
    const state = migrationLab();
    const plan: Plan = {
      strategy: 'hand-written', moves: [{ vm: 'hot', from: 'src', to: 'dst', mode: 'live', reason: 'test', predictedTimeSec: 0, predictedDowntimeMs: 0 }],
      before: {} as Plan['before'], after: {} as Plan['after'], hostsFreed: [], hostsPoweredOff: [], hostsEmptyBefore: [], lowerBoundHosts: 0, movesLowerBound: null, makespanSec: 0, kept: [], warnings: [],
    };
    const { state: next, result } = take(executePlan(state, plan, 2, new Map(), 'test'));
    expect(result.movesUndone).toEqual([{ vm: 'hot', from: 'src', to: 'dst', reason: expect.stringMatching(/aborted \(timeout\); hot stays on src/) }]);
    expect(next.vms.find((v) => v.name === 'hot')!.host).toBe('src');
  });
});

describe('virtualization overhead cites the hypervisor\'s own I/O path', () => {
  it('Xen paravirtual I/O is netfront/netback, not KVM virtio', () => {
    expect(ioPath('vm', 'paravirtual', 'xen')).toMatchObject({ networkThroughput: 0.39, source: expect.stringMatching(/Xen netfront/) });
    expect(ioPath('vm', 'paravirtual', 'kvm').source).toMatch(/virtio/);
    expect(ioPath('vm', 'paravirtual', 'esxi').source).toMatch(/no same-hardware measurement of esxi's vmxnet3/);
  });
});
