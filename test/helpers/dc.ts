import type { LoadedDatacenter } from '../../src/config/load.js';
import { loadDatacenter } from '../../src/config/load.js';
import { applyDatacenter } from '../../src/core/apply.js';
import { isRefusal } from '../../src/core/errors.js';
import type { Vm, VmSpec } from '../../src/core/model.js';
import type { State } from '../../src/core/state.js';
import { emptyState } from '../../src/core/state.js';
import { GiB } from '../../src/core/units.js';

export function load(yaml: string, file = 'test.yaml'): LoadedDatacenter {
  return loadDatacenter(Buffer.from(yaml), file);
}

/** A state with the file applied; fails the test on a refusal. */
export function stateFrom(yaml: string): State {
  const outcome = applyDatacenter(emptyState(), load(yaml));
  if (isRefusal(outcome)) throw new Error(`apply refused: ${outcome.message}`);
  return outcome.state;
}

/** A YAML datacenter with the given clusters block (indented under spec:). */
export function dcYaml(body: string, defaults = '{ overhead: none, overcommit: { cpu: 2, memory: 1 } }'): string {
  return `apiVersion: dcctl/v1\nkind: Datacenter\nmetadata: { name: t }\nspec:\n  defaults: ${defaults}\n${body}`;
}

export function spec(name: string, cpus: number, memoryGiB: number, extra: Partial<VmSpec> = {}): VmSpec {
  return {
    name, tenant: null, kind: 'vm', cpus, memoryBytes: memoryGiB * GiB, io: 'paravirtual',
    guest: { os: 'linux', arch: null, paravirtualized: true },
    workload: { cpu: 0, profile: 'compute', dirtyRateBytesPerSec: null, workingSetBytes: null },
    sla: { maxDowntimeSec: null }, group: null, requestedHost: null, pinned: false, ...extra,
  };
}

export function running(s: VmSpec, host: string, state: Vm['state'] = 'active'): Vm {
  return { ...s, state, host, origin: 'cli', createdAtSec: 0 };
}

/** Three KVM hosts: h1 4 cores/16 GiB, h2 8 cores/32 GiB, h3 4 cores/8 GiB; cpu overcommit 2, no overhead. */
export const THREE_HOSTS = dcYaml(`  clusters:
    - name: r1
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 4 }, memory: 16GiB }
        - { name: h2, cpu: { cores: 8 }, memory: 32GiB }
        - { name: h3, cpu: { cores: 4 }, memory: 8GiB }
`);

/** One KVM cluster `r` (dcYaml's defaults) with these host and VM entries, each a YAML flow map. */
export function kvmRack(hosts: readonly string[], vms: readonly string[] = []): string {
  const list = (indent: string, items: readonly string[]) => items.map((item) => `${indent}- ${item}\n`).join('');
  return dcYaml(`  clusters:\n    - name: r\n      hypervisor: { product: kvm }\n      hosts:\n${list('        ', hosts)}${vms.length ? `  vms:\n${list('    ', vms)}` : ''}`);
}

/**
 * Three hosts of 2 cores (4 vCPUs at overcommit 2): h1 full with x and y, h2 full with z and w (2
 * vCPUs, 1 GiB each), h3 empty. `hosts` adds host entries; `vm` adds keys to a VM's entry.
 */
export function twoFullHosts(options: { hosts?: readonly string[]; vm?: Record<string, string> } = {}): string {
  const host = (name: string) => `{ name: ${name}, cpu: { cores: 2 }, memory: 8GiB }`;
  const vm = (name: string, on: string) => `{ name: ${name}, cpus: 2, memory: 1GiB, host: ${on}${options.vm?.[name] ? `, ${options.vm[name]}` : ''} }`;
  return kvmRack([host('h1'), host('h2'), host('h3'), ...(options.hosts ?? [])], [vm('x', 'h1'), vm('y', 'h1'), vm('z', 'h2'), vm('w', 'h2')]);
}
