import { Args } from '@oclif/core';
import { DcctlCommand } from './base-command.js';
import type { LifecycleAction, TransitionResult } from './core/lifecycle.js';
import { TRANSITIONS, transitionVm } from './core/lifecycle.js';
import { renderTransition } from './render/vms.js';

const SUMMARIES: Record<LifecycleAction, string> = {
  start: 'Start an inactive VM (it must find room again)',
  stop: 'Stop a VM: it becomes inactive and releases its CPU and memory',
  pause: 'Pause an active VM: memory stays on the host, vCPUs are not scheduled',
  resume: 'Resume a paused VM, or a suspended one (which must find room again)',
  suspend: 'Suspend a VM: write its memory image to disk and release CPU and memory',
};

/** One class per lifecycle verb; the state machine itself is core/lifecycle.ts. */
export function lifecycleCommand(action: LifecycleAction) {
  return class extends DcctlCommand<typeof DcctlCommand> {
    static override summary = SUMMARIES[action];
    static override description = `${SUMMARIES[action]}.\nAllowed from: ${TRANSITIONS[action].from.join(', ')}; the VM becomes ${TRANSITIONS[action].to}. Anything else exits 1.`;
    static override args = { name: Args.string({ description: 'VM name', required: true }) };

    async run(): Promise<TransitionResult> {
      const name = (this.args as { name: string }).name;
      const result = await this.store().update((state) => this.accept(transitionVm(state, name, action)));
      this.show(() => renderTransition(result));
      return result;
    }
  };
}
