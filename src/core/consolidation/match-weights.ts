import type { Vm } from '../model.js';

/** Hosts per class of identical VMs, and per bin, that a bin may be matched to beyond its members' own hosts. */
const TOP_HOSTS_PER_CLASS = 16;
const EXTRA_CANDIDATES = 16;

export interface BinHostPair {
  bin: number;
  host: number;
  /** Bytes of VM memory the bin keeps in place if it is handed to this host. */
  bytes: number;
}

/** Positions grouped by a key (compressed rows): members of key g are order[start[g] .. start[g + 1]). */
function groupBy(keys: Int32Array, groups: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (const g of keys) start[g + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, groups);
  const order = new Int32Array(keys.length);
  keys.forEach((g, k) => (order[fill[g]!++] = k));
  return { start, order };
}

/**
 * Candidate (bin, host) pairs for handing a re-packed bin to a host, weighted by the memory that
 * stays in place. Identical VMs are interchangeable, so a bin keeps in place, on a host, as many
 * VMs of each class as both hold, whichever of them the greedy pass put in the bin. Candidates
 * are the hosts the bin's members are on today and, for a class the bin holds more than once,
 * the hosts holding most of that class (bounded). `eligible(bin, host)` says whether the host
 * may take the bin (interchangeable, not holding fixed VMs).
 */
export function binHostPairs(movable: readonly Vm[], classOf: Int32Array, classes: number, currentOf: Int32Array, hosts: number,
  bins: ReadonlyMap<number, readonly number[]>, eligible: (bin: number, host: number) => boolean): BinHostPair[] {
  const byHost = groupBy(currentOf, hosts);
  const byClass = groupBy(classOf, classes);
  const topOf = new Map<number, number[]>();
  /** The hosts holding most VMs of class c today (computed for the classes a bin repeats). */
  const topHosts = (c: number): number[] => {
    let top = topOf.get(c);
    if (!top) {
      const count = new Map<number, number>();
      for (let i = byClass.start[c]!; i < byClass.start[c + 1]!; i++) {
        const h = currentOf[byClass.order[i]!]!;
        count.set(h, (count.get(h) ?? 0) + 1);
      }
      top = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a - b).slice(0, TOP_HOSTS_PER_CLASS);
      topOf.set(c, top);
    }
    return top;
  };
  // Scratch per class: VMs of the class in the bin, and those matched on the host being weighed.
  const inBin = new Int32Array(classes);
  const matched = new Int32Array(classes);
  const pairs: BinHostPair[] = [];
  for (const [bin, members] of bins) {
    const candidates = new Set<number>();
    for (const k of members) {
      inBin[classOf[k]!]!++;
      candidates.add(currentOf[k]!);
    }
    // Beyond the members' hosts, at most EXTRA_CANDIDATES hosts holding most of the classes the
    // bin repeats, its most repeated classes first.
    const repeated = [...new Set(members.map((k) => classOf[k]!))].filter((c) => inBin[c]! > 1).sort((a, b) => inBin[b]! - inBin[a]! || a - b);
    let extra = 0;
    for (const c of repeated) {
      for (const h of topHosts(c)) {
        if (extra >= EXTRA_CANDIDATES) break;
        if (!candidates.has(h)) {
          candidates.add(h);
          extra++;
        }
      }
    }
    for (const host of candidates) {
      if (!eligible(bin, host)) continue;
      let bytes = 0;
      for (let i = byHost.start[host]!; i < byHost.start[host + 1]!; i++) {
        const k = byHost.order[i]!;
        const c = classOf[k]!;
        if (matched[c]! < inBin[c]!) {
          matched[c]!++;
          bytes += movable[k]!.memoryBytes;
        }
      }
      for (let i = byHost.start[host]!; i < byHost.start[host + 1]!; i++) matched[classOf[byHost.order[i]!]!] = 0;
      if (bytes > 0) pairs.push({ bin, host, bytes });
    }
    for (const k of members) inBin[classOf[k]!] = 0;
  }
  return pairs;
}
