import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import type { VmFlagValues } from '../config/vm-flags.js';
import { badInput } from '../core/errors.js';
import type { FailureHeadroom, Headroom } from '../core/placement/headroom.js';
import { failureHeadroom, headroom } from '../core/placement/headroom.js';
import { memoryFootprintBytes } from '../core/placement/capacity.js';
import { didYouMean } from '../core/text.js';
import { defaultPolicy } from '../core/vm-ops.js';
import { checkFlavor, flavorFromFlags } from '../flavor.js';
import { placementFlags, vmShapeFlags } from '../flags.js';
import { renderCapacity } from '../render/capacity.js';

export interface CapacityResult extends Headroom {
  flavor: { cpus: number; memoryBytes: number; tenant: string | null; kind: string; io: string; group: { name: string; rule: string; enforcement: string } | null };
  cluster: string | null;
  failures?: FailureHeadroom;
}

export default class Capacity extends DcctlCommand<typeof Capacity> {
  static override summary = 'How many more VMs of a shape fit now, per host, per cluster and in total (the filters of vm create), and whether clusters survive K host failures';
  static override examples = [
    '<%= config.bin %> capacity --cpus 2 --memory 4GiB --tenant globex',
    '<%= config.bin %> capacity --cpus 4 --memory 8GiB --failures 1 --json',
  ];
  static override flags = {
    ...vmShapeFlags,
    group: placementFlags.group,
    'group-rule': placementFlags['group-rule'],
    enforcement: placementFlags.enforcement,
    policy: placementFlags.policy,
    cluster: Flags.string({ description: 'count only the hosts of this cluster' }),
    failures: Flags.integer({ description: 'N+K: can every cluster restart the VMs of any K failed hosts on its others, and how many of the shape fit while it can', min: 1, max: 16 }),
  };

  async run(): Promise<CapacityResult> {
    const f = this.flags;
    const flavor = flavorFromFlags('capacity', 'flavor', { ...(f as VmFlagValues) });
    const state = await this.store().read();
    const dc = checkFlavor(state, flavor);
    const cluster = f.cluster ?? null;
    if (cluster && !dc.clusters.some((c) => c.name === cluster)) throw badInput('unknown-cluster', `--cluster ${cluster}: no cluster named ${cluster}`, didYouMean(cluster, dc.clusters.map((c) => c.name)), { flag: '--cluster' });
    const result = await this.spin('counting room', async () => {
      const policy = f.policy ?? defaultPolicy(dc);
      const room = headroom(dc, state.vms, flavor, { cluster, policy, cursor: state.placementCursor });
      const failures = f.failures === undefined ? undefined
        : failureHeadroom(dc, state.vms, flavor, f.failures, room.total, policy, state.placementCursor, cluster);
      const { cpus, memoryBytes, tenant, kind, io, group } = flavor;
      return { flavor: { cpus, memoryBytes, tenant, kind, io, group }, cluster, ...room, ...(failures ? { failures } : {}) };
    });
    this.show(() => renderCapacity(result, (host) => memoryFootprintBytes(flavor, dc.hosts.find((h) => h.name === host)!, dc)));
    return result;
  }
}
