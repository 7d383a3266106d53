import { Flags } from '@oclif/core';
import { GROUP_RULES, ENFORCEMENTS, IO_MODES, VM_KINDS, WORKLOAD_PROFILES } from './core/model.js';
import { POLICY_NAMES } from './core/placement/policies.js';

/** Flags that describe a VM's shape, shared by `vm create` and `multiplex`. */
export const vmShapeFlags = {
  cpus: Flags.integer({ description: 'vCPUs', min: 1, max: 1024 }),
  memory: Flags.string({ description: 'memory, e.g. 4GiB or 512MiB' }),
  tenant: Flags.string({ description: 'tenant (its deployment model decides where the VM may run)' }),
  kind: Flags.option({ description: 'vm (hardware level), container (OS level), emulated (ISA level)', options: VM_KINDS })(),
  io: Flags.option({ description: 'I/O path: emulated devices, paravirtual split drivers, or passthrough (direct I/O)', options: IO_MODES })(),
  os: Flags.string({ description: 'guest OS family (default linux)' }),
  arch: Flags.string({ description: 'guest instruction set (default: the host\'s)' }),
  paravirtualized: Flags.boolean({ description: 'guest kernel uses hypercalls (default: yes for linux)', allowNo: true }),
  'workload-cpu': Flags.string({ description: 'share of its vCPUs the VM keeps busy, e.g. 40%' }),
  profile: Flags.option({ description: 'workload profile (changes virtualization efficiency)', options: WORKLOAD_PROFILES })(),
  'dirty-rate': Flags.string({ description: 'memory dirty rate for live migration, e.g. 40MiB/s' }),
  'working-set': Flags.string({ description: 'writable working set, e.g. 512MiB' }),
  'max-downtime': Flags.string({ description: 'SLA: longest tolerated migration downtime, e.g. 300ms' }),
};

export const placementFlags = {
  host: Flags.string({ description: 'place on this host only' }),
  policy: Flags.option({ description: 'placement policy (default: the datacenter\'s)', options: POLICY_NAMES })(),
  group: Flags.string({ description: 'affinity group name' }),
  'group-rule': Flags.option({ description: 'rule of the group', options: GROUP_RULES, default: 'anti-affinity' })(),
  enforcement: Flags.option({ description: 'must (filter) or should (preference)', options: ENFORCEMENTS })(),
  pinned: Flags.boolean({ description: 'never move the VM from --host' }),
};
