import { requireDatacenter } from '../lookup.js';
import { STATIC_FILTERS } from '../placement/filters/index.js';
import type { Host, HostState, Vm } from '../model.js';
import { holdsResources } from '../model.js';
import { modesFor, moveRefusal, simulateMoves } from '../migration/migrate.js';
import type { MigrationMode, Timeline } from '../migration/types.js';
import { CAPACITY_EPSILON, hostLimits, memoryFootprintBytes } from '../placement/capacity.js';
import { buildView } from '../placement/view.js';
import type { State } from '../state.js';
import { didYouMean } from '../text.js';
import { formatBytes, formatDuration, formatNumber } from '../units.js';
import type { StepMove } from './dag.js';
import type { Wait } from './dag.js';
import { hostAllocation, moveDependencies } from './dag.js';
import type { PlanSpec } from './document.js';

/** Why a plan cannot run as written: the step and move (1-based) it concerns, or null for the plan as a whole. */
export interface PlanProblem {
  kind: string;
  step: number | null;
  move: number | null;
  vm?: string;
  host?: string;
  message: string;
}

/** A move as it would run: where from, how, what it waits for, and the engine's prediction. */
export interface CheckedMove {
  step: number;
  move: number;
  vm: string;
  from: string;
  to: string;
  mode: MigrationMode;
  /** The moves this one waits for (positions in the checked list, 0-based) and why. */
  waitsFor: Wait[];
  predictedTimeSec: number;
  predictedDowntimeMs: number;
  outcome: Timeline['outcome'];
}

export interface PlanCheck {
  valid: boolean;
  problems: PlanProblem[];
  moves: CheckedMove[];
  /** The run on the shared network under the concurrency limit (moves that resolved; in step order). */
  timelines: Timeline[];
  makespanSec: number;
  /** Where each VM is once every move is done (VMs that move). */
  finalHosts: Map<string, string>;
}

interface Resolved extends StepMove {
  index: number;
}

/**
 * Re-validate a plan against the state as it is now, every intermediate state and not only the
 * end: each step with its moves in flight (a VM holds its allocation on both hosts, as pre-copy
 * reserves the target before it copies) and after each step. Capacity and overcommit limits,
 * must-rules (affinity, anti-affinity, pins), what each VM's state lets it do, the targets' states,
 * tenancy and hypervisors, SLAs on the simulated run (the moves together on the shared network,
 * as apply runs them), and that hosts the plan powers off or puts in maintenance end up empty.
 */
export function checkPlan(state: State, spec: Pick<PlanSpec, 'steps' | 'hostStates'>, maxConcurrent: number): PlanCheck {
  const dc = requireDatacenter(state);
  const hostIndex = new Map(dc.hosts.map((h, i) => [h.name, i]));
  const vmByName = new Map(state.vms.map((v) => [v.name, v]));
  const view = buildView(dc, state.vms);
  const problems: PlanProblem[] = [];
  const where = new Map<string, number>();
  const resolved: Resolved[] = [];
  const hostNamed = (name: string, at: Omit<PlanProblem, 'kind' | 'message'>): Host | null => {
    const i = hostIndex.get(name);
    if (i !== undefined) return dc.hosts[i]!;
    problems.push({ kind: 'unknown-host', ...at, host: name, message: `no host named ${name}; ${didYouMean(name, dc.hosts.map((h) => h.name))}` });
    return null;
  };

  spec.steps.forEach((step, s) => {
    const inStep = new Set<string>();
    const stepMoves: Resolved[] = [];
    step.moves.forEach((move, j) => {
      const at = { step: s + 1, move: j + 1, vm: move.vm };
      const say = (kind: string, message: string, host?: string) => problems.push({ kind, ...at, ...(host ? { host } : {}), message });
      const vm = vmByName.get(move.vm);
      if (!vm) return say('unknown-vm', `no VM named ${move.vm}; ${didYouMean(move.vm, state.vms.map((v) => v.name))}`);
      if (inStep.has(vm.name)) return say('duplicate-vm', `${vm.name} moves twice in step ${s + 1}; the moves of a step run together, so give the second its own step`);
      inStep.add(vm.name);
      const target = hostNamed(move.to, at);
      if (move.from !== undefined) hostNamed(move.from, at);
      const sourceIndex = where.get(vm.name) ?? (vm.host === null ? undefined : hostIndex.get(vm.host));
      if (sourceIndex === undefined) return say('vm-unplaced', `${vm.name} is not registered on any host`, undefined);
      const source = dc.hosts[sourceIndex]!;
      if (move.from !== undefined && move.from !== source.name && hostIndex.has(move.from)) {
        return say('wrong-source', `${vm.name} is on ${source.name}${s > 0 && where.has(vm.name) ? ` after step ${s}` : ''}, not ${move.from} as the plan says`, source.name);
      }
      if (!target) return;
      if (target === source) return say('same-host', `${vm.name} is already on ${target.name}`, target.name);
      const mode = move.mode ?? modesFor(vm.state)[0] ?? 'live';
      const refused = moveRefusal(vm, source, target, mode);
      if (refused) return say(refused.code, `${refused.message} (${refused.hint})`, target.name);
      for (const filter of STATIC_FILTERS) {
        const verdict = filter.check(vm, target, view);
        if (!verdict.fits) return say(filter.name, `${target.name} cannot take ${vm.name}: ${verdict.reasons.map((r) => r.text).join('; ')}`, target.name);
      }
      stepMoves.push({ index: j + 1, step: s + 1, vm, source: sourceIndex, target: hostIndex.get(target.name)!, mode });
    });
    for (const m of stepMoves) where.set(m.vm.name, m.target);
    resolved.push(...stepMoves);
  });

  problems.push(...intermediateProblems(state, resolved));

  // Who is registered where once the plan is done, for the hosts it powers off or puts in maintenance.
  const finalVms = new Map<number, string[]>();
  if (Object.keys(spec.hostStates ?? {}).length > 0) {
    for (const vm of state.vms) {
      const i = where.get(vm.name) ?? (vm.host === null ? undefined : hostIndex.get(vm.host));
      if (i !== undefined) (finalVms.get(i) ?? finalVms.set(i, []).get(i)!).push(vm.name);
    }
  }
  for (const [hostName, target] of Object.entries(spec.hostStates ?? {}) as [string, HostState][]) {
    const host = hostNamed(hostName, { step: null, move: null });
    if (!host || target === 'on') continue;
    const left = finalVms.get(hostIndex.get(host.name)!) ?? [];
    if (left.length > 0) {
      problems.push({ kind: 'host-not-empty', step: null, move: null, host: host.name,
        message: `${host.name} would still carry ${left.slice(0, 5).join(', ')}${left.length > 5 ? ` and ${left.length - 5} more` : ''} after the plan, so it cannot be ${target === 'off' ? 'powered off' : 'put in maintenance'}` });
    }
  }

  const waits = moveDependencies(dc, state.vms, resolved);
  const after = waits.map((w) => w.map((x) => x.on));
  const { timelines, makespanSec } = resolved.length === 0 ? { timelines: [], makespanSec: 0 }
    : simulateMoves(state, resolved.map((m) => ({ vm: m.vm, source: dc.hosts[m.source]!, target: dc.hosts[m.target]!, mode: m.mode })), { preset: 'qemu', overrides: {}, maxConcurrent }, after);
  const moves: CheckedMove[] = resolved.map((m, i) => {
    const t = timelines[i]!;
    return { step: m.step, move: m.index, vm: m.vm.name, from: dc.hosts[m.source]!.name, to: dc.hosts[m.target]!.name, mode: m.mode, waitsFor: waits[i]!, predictedTimeSec: t.totalTimeSec, predictedDowntimeMs: t.downtimeMs, outcome: t.outcome };
  });
  resolved.forEach((m, i) => {
    const t = timelines[i]!;
    const at = { step: m.step, move: m.index, vm: m.vm.name };
    if (t.outcome !== 'completed') problems.push({ kind: 'migration-aborted', ...at, message: `${m.vm.name} ${t.from} -> ${t.to} is predicted to abort (${t.stopReason}); it would stay on ${t.from}` });
    else if (m.vm.state === 'active' && t.slaMaxDowntimeMs !== null && t.downtimeMs > t.slaMaxDowntimeMs + 1e-9) {
      problems.push({ kind: 'sla-breach', ...at, message: `${m.vm.name}'s predicted downtime ${formatDuration(t.downtimeMs / 1000)} (the moves together on the shared network) is above its SLA of ${formatDuration(t.slaMaxDowntimeMs / 1000)}` });
    }
  });
  problems.sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity) || (a.move ?? 0) - (b.move ?? 0));
  return { valid: problems.length === 0, problems, moves, timelines, makespanSec, finalHosts: new Map([...where].map(([vm, i]) => [vm, dc.hosts[i]!.name])) };
}

const groupOf = (vm: Vm) => (vm.group && vm.group.enforcement === 'must' && holdsResources(vm.state) ? vm.group : null);

/**
 * Capacity and must-group rules with each step's moves in flight, then after it. A host is only
 * judged where the plan sends something (a host over its limits before the plan is not the
 * plan's doing); an affinity group only when it held before the plan.
 */
function intermediateProblems(state: State, moves: readonly Resolved[]): PlanProblem[] {
  const dc = requireDatacenter(state);
  const { vcpus, memoryBytes } = hostAllocation(dc, state.vms);
  const limits = dc.hosts.map(hostLimits);
  const problems: PlanProblem[] = [];
  // Must-group members holding resources: group -> member -> host index.
  const members = new Map<string, Map<string, number>>();
  const rules = new Map<string, string>();
  const hostIndex = new Map(dc.hosts.map((h, i) => [h.name, i]));
  for (const vm of state.vms) {
    const group = groupOf(vm);
    const i = vm.host === null ? undefined : hostIndex.get(vm.host);
    if (!group || i === undefined) continue;
    rules.set(group.name, group.rule);
    const m = members.get(group.name) ?? new Map<string, number>();
    m.set(vm.name, i);
    members.set(group.name, m);
  }
  const affinityHeld = new Set([...members].filter(([name, m]) => rules.get(name) === 'affinity' && new Set(m.values()).size <= 1).map(([name]) => name));

  let start = 0;
  while (start < moves.length) {
    const step = moves[start]!.step;
    let end = start;
    while (end < moves.length && moves[end]!.step === step) end++;
    const stepMoves = moves.slice(start, end).filter((m) => holdsResources(m.vm.state));
    // In flight: each VM's allocation on its target as well as its source.
    const arriving = new Map<number, Resolved[]>();
    for (const m of stepMoves) {
      vcpus[m.target]! += m.vm.cpus;
      memoryBytes[m.target]! += memoryFootprintBytes(m.vm, dc.hosts[m.target]!, dc);
      arriving.set(m.target, [...(arriving.get(m.target) ?? []), m]);
    }
    for (const [x, incoming] of arriving) {
      const host = dc.hosts[x]!;
      const over: string[] = [];
      if (vcpus[x]! > limits[x]!.vcpus + CAPACITY_EPSILON) over.push(`${formatNumber(vcpus[x]!)} vCPUs of ${formatNumber(limits[x]!.vcpus)} allowed (${host.cores} cores x ${host.overcommit.cpu} overcommit)`);
      if (memoryBytes[x]! > limits[x]!.memoryBytes + CAPACITY_EPSILON) over.push(`${formatBytes(memoryBytes[x]!, 2)} of ${formatBytes(limits[x]!.memoryBytes, 2)} memory allowed (x${host.overcommit.memory} overcommit)`);
      if (over.length > 0) {
        const first = incoming[0]!;
        problems.push({ kind: 'capacity', step, move: first.index, vm: first.vm.name, host: host.name,
          message: `during step ${step}, ${host.name} would hold ${over.join(' and ')}: ${incoming.map((m) => m.vm.name).slice(0, 5).join(', ')}${incoming.length > 5 ? ', ...' : ''} arrive${incoming.length === 1 ? 's' : ''} while ${incoming.length === 1 ? 'its' : 'their'} reservation${incoming.length === 1 ? '' : 's'} and what is still there hold it` });
      }
    }
    // Groups with members in flight: a member counts on both hosts during the step.
    const touched = new Map<string, Resolved[]>();
    for (const m of stepMoves) {
      const group = groupOf(m.vm);
      if (group) touched.set(group.name, [...(touched.get(group.name) ?? []), m]);
    }
    for (const [name, moving] of touched) {
      const group = groupOf(moving[0]!.vm)!;
      const placed = members.get(name) ?? new Map<string, number>();
      const during = new Map<string, Set<number>>([...placed].map(([vm, i]) => [vm, new Set([i])]));
      for (const m of moving) during.get(m.vm.name)?.add(m.target);
      if (group.rule === 'anti-affinity') {
        for (const m of moving) {
          const together = [...during].filter(([, hosts]) => hosts.has(m.target)).map(([vm]) => vm);
          if (together.length > 1) {
            problems.push({ kind: 'anti-affinity', step, move: m.index, vm: m.vm.name, host: dc.hosts[m.target]!.name,
              message: `during step ${step}, ${dc.hosts[m.target]!.name} would hold ${together.join(' and ')} of must anti-affinity group ${name}` });
          }
        }
      } else if (affinityHeld.has(name)) {
        const sets = [...during.values()];
        const common = [...sets[0]!].filter((i) => sets.every((s) => s.has(i)));
        const afterStep = new Map(placed);
        for (const m of moving) afterStep.set(m.vm.name, m.target);
        const hostsAfter = new Set(afterStep.values());
        if (common.length === 0 || hostsAfter.size > 1) {
          const m = moving[0]!;
          problems.push({ kind: 'affinity', step, move: m.index, vm: m.vm.name,
            message: `${common.length === 0 ? 'during' : 'after'} step ${step}, members of must affinity group ${name} would run on ${[...hostsAfter].map((i) => dc.hosts[i]!.name).join(', ')}; they must share one host` });
        }
      }
    }
    // The step done: the VMs leave their sources.
    for (const m of stepMoves) {
      vcpus[m.source]! -= m.vm.cpus;
      memoryBytes[m.source]! -= memoryFootprintBytes(m.vm, dc.hosts[m.source]!, dc);
      const group = groupOf(m.vm);
      if (group) members.get(group.name)?.set(m.vm.name, m.target);
    }
    start = end;
  }
  return problems;
}

