import type { Datacenter, Host } from '../model.js';

/** A shared capacity: a NIC direction, a link, or one flow's own rate limit. */
export interface NetResource {
  id: string;
  bytesPerSec: number;
}

/**
 * The resources a migration from `from` to `to` crosses: the source NIC (sending), the target NIC
 * (receiving), and the link between them: an explicit network.links entry naming the two hosts or
 * their clusters, else network.bandwidth (shared by all flows of that host pair inside a cluster,
 * or of that cluster pair across clusters).
 */
export function migrationPath(dc: Datacenter, from: Host, to: Host): NetResource[] {
  const pair = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const explicit = dc.network.links.find((l) => {
    const [a, b] = l.between;
    return (a === from.name && b === to.name) || (a === to.name && b === from.name)
      || (a === from.cluster && b === to.cluster) || (a === to.cluster && b === from.cluster);
  });
  const link: NetResource = explicit
    ? { id: `link:${pair(explicit.between[0], explicit.between[1])}`, bytesPerSec: explicit.bytesPerSec }
    : from.cluster === to.cluster
      ? { id: `path:${pair(from.name, to.name)}`, bytesPerSec: dc.network.bandwidthBytesPerSec }
      : { id: `link:${pair(from.cluster, to.cluster)}`, bytesPerSec: dc.network.bandwidthBytesPerSec };
  return [
    { id: `nic-out:${from.name}`, bytesPerSec: from.nicBytesPerSec },
    { id: `nic-in:${to.name}`, bytesPerSec: to.nicBytesPerSec },
    link,
  ];
}

export interface Flow {
  resources: readonly string[];
  /** The flow's own limit (--bandwidth, Xen's adaptive rate); Infinity for none. */
  capBytesPerSec: number;
}

/**
 * Max-min fair shares by progressive filling (as SimGrid's network model and TCP flows on a
 * bottleneck approximate): repeatedly find the resource whose remaining capacity split among its
 * unfrozen flows is smallest, give those flows that share, and remove them.
 */
export function maxMinShares(flows: readonly Flow[], capacity: ReadonlyMap<string, number>): Float64Array {
  const rates = new Float64Array(flows.length);
  const remaining = new Map<string, number>();
  const users = new Map<string, number[]>();
  flows.forEach((flow, i) => {
    for (const r of flow.resources) {
      const list = users.get(r);
      if (list) list.push(i);
      else {
        users.set(r, [i]);
        remaining.set(r, capacity.get(r) ?? 0);
      }
    }
  });
  const frozen = new Uint8Array(flows.length);
  const unfrozenCount = new Map<string, number>();
  for (const [r, list] of users) unfrozenCount.set(r, list.length);
  let left = flows.length;
  while (left > 0) {
    let bottleneck = Infinity;
    for (const [r, count] of unfrozenCount) {
      if (count > 0) bottleneck = Math.min(bottleneck, remaining.get(r)! / count);
    }
    // A flow's own cap is a resource only it uses.
    for (let i = 0; i < flows.length; i++) if (!frozen[i]) bottleneck = Math.min(bottleneck, flows[i]!.capBytesPerSec);
    if (!Number.isFinite(bottleneck)) bottleneck = 0;
    const tolerance = bottleneck * 1e-12;
    const saturated = new Set<string>();
    for (const [r, count] of unfrozenCount) if (count > 0 && remaining.get(r)! / count <= bottleneck + tolerance) saturated.add(r);
    for (let i = 0; i < flows.length; i++) {
      if (frozen[i]) continue;
      const flow = flows[i]!;
      if (flow.capBytesPerSec > bottleneck + tolerance && !flow.resources.some((r) => saturated.has(r))) continue;
      frozen[i] = 1;
      left--;
      rates[i] = bottleneck;
      for (const r of flow.resources) {
        remaining.set(r, Math.max(0, remaining.get(r)! - bottleneck));
        unfrozenCount.set(r, unfrozenCount.get(r)! - 1);
      }
    }
  }
  return rates;
}
