import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/core/apply.js';
import { applyDatacenter } from '../../src/core/apply.js';
import { isRefusal } from '../../src/core/errors.js';
import type { State } from '../../src/core/state.js';
import { GiB } from '../../src/core/units.js';
import { createVm } from '../../src/core/vm-ops.js';
import { dcYaml, load, spec, stateFrom } from '../helpers/dc.js';

const hosts = (extra = '', memory = '32GiB') => dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 8 }, memory: ${memory} }
        - { name: h2, cpu: { cores: 8 }, memory: 32GiB }
${extra}  vms:
    - { name: v1, cpus: 2, memory: 4GiB, host: h1 }
    - { name: v2, cpus: 2, memory: 4GiB }
`, '{ overhead: none, placement: first-fit }');

function reapply(state: State, yaml: string, options = {}): { state: State; result: ApplyResult } {
  const outcome = applyDatacenter(state, load(yaml), options);
  if (isRefusal(outcome)) throw new Error(outcome.message);
  return outcome;
}

describe('dc apply', () => {
  const first = stateFrom(hosts());

  it('first apply places the declared VMs and logs events', () => {
    expect(first.vms.map((v) => [v.name, v.host, v.state, v.origin])).toEqual([['v1', 'h1', 'active', 'file'], ['v2', 'h1', 'active', 'file']]);
    expect(first.events.map((e) => e.type)).toEqual(['dc-applied', 'vm-created', 'vm-created']);
  });

  it('re-applying the same file changes nothing', () => {
    const { result, state } = reapply(first, hosts());
    expect(result.changes).toEqual([]);
    expect(state.vms).toEqual(first.vms);
  });

  it('a host state set by a command survives re-applying the same file; a changed file wins', () => {
    // h2 put in maintenance by `host maintenance enter` (empty host: the state is all that changes)
    const commanded: State = { ...first, datacenter: { ...first.datacenter!, hosts: first.datacenter!.hosts.map((h) => (h.name === 'h2' ? { ...h, state: 'maintenance' as const } : h)) } };
    const same = reapply(commanded, hosts());
    expect(same.state.datacenter!.hosts.find((h) => h.name === 'h2')!.state).toBe('maintenance');
    expect(same.result.changes).toEqual([]);
    // the file now declares h2 off: that is a change of the file, and it applies
    const edited = hosts().replace('{ name: h2, cpu: { cores: 8 }, memory: 32GiB }', '{ name: h2, cpu: { cores: 8 }, memory: 32GiB, state: off }');
    const changed = reapply(same.state, edited);
    expect(changed.state.datacenter!.hosts.find((h) => h.name === 'h2')!.state).toBe('off');
    expect(changed.state.declaredHostStates).toMatchObject({ h1: 'on', h2: 'off' });
  });

  it('shows a field diff for a changed host and an added host', () => {
    const { result } = reapply(first, hosts('        - { name: h3, cpu: { cores: 4 }, memory: 8GiB }\n', '64GiB'));
    expect(result.changes.filter((c) => c.kind === 'cluster')).toEqual([
      { kind: 'cluster', name: 'r', action: 'change', fields: [{ field: 'hosts', path: 'hosts', before: '["h1","h2"]', after: '["h1","h2","h3"]' }] },
    ]);
    expect(result.changes.filter((c) => c.kind === 'host')).toEqual([
      { kind: 'host', name: 'h1', action: 'change', fields: [{ field: 'memory', path: 'memoryBytes', before: 32 * GiB, after: 64 * GiB }] },
      { kind: 'host', name: 'h3', action: 'add', fields: [] },
    ]);
  });

  it('refuses to remove a host that carries VMs without --force, and changes nothing', () => {
    const without = hosts().replace('        - { name: h1, cpu: { cores: 8 }, memory: 32GiB }\n', '').replace(', host: h1', '');
    const outcome = applyDatacenter(first, load(without));
    expect(isRefusal(outcome) && outcome.code).toBe('hosts-carry-vms');
    expect(isRefusal(outcome) && outcome.message).toBe('h1 would be removed or powered off but carries 2 VM(s): v1, v2');
  });

  it('with --force the VMs of a removed host are placed again and nothing is lost', () => {
    const without = hosts().replace('        - { name: h1, cpu: { cores: 8 }, memory: 32GiB }\n', '').replace(', host: h1', '');
    const { state, result } = reapply(first, without, { force: true });
    expect(state.vms.map((v) => [v.name, v.host, v.state])).toEqual([['v1', 'h2', 'active'], ['v2', 'h2', 'active']]);
    expect(result.changes.find((c) => c.kind === 'host')).toEqual({ kind: 'host', name: 'h1', action: 'remove', fields: [] });
  });

  it('keeps a VM dropped from the file unless --prune', () => {
    const dropped = hosts().replace('    - { name: v2, cpus: 2, memory: 4GiB }\n', '');
    expect(reapply(first, dropped).result.kept).toEqual(['v2']);
    expect(reapply(first, dropped).state.vms).toHaveLength(2);
    const pruned = reapply(first, dropped, { prune: true });
    expect(pruned.state.vms.map((v) => v.name)).toEqual(['v1']);
  });

  it('leaves CLI-created VMs alone', () => {
    const created = createVm(first, spec('cli-1', 1, 1));
    if (isRefusal(created)) throw new Error(created.message);
    const { state, result } = reapply(created.state, hosts());
    expect(state.vms.map((v) => v.name)).toContain('cli-1');
    expect(result.kept).toEqual([]);
  });

  it('refuses a definition that puts a host over its limits', () => {
    const shrunk = hosts('', '4GiB');
    const outcome = applyDatacenter(first, load(shrunk));
    expect(isRefusal(outcome) && outcome.code).toBe('over-limits');
  });

  it('refuses when a declared VM does not fit, with the hosts\' reasons', () => {
    const outcome = applyDatacenter(first, load(`${hosts()}    - { name: v3, cpus: 2, memory: 40GiB }\n`));
    expect(isRefusal(outcome) && outcome.message).toBe('cannot place v3: no host fits (2 hosts rejected it)');
  });

  it('refuses a changed VM that no longer fits where it runs', () => {
    const outcome = applyDatacenter(first, load(hosts().replace('v2, cpus: 2, memory: 4GiB', 'v2, cpus: 2, memory: 40GiB')));
    expect(isRefusal(outcome) && outcome.message).toBe('v2 as now declared no longer fits on h1');
  });
});
