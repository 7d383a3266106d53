import { describe, expect, it } from 'vitest';
import { isRefusal } from '../../src/core/errors.js';
import type { LifecycleAction } from '../../src/core/lifecycle.js';
import { transitionVm } from '../../src/core/lifecycle.js';
import type { VmState } from '../../src/core/model.js';
import type { State } from '../../src/core/state.js';
import { createVm } from '../../src/core/vm-ops.js';
import { dcYaml, spec, stateFrom } from '../helpers/dc.js';

const base = stateFrom(dcYaml(`  clusters:
    - name: r
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 4 }, memory: 16GiB }
        - { name: h2, cpu: { cores: 4 }, memory: 16GiB }
  vms:
    - { name: v, cpus: 2, memory: 8GiB, host: h1 }
`));

function act(state: State, action: LifecycleAction) {
  const outcome = transitionVm(state, 'v', action);
  if (isRefusal(outcome)) throw new Error(outcome.message);
  return outcome;
}

function inState(state: VmState): State {
  const path: Record<VmState, LifecycleAction[]> = { active: [], paused: ['pause'], suspended: ['suspend'], inactive: ['stop'], migrating: [] };
  return path[state].reduce((s, a) => act(s, a).state, base);
}

describe('VM state machine', () => {
  const legal: [VmState, LifecycleAction, VmState][] = [
    ['active', 'pause', 'paused'], ['active', 'suspend', 'suspended'], ['active', 'stop', 'inactive'],
    ['paused', 'resume', 'active'], ['paused', 'suspend', 'suspended'], ['paused', 'stop', 'inactive'],
    ['suspended', 'resume', 'active'], ['suspended', 'stop', 'inactive'], ['inactive', 'start', 'active'],
  ];
  it.each(legal)('%s --%s--> %s', (from, action, to) => {
    const { result } = act(inState(from), action);
    expect(result).toMatchObject({ from, to, action });
  });

  const illegal: [VmState, LifecycleAction, RegExp][] = [
    ['active', 'start', /already active/], ['active', 'resume', /already active/],
    ['paused', 'pause', /already paused/], ['paused', 'start', /cannot start v: it is paused/],
    ['suspended', 'pause', /cannot pause v: it is suspended; pause needs a VM that is active/],
    ['inactive', 'pause', /cannot pause v: it is inactive/], ['inactive', 'suspend', /cannot suspend/], ['inactive', 'resume', /cannot resume/],
  ];
  it.each(illegal)('%s cannot %s', (from, action, message) => {
    const state = inState(from);
    const outcome = transitionVm(state, 'v', action);
    expect(isRefusal(outcome)).toBe(true);
    if (isRefusal(outcome)) {
      expect(outcome.message).toMatch(message);
      expect(outcome.code).toBe('illegal-transition');
    }
  });

  it('suspend writes the memory image at 1 GiB/s and advances the clock; resume reads it back', () => {
    const suspended = act(base, 'suspend');
    expect(suspended.result.durationSec).toBe(8);
    expect(suspended.state.clockSec).toBe(8);
    const resumed = act(suspended.state, 'resume');
    expect(resumed.state.clockSec).toBe(16);
    expect(resumed.state.events.at(-1)).toMatchObject({ type: 'vm-resumed', atSec: 8 });
  });

  it('pause keeps the allocation; suspend releases it', () => {
    const paused = act(base, 'pause').state;
    const other = createVm(paused, spec('w', 4, 16), { policy: 'first-fit' });
    expect(!isRefusal(other) && other.result.vm.host).toBe('h2');
    const suspended = act(base, 'suspend').state;
    const again = createVm(suspended, spec('w', 4, 16), { policy: 'first-fit' });
    expect(!isRefusal(again) && again.result.vm.host).toBe('h1');
  });

  it('resume from suspended must find room again: elsewhere when its host filled up', () => {
    const suspended = act(base, 'suspend').state;
    const filled = createVm(suspended, spec('w', 4, 16, { requestedHost: 'h1' }));
    if (isRefusal(filled)) throw new Error(filled.message);
    const { result } = act(filled.state, 'resume');
    expect(result).toMatchObject({ host: 'h2', previousHost: 'h1' });
  });

  it('resume from suspended is refused with every host\'s reasons when nothing has room', () => {
    let state = act(base, 'suspend').state;
    for (const [name, host] of [['w1', 'h1'], ['w2', 'h2']] as const) {
      const created = createVm(state, spec(name, 4, 16, { requestedHost: host }));
      if (isRefusal(created)) throw new Error(created.message);
      state = created.state;
    }
    const outcome = transitionVm(state, 'v', 'resume');
    expect(isRefusal(outcome) && outcome.code).toBe('no-capacity');
    expect(isRefusal(outcome) && (outcome.details!.rejections as { host: string }[]).map((r) => r.host)).toEqual(['h1', 'h2']);
  });
});
