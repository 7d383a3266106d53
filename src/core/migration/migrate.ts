import type { Refusal } from '../errors.js';
import { badInput, refusal } from '../errors.js';
import { findHost, findVm, requireDatacenter } from '../lookup.js';
import type { Host, Vm } from '../model.js';
import { holdsResources } from '../model.js';
import { evaluateHost, rejectionsOf } from '../placement/place.js';
import { buildView, chargeVm } from '../placement/view.js';
import type { NewEvent, Outcome, State } from '../state.js';
import { nextMigrationNumber, recordEvents } from '../state.js';
import { GiB, formatDuration } from '../units.js';
import { migrationMakespan, runMigrations, type EngineJob } from './engine.js';
import type { JobSpec } from './job.js';
import { NetworkIndex } from './network.js';
import type { PresetName } from './presets.js';
import { AUTO_CONVERGE_DEFAULTS, PRESETS, TIMEOUT_SEC_PER_GIB } from './presets.js';
import type { MigrationMode, Timeline, TimeoutAction } from './types.js';

export interface MigrationOverrides {
  downtimeLimitSec?: number;
  maxRounds?: number;
  maxDataFactor?: number;
  bandwidthBytesPerSec?: number;
  dirtyRateBytesPerSec?: number;
  workingSetBytes?: number;
  deviceStateBytes?: number;
  pageSizeBytes?: number;
  adaptiveRate?: boolean;
  autoConverge?: { initialPercent?: number; incrementPercent?: number } | null;
  timeoutSec?: number;
  timeoutAction?: TimeoutAction;
  postcopyAfterRounds?: number;
}

export interface MigrateRequest {
  vms: string[];
  to: string;
  mode: MigrationMode;
  preset: PresetName;
  overrides: MigrationOverrides;
  maxConcurrent?: number;
  dryRun?: boolean;
  allowSlaBreach?: boolean;
}

export interface MigrateResult {
  migrations: Timeline[];
  makespanSec: number;
  /** The simulated clock after the command (seconds); unchanged by --dry-run. */
  clock: number;
  dryRun: boolean;
  /** VMs whose predicted downtime is above their SLA (allowed with --allow-sla-breach, or shown by --dry-run). */
  slaBreaches: string[];
}

/** A migration as kept in the state, for `migration list` and `migration show`. */
export interface MigrationRecord extends Timeline {
  /** Simulated clock at the start of this migration. */
  atSec: number;
}

const LIVE_MODES: MigrationMode[] = ['live', 'hybrid', 'postcopy'];

/** Modes each VM state can move in: live modes copy a running VM; cold a running, paused or suspended one (a suspended VM's saved image); offline an inactive VM's definition. */
export function modesFor(state: Vm['state']): MigrationMode[] {
  if (state === 'active') return ['live', 'hybrid', 'postcopy', 'cold'];
  if (state === 'paused' || state === 'suspended') return ['cold'];
  if (state === 'inactive') return ['offline'];
  return [];
}

const WHAT_MODE_MOVES: Record<MigrationMode, string> = {
  live: 'live migration copies a running VM',
  hybrid: 'hybrid migration copies a running VM',
  postcopy: 'post-copy migration resumes a running VM on the target',
  cold: 'cold migration copies a running, paused or suspended VM',
  offline: "offline migration moves an inactive VM's definition",
};

/**
 * Why a VM cannot move in this mode (state, pin, passthrough, hypervisor of the target), or null.
 * Every hint names a command that does what was asked, where one exists.
 */
export function moveRefusal(vm: Vm, source: Host | undefined, target: Host, mode: MigrationMode, compatibleHost?: () => Host | undefined): Refusal | null {
  const refuse = (code: string, message: string, hint: string) => refusal(code, message, hint, { vm: vm.name });
  const command = (m: MigrationMode, to = target.name) => `dcctl vm migrate ${vm.name} --to ${to}${m === 'live' ? '' : ` --mode ${m}`}`;
  if (vm.state === 'migrating') return refuse('vm-migrating', `${vm.name} is already migrating`, 'wait until that migration completes');
  const modes = modesFor(vm.state);
  if (!modes.includes(mode)) {
    const alternative = modes[0]!;
    const why = vm.state === 'suspended' ? ' (it copies the saved memory image; the VM stays suspended there)' : vm.state === 'paused' ? ' (it stays paused there)' : '';
    return refuse(mode === 'offline' ? 'vm-not-inactive' : mode === 'cold' ? 'vm-not-running' : 'vm-not-active',
      `${WHAT_MODE_MOVES[mode]}; ${vm.name} is ${vm.state}`, `${command(alternative)}${why}`);
  }
  if (vm.pinned) return refuse('vm-pinned', `${vm.name} is pinned to ${vm.host}`, 'remove pinned: true from its definition (and dcctl dc apply the file) to let it move');
  if (vm.io === 'passthrough' && LIVE_MODES.includes(mode)) {
    return refuse('passthrough-device', `${vm.name} has a passthrough (direct I/O) device: its state lives in the hardware and cannot be copied live`, `detach the device and move it cold: ${command('cold')}`);
  }
  if (source) {
    const a = source.hypervisor;
    const b = target.hypervisor;
    if (a.product !== b.product || a.virtualization !== b.virtualization) {
      const other = compatibleHost?.();
      return refuse('incompatible-hypervisor', `cannot migrate ${vm.name} from ${a.product}${a.virtualization ? ` (${a.virtualization})` : ''} on ${source.name} to ${b.product}${b.virtualization ? ` (${b.virtualization})` : ''} on ${target.name}`,
        `a migration needs the same hypervisor product and virtualization mode on both hosts; ${other ? `${other.name} has them: ${command(mode, other.name)}` : compatibleHost ? 'no other host has them with room now' : 'pick a target in a compatible cluster'}`);
    }
  }
  return null;
}

function jobSpec(id: string, vm: Vm, source: Host, target: Host, request: { mode: MigrationMode } & MigrationSettings, nominal: number): JobSpec {
  const preset = PRESETS[request.preset];
  const o = request.overrides;
  const memory = vm.memoryBytes;
  const workingSet = o.workingSetBytes ?? vm.workload.workingSetBytes ?? (preset.workingSetFraction === null ? memory : preset.workingSetFraction * memory);
  const ac = o.autoConverge;
  return {
    id, vm: vm.name, from: source.name, to: target.name, mode: request.mode, preset: preset.name,
    memoryBytes: memory,
    dirtyRateBytesPerSec: o.dirtyRateBytesPerSec ?? vm.workload.dirtyRateBytesPerSec ?? 0,
    workingSetBytes: Math.min(memory, workingSet),
    deviceStateBytes: o.deviceStateBytes ?? preset.deviceStateBytes,
    pageSizeBytes: o.pageSizeBytes ?? 4096,
    downtimeLimitSec: o.downtimeLimitSec ?? preset.downtimeLimitSec,
    maxRounds: o.maxRounds ?? preset.maxRounds,
    maxDataFactor: o.maxDataFactor ?? preset.maxDataFactor,
    minDirtyPages: preset.minDirtyPages,
    capBytesPerSec: o.bandwidthBytesPerSec ?? Infinity,
    adaptiveRate: o.adaptiveRate ? (preset.adaptiveRate ?? PRESETS.xen.adaptiveRate) : null,
    autoConverge: ac ? { ...AUTO_CONVERGE_DEFAULTS, ...(ac.initialPercent !== undefined ? { initialPercent: ac.initialPercent } : {}), ...(ac.incrementPercent !== undefined ? { incrementPercent: ac.incrementPercent } : {}) } : null,
    timeoutSec: o.timeoutSec ?? TIMEOUT_SEC_PER_GIB * (memory / GiB),
    timeoutAction: o.timeoutAction ?? 'abort',
    postcopyAfterRounds: o.postcopyAfterRounds ?? 1,
    nominalBytesPerSec: nominal,
    slaMaxDowntimeSec: vm.sla.maxDowntimeSec,
    ...(vm.state === 'paused' || vm.state === 'suspended' ? { startState: vm.state } : {}),
  };
}

/** One VM to move, resolved against the datacenter. */
export interface ResolvedMove {
  vm: Vm;
  source: Host;
  target: Host;
  mode: MigrationMode;
}

export interface MigrationSettings {
  preset: PresetName;
  overrides: MigrationOverrides;
  maxConcurrent?: number;
}

/** Simulate moves together on the shared network (no checks, no state change). Ids continue the state's numbering. */
export function simulateMoves(state: State, moves: readonly ResolvedMove[], settings: MigrationSettings, after?: readonly (readonly number[])[]): { timelines: Timeline[]; makespanSec: number } {
  const { jobs, capacity } = engineJobs(state, moves, settings, after);
  return runMigrations(jobs, capacity, settings.maxConcurrent ?? Infinity);
}

/** simulateMoves' makespan alone (planners ask for it on every plan). */
export function simulateMakespan(state: State, moves: readonly ResolvedMove[], settings: MigrationSettings, after?: readonly (readonly number[])[]): number {
  const { jobs, capacity } = engineJobs(state, moves, settings, after);
  return migrationMakespan(jobs, capacity, settings.maxConcurrent ?? Infinity);
}

function engineJobs(state: State, moves: readonly ResolvedMove[], settings: MigrationSettings, after?: readonly (readonly number[])[]): { jobs: EngineJob[]; capacity: ReadonlyMap<number, number> } {
  const network = new NetworkIndex(requireDatacenter(state));
  const firstId = nextMigrationNumber(state);
  const cap = settings.overrides.bandwidthBytesPerSec ?? Infinity;
  const jobs: EngineJob[] = moves.map((move, i) => {
    const path = network.path(move.source, move.target);
    const nominal = Math.min(cap, path.nominalBytesPerSec);
    return { spec: jobSpec(`m${firstId + i}`, move.vm, move.source, move.target, { ...settings, mode: move.mode }, nominal), resources: path.resources, ...(after?.[i]?.length ? { after: after[i] } : {}) };
  });
  return { jobs, capacity: network.capacity };
}

/** The state after simulated migrations: completed VMs on their targets, one event per stage, records kept, clock advanced. */
export function commitMigrations(state: State, timelines: readonly Timeline[], makespanSec: number): State {
  const moved = new Map(timelines.filter((t) => t.outcome === 'completed').map((t) => [t.vm, t.to]));
  const events: NewEvent[] = timelines.flatMap((t) => [
    ...t.stages.map((stage): NewEvent => ({
      type: 'migration-stage', vm: t.vm, host: stage.vmState === 'running on source' ? t.from : t.to, offsetSec: t.startSec + stage.startSec,
      message: `${t.id} ${t.vm} ${stage.name} (${formatDuration(stage.durationSec)}, ${stage.vmState})`,
    })),
    {
      type: t.outcome === 'completed' ? 'migration-completed' : 'migration-aborted', vm: t.vm, host: t.outcome === 'completed' ? t.to : t.from, offsetSec: t.startSec + t.totalTimeSec,
      message: `${t.id} ${t.vm} ${t.from} -> ${t.to} ${t.outcome}: ${formatDuration(t.totalTimeSec)}, downtime ${formatDuration(t.downtimeMs / 1000)}, ${t.stopReason}`,
    },
  ]).sort((a, b) => (a.offsetSec ?? 0) - (b.offsetSec ?? 0));
  const records: MigrationRecord[] = timelines.map((t) => ({ ...t, atSec: state.clockSec + t.startSec }));
  return recordEvents({
    ...state,
    vms: state.vms.map((v) => (moved.has(v.name) ? { ...v, host: moved.get(v.name)! } : v)),
    migrations: [...(state.migrations ?? []), ...records],
    nextMigrationId: nextMigrationNumber(state) + records.length,
  }, events, makespanSec);
}

/** The first host of the same hypervisor product and mode that passes every filter for this VM (a command that would work). */
function acceptingTarget(state: State, vm: Vm, view: ReturnType<typeof buildView>, mode: MigrationMode): Host | undefined {
  const dc = requireDatacenter(state);
  const source = dc.hosts.find((h) => h.name === vm.host);
  return dc.hosts.find((h) => h.name !== vm.host && (!source || (h.hypervisor.product === source.hypervisor.product && h.hypervisor.virtualization === source.hypervisor.virtualization))
    && evaluateHost(vm, h, view).verdicts.every((v) => v.fits || (!holdsResources(vm.state) && (v.filter === 'capacity' || v.filter === 'affinity')))
    && moveRefusal(vm, source, h, mode) === null);
}

function acceptingTargetHint(state: State, vm: Vm, view: ReturnType<typeof buildView>, mode: MigrationMode): string {
  const host = acceptingTarget(state, vm, view, mode);
  return host ? `${host.name} would take it: dcctl vm migrate ${vm.name} --to ${host.name}${mode === 'live' ? '' : ` --mode ${mode}`}` : 'no other host can take it now (dcctl host list shows their room)';
}

/** For a move whose downtime breaks the SLA: post-copy if it keeps it (its downtime is the device state), else the flags that do. */
function slaHint(state: State, moves: ResolvedMove[], request: MigrateRequest): string {
  if (request.mode !== 'postcopy' && moves.every((m) => m.vm.io !== 'passthrough')) {
    const postcopy = simulateMoves(state, moves.map((m) => ({ ...m, mode: 'postcopy' as const })), request).timelines;
    if (postcopy.every((t) => t.slaMaxDowntimeMs === null || t.downtimeMs <= t.slaMaxDowntimeMs + 1e-9)) {
      return `post-copy keeps it: dcctl vm migrate ${moves.map((m) => m.vm.name).join(' ')} --to ${request.to} --mode postcopy (--dry-run shows the prediction)`;
    }
  }
  return 'see the prediction with --dry-run; lower the downtime (--auto-converge, --mode postcopy, more bandwidth) or pass --allow-sla-breach';
}

/**
 * Check, reserve, simulate and (unless dry-run) commit migrations of one or more VMs to one host.
 * Refusals leave the state untouched; an aborted migration leaves its VM running on the source.
 */
export function migrateVms(state: State, request: MigrateRequest): Outcome<MigrateResult> | Refusal {
  const dc = requireDatacenter(state);
  const target = findHost(dc, request.to);
  const names = [...new Set(request.vms)];
  if (names.length === 0) throw badInput('missing-vm', 'name at least one VM to migrate', 'dcctl vm migrate VM [VM...] --to HOST');
  const vms = names.map((n) => findVm(state, n));
  const hostOf = new Map(dc.hosts.map((h) => [h.name, h]));
  for (const vm of vms) {
    if (vm.host === target.name) throw badInput('same-host', `${vm.name} already runs on ${target.name}`, 'pick another --to host');
    const others = () => acceptingTarget(state, vm, buildView(dc, state.vms.filter((v) => v.name !== vm.name)), request.mode);
    const problem = moveRefusal(vm, vm.host ? hostOf.get(vm.host) : undefined, target, request.mode, others);
    if (problem) return problem;
    if (!vm.host) return refusal('vm-unplaced', `${vm.name} is not registered on any host`, `dcctl vm start ${vm.name} places it`, { vm: vm.name });
  }

  // Stage 1, reservation: the target must pass the same filters as vm create, holding every VM of
  // this command at once. A VM that holds nothing (inactive, suspended) reserves no capacity: it
  // must find room when it starts or resumes, as on any host.
  const moving = new Set(names);
  const view = buildView(dc, state.vms.filter((v) => !moving.has(v.name)));
  for (const vm of vms) {
    const verdicts = evaluateHost(vm, target, view);
    const failing = holdsResources(vm.state) ? verdicts.verdicts.filter((v) => !v.fits) : verdicts.verdicts.filter((v) => !v.fits && v.filter !== 'capacity' && v.filter !== 'affinity');
    if (failing.length > 0) {
      return refusal('reservation-refused', `${target.name} cannot take ${vm.name}: ${failing[0]!.reasons[0]!.text}`,
        `the VM stays where it is; ${acceptingTargetHint(state, vm, view, request.mode)}`,
        { vm: vm.name, rejections: rejectionsOf([{ ...verdicts, verdicts: failing }]) });
    }
    if (holdsResources(vm.state)) chargeVm(view, vm, target.name);
  }

  const moves = vms.map((vm) => ({ vm, source: hostOf.get(vm.host!)!, target, mode: request.mode }));
  const { timelines, makespanSec } = simulateMoves(state, moves, request);
  // Only a VM that was serving can have its SLA broken: a paused or suspended one serves nobody.
  const active = new Set(vms.filter((v) => v.state === 'active').map((v) => v.name));
  const slaBreaches = timelines.filter((t) => active.has(t.vm) && t.outcome === 'completed' && t.slaMaxDowntimeMs !== null && t.downtimeMs > t.slaMaxDowntimeMs + 1e-9).map((t) => t.vm);
  if (slaBreaches.length > 0 && !request.allowSlaBreach && !request.dryRun) {
    const t = timelines.find((x) => x.vm === slaBreaches[0])!;
    return refusal('sla-breach', `predicted downtime of ${t.vm} is ${formatDuration(t.downtimeMs / 1000)}, above its SLA of ${formatDuration(t.slaMaxDowntimeMs! / 1000)}${slaBreaches.length > 1 ? ` (and ${slaBreaches.length - 1} more)` : ''}`,
      `nothing moved; ${slaHint(state, moves.filter((m) => slaBreaches.includes(m.vm.name)), request)}`,
      { vms: slaBreaches, migrations: timelines });
  }
  const result: MigrateResult = { migrations: timelines, makespanSec, clock: state.clockSec, dryRun: Boolean(request.dryRun), slaBreaches };
  if (request.dryRun) return { state, result };
  const next = commitMigrations(state, timelines, makespanSec);
  return { state: next, result: { ...result, clock: next.clockSec } };
}
