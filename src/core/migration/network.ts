import type { Datacenter, Host } from '../model.js';

/**
 * Numbers the resources migrations cross in a datacenter, for the engine: the source NIC
 * (sending), the target NIC (receiving), and the link between them: an explicit network.links
 * entry naming the two hosts or their clusters, else network.bandwidth (shared by all flows of
 * that host pair inside a cluster, or of that cluster pair across clusters).
 */
export class NetworkIndex {
  /** Resource number -> bytes per second. */
  readonly capacity = new Map<number, number>();
  private readonly nicOut = new Map<Host, number>();
  private readonly nicIn = new Map<Host, number>();
  private readonly hostPairs = new Map<Host, Map<Host, number>>();
  private readonly links = new Map<string, number>();

  constructor(private readonly dc: Datacenter) {}

  private add(bytesPerSec: number): number {
    const id = this.capacity.size;
    this.capacity.set(id, bytesPerSec);
    return id;
  }

  private nic(table: Map<Host, number>, host: Host): number {
    let id = table.get(host);
    if (id === undefined) {
      id = this.add(host.nicBytesPerSec);
      table.set(host, id);
    }
    return id;
  }

  private link(from: Host, to: Host): number {
    const explicit = this.dc.network.links.length > 0 ? explicitLink(this.dc, from, to) : undefined;
    if (explicit || from.cluster !== to.cluster) {
      const [a, b] = explicit ? explicit.between : [from.cluster, to.cluster];
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      let id = this.links.get(key);
      if (id === undefined) {
        id = this.add(explicit ? explicit.bytesPerSec : this.dc.network.bandwidthBytesPerSec);
        this.links.set(key, id);
      }
      return id;
    }
    const [a, b] = from.name < to.name ? [from, to] : [to, from];
    let row = this.hostPairs.get(a);
    if (!row) {
      row = new Map();
      this.hostPairs.set(a, row);
    }
    let id = row.get(b);
    if (id === undefined) {
      id = this.add(this.dc.network.bandwidthBytesPerSec);
      row.set(b, id);
    }
    return id;
  }

  /** The resources of a migration from `from` to `to`, and its nominal bandwidth (the narrowest). */
  path(from: Host, to: Host): { resources: number[]; nominalBytesPerSec: number } {
    const resources = [this.nic(this.nicOut, from), this.nic(this.nicIn, to), this.link(from, to)];
    return { resources, nominalBytesPerSec: Math.min(...resources.map((r) => this.capacity.get(r)!)) };
  }
}

/** The network.links entry naming the two hosts or their clusters, if any. */
function explicitLink(dc: Datacenter, from: Host, to: Host): Datacenter['network']['links'][number] | undefined {
  return dc.network.links.find((l) => {
    const [a, b] = l.between;
    return (a === from.name && b === to.name) || (a === to.name && b === from.name)
      || (a === from.cluster && b === to.cluster) || (a === to.cluster && b === from.cluster);
  });
}

/** The nominal bandwidth of migrationPath(dc, from, to): its narrowest resource (no ids built). */
export function pathBandwidth(dc: Datacenter, from: Host, to: Host): number {
  const link = dc.network.links.length > 0 ? explicitLink(dc, from, to)?.bytesPerSec ?? dc.network.bandwidthBytesPerSec : dc.network.bandwidthBytesPerSec;
  return Math.min(from.nicBytesPerSec, to.nicBytesPerSec, link);
}

/** A resource: a name, or a number from a NetworkIndex. */
export type ResourceId = string | number;

export interface Flow {
  resources: readonly ResourceId[];
  /** The flow's own limit (--bandwidth, Xen's adaptive rate); Infinity for none. */
  capBytesPerSec: number;
}

/**
 * Max-min fair shares by progressive filling (as SimGrid's network model and TCP flows on a
 * bottleneck approximate): repeatedly find the resource whose remaining capacity split among its
 * unfrozen flows is smallest, give those flows that share, and remove them.
 */
export function maxMinShares(flows: readonly Flow[], capacity: ReadonlyMap<ResourceId, number>): Float64Array {
  const shares = new FairShares(flows.map((f) => f.resources), capacity);
  return shares.rates(flows.map((_f, i) => i), flows.map((f) => f.capBytesPerSec)).slice();
}

/**
 * maxMinShares for a fixed set of flows of which some are active at a time (the migration
 * engine): resources are numbered once, and each call works on scratch arrays.
 */
export class FairShares {
  private readonly paths: Int32Array[];
  private readonly capacity: Float64Array;
  private readonly remaining: Float64Array;
  private readonly unfrozen: Int32Array;
  private readonly saturated: Uint8Array;
  /** Resources in the order first used by the active flows. */
  private readonly used: number[] = [];

  constructor(paths: readonly (readonly ResourceId[])[], capacity: ReadonlyMap<ResourceId, number>) {
    const ids = new Map<ResourceId, number>();
    const capacities: number[] = [];
    this.paths = paths.map((path) => {
      const numbered = new Int32Array(path.length);
      for (let k = 0; k < path.length; k++) {
        const r = path[k]!;
        let id = ids.get(r);
        if (id === undefined) {
          id = ids.size;
          ids.set(r, id);
          capacities.push(capacity.get(r) ?? 0);
        }
        numbered[k] = id;
      }
      return numbered;
    });
    this.capacity = Float64Array.from(capacities);
    this.remaining = new Float64Array(capacities.length);
    this.unfrozen = new Int32Array(capacities.length);
    this.saturated = new Uint8Array(capacities.length);
  }

  private rateBuffer = new Float64Array(0);
  private frozenBuffer = new Uint8Array(0);

  /**
   * Rates of the flows `active` (indices into the paths), whose own caps are `caps` (Infinity:
   * none). The array returned is reused by the next call.
   */
  rates(active: readonly number[], caps: readonly number[]): Float64Array {
    const { paths, remaining, unfrozen, saturated, used } = this;
    if (this.rateBuffer.length < active.length) {
      this.rateBuffer = new Float64Array(Math.max(active.length, 2 * this.rateBuffer.length));
      this.frozenBuffer = new Uint8Array(this.rateBuffer.length);
    }
    const rates = this.rateBuffer.subarray(0, active.length).fill(0);
    used.length = 0;
    for (const f of active) {
      for (const r of paths[f]!) {
        if (unfrozen[r] === 0) {
          used.push(r);
          remaining[r] = this.capacity[r]!;
        }
        unfrozen[r]!++;
      }
    }
    const frozen = this.frozenBuffer.subarray(0, active.length).fill(0);
    let left = active.length;
    while (left > 0) {
      let bottleneck = Infinity;
      for (const r of used) if (unfrozen[r]! > 0) bottleneck = Math.min(bottleneck, remaining[r]! / unfrozen[r]!);
      // A flow's own cap is a resource only it uses.
      for (let k = 0; k < active.length; k++) if (!frozen[k]) bottleneck = Math.min(bottleneck, caps[k]!);
      if (!Number.isFinite(bottleneck)) bottleneck = 0;
      const tolerance = bottleneck * 1e-12;
      for (const r of used) saturated[r] = unfrozen[r]! > 0 && remaining[r]! / unfrozen[r]! <= bottleneck + tolerance ? 1 : 0;
      for (let k = 0; k < active.length; k++) {
        if (frozen[k]) continue;
        const path = paths[active[k]!]!;
        if (caps[k]! > bottleneck + tolerance && !path.some((r) => saturated[r] === 1)) continue;
        frozen[k] = 1;
        left--;
        rates[k] = bottleneck;
        for (const r of path) {
          remaining[r] = Math.max(0, remaining[r]! - bottleneck);
          unfrozen[r]!--;
        }
      }
    }
    for (const r of used) {
      unfrozen[r] = 0;
      saturated[r] = 0;
    }
    return rates;
  }
}
