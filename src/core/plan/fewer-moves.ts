import type { Vm } from '../model.js';

/** A move by host index (as the planners build them). */
export interface IndexedMove {
  vm: Vm;
  from: number;
  to: number;
  why: string;
}

/**
 * Numbers for classes of identical VMs: what makes two VMs interchangeable for placement is
 * everything but their names and history (two VMs of one class on hosts of one hypervisor class
 * count the same against every limit, filter, group rule, power and migration prediction). Found
 * through nested maps of the field values: cheaper than a key string per VM for 100,000 of them.
 */
export class VmClasses {
  private readonly root = new Map<unknown, unknown>();
  size = 0;

  of(vm: Vm): number {
    const { guest: g, workload: w, group } = vm;
    const fields = [vm.tenant, vm.kind, vm.cpus, vm.memoryBytes, vm.io, g.os, g.arch, g.paravirtualized, w.cpu, w.profile,
      w.dirtyRateBytesPerSec, w.workingSetBytes, vm.sla.maxDowntimeSec, group?.name, group?.rule, group?.enforcement, vm.state];
    let level = this.root;
    for (let i = 0; i < fields.length - 1; i++) {
      let next = level.get(fields[i]) as Map<unknown, unknown> | undefined;
      if (!next) level.set(fields[i], (next = new Map()));
      level = next;
    }
    let id = level.get(fields[fields.length - 1]) as number | undefined;
    if (id === undefined) level.set(fields[fields.length - 1], (id = this.size++));
    return id;
  }
}

/**
 * Drop the moves that do not change the end state up to identical VMs. A full re-pack often moves
 * a VM onto a host that an identical VM is leaving (A: X -> Y while B: Y -> Z; or a swap of two
 * identical VMs): per class of identical VMs, only the net flow matters, Σ max(0, leaving −
 * arriving) moves per host, the fewest that reach that end state. Moves of the plan that carry
 * net flow are kept as they are; the rest of the flow is re-paired (a VM leaving a host with a
 * surplus goes to a host with a deficit) where `acceptable` says the new move is allowed (its SLA
 * on that path); a class whose flow cannot be re-paired keeps its original moves.
 */
export function withoutRedundantMoves(moves: readonly IndexedMove[], classOf: (move: IndexedMove) => string | number,
  acceptable: (vm: Vm, from: number, to: number) => boolean): IndexedMove[] {
  const classes = new Map<string | number, IndexedMove[]>();
  for (const move of moves) {
    const key = classOf(move);
    const list = classes.get(key);
    if (list) list.push(move);
    else classes.set(key, [move]);
  }
  const replaced = new Map<IndexedMove, IndexedMove | null>();
  for (const group of classes.values()) {
    if (group.length < 2) continue;
    // Redundancy needs a host that both sends and receives VMs of the class.
    const senders = new Set<number>();
    for (const m of group) senders.add(m.from);
    if (!group.some((m) => senders.has(m.to))) continue;
    const net = new Map<number, number>();
    for (const m of group) {
      net.set(m.from, (net.get(m.from) ?? 0) - 1);
      net.set(m.to, (net.get(m.to) ?? 0) + 1);
    }
    const surplus = new Map([...net].filter(([, n]) => n < 0).map(([h, n]) => [h, -n]));
    const deficit = new Map([...net].filter(([, n]) => n > 0));
    const needed = [...surplus.values()].reduce((a, b) => a + b, 0);
    if (needed === group.length) continue; // nothing redundant
    const result = new Map<IndexedMove, IndexedMove | null>(group.map((m) => [m, null]));
    // Moves that already carry net flow stay as they are.
    for (const m of group) {
      if ((surplus.get(m.from) ?? 0) > 0 && (deficit.get(m.to) ?? 0) > 0) {
        result.set(m, m);
        surplus.set(m.from, surplus.get(m.from)! - 1);
        deficit.set(m.to, deficit.get(m.to)! - 1);
      }
    }
    // The rest of the flow: VMs leaving surplus hosts, to deficit hosts.
    const arrivalWhy = new Map<number, string>();
    for (const m of group) if (!arrivalWhy.has(m.to)) arrivalWhy.set(m.to, m.why);
    let failed = false;
    for (const m of group) {
      if (result.get(m) !== null || (surplus.get(m.from) ?? 0) === 0) continue;
      const target = [...deficit].find(([h, n]) => n > 0 && h !== m.from && acceptable(m.vm, m.from, h))?.[0];
      if (target === undefined) {
        failed = true;
        break;
      }
      result.set(m, { vm: m.vm, from: m.from, to: target, why: arrivalWhy.get(target) ?? m.why });
      surplus.set(m.from, surplus.get(m.from)! - 1);
      deficit.set(target, deficit.get(target)! - 1);
    }
    if (failed) continue;
    for (const [m, r] of result) replaced.set(m, r);
  }
  if (replaced.size === 0) return [...moves];
  return moves.flatMap((m) => {
    if (!replaced.has(m)) return [m];
    const r = replaced.get(m)!;
    return r ? [r] : [];
  });
}
