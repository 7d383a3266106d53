import type { ApplyInput, ApplyResult } from './apply.js';
import { applyDatacenter } from './apply.js';
import type { Refusal } from './errors.js';
import { isRefusal } from './errors.js';
import type { TransitionResult } from './lifecycle.js';
import { transitionVm } from './lifecycle.js';
import type { VmSpec } from './model.js';
import type { CarveResult, MultiplexReport } from './multiplex.js';
import { carve, multiplexReport } from './multiplex.js';
import type { MigrateResult } from './migration/migrate.js';
import { migrateVms } from './migration/migrate.js';
import type { Outcome, State } from './state.js';
import { emptyState } from './state.js';
import { GiB } from './units.js';
import type { CreateResult } from './vm-ops.js';
import { createVm } from './vm-ops.js';

/** The guided tour `dcctl demo` prints: each step is the command a newcomer would type and its result. */
export type DemoStep =
  | { kind: 'apply'; command: string; result: ApplyResult }
  | { kind: 'create'; command: string; result: CreateResult }
  | { kind: 'refused'; command: string; result: Refusal }
  | { kind: 'transition'; command: string; result: TransitionResult }
  | { kind: 'carve'; command: string; result: CarveResult }
  | { kind: 'report'; command: string; result: MultiplexReport }
  | { kind: 'migrate'; command: string; result: MigrateResult };

export interface DemoRun {
  state: State;
  steps: DemoStep[];
}

const vm = (name: string, cpus: number, memoryGiB: number, extra: Partial<VmSpec> = {}): VmSpec => ({
  name, tenant: null, kind: 'vm', cpus, memoryBytes: memoryGiB * GiB, io: 'paravirtual',
  guest: { os: 'linux', arch: null, paravirtualized: true },
  workload: { cpu: 0.3, profile: 'compute', dirtyRateBytesPerSec: null, workingSetBytes: null },
  sla: { maxDowntimeSec: null }, group: null, requestedHost: null, pinned: false, ...extra,
});

/** Runs the tour on a fresh state; stops with an error if the bundled fixture no longer supports a step. */
export function runDemo(input: ApplyInput): DemoRun {
  let state = emptyState();
  const steps: DemoStep[] = [];
  const take = <R>(outcome: Outcome<R> | Refusal, what: string): R => {
    if (isRefusal(outcome)) throw new Error(`demo step "${what}" was refused: ${outcome.message}`);
    state = outcome.state;
    return outcome.result;
  };
  steps.push({ kind: 'apply', command: `dcctl dc apply ${input.file}`, result: take(applyDatacenter(state, input), 'apply') });
  steps.push({ kind: 'create', command: 'dcctl vm create shop-1 --cpus 4 --memory 8GiB --tenant globex', result: take(createVm(state, vm('shop-1', 4, 8, { tenant: 'globex' })), 'create') });
  steps.push({ kind: 'create', command: 'dcctl vm create shop-2 --cpus 4 --memory 8GiB --tenant globex --policy worst-fit', result: take(createVm(state, vm('shop-2', 4, 8, { tenant: 'globex' }), { policy: 'worst-fit' }), 'create') });
  const tooBig = createVm(state, vm('bigdata', 48, 200, { tenant: 'acme' }));
  if (!isRefusal(tooBig)) throw new Error('demo expected bigdata not to fit');
  steps.push({ kind: 'refused', command: 'dcctl vm create bigdata --cpus 48 --memory 200GiB --tenant acme', result: tooBig });
  steps.push({ kind: 'transition', command: 'dcctl vm pause web-2', result: take(transitionVm(state, 'web-2', 'pause'), 'pause') });
  steps.push({ kind: 'transition', command: 'dcctl vm suspend api-1', result: take(transitionVm(state, 'api-1', 'suspend'), 'suspend') });
  const template = { ...vm('x', 2, 4), workload: { cpu: 0.3, profile: 'compute' as const, dirtyRateBytesPerSec: null, workingSetBytes: null } };
  const { name: _n, requestedHost: _h, ...shape } = template;
  steps.push({ kind: 'carve', command: 'dcctl multiplex a1 --count 24 --cpus 2 --memory 4GiB --workload-cpu 30%', result: take(carve(state, 'a1', { count: 24, prefix: 'a1-vm', template: shape }), 'carve') });
  steps.push({ kind: 'transition', command: 'dcctl vm resume api-1', result: take(transitionVm(state, 'api-1', 'resume'), 'resume') });
  steps.push({ kind: 'report', command: 'dcctl multiplex b1-1', result: multiplexReport(state, 'b1-1') });
  steps.push({ kind: 'migrate', command: 'dcctl vm migrate db-1 --to a2-3', result: take(migrateVms(state, { vms: ['db-1'], to: 'a2-3', mode: 'live', preset: 'qemu', overrides: {} }), 'migrate') });
  return { state, steps };
}
