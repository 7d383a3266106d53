import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import { readDatacenterFile } from '../config/read.js';
import type { DemoStep } from '../core/demo.js';
import { runDemo } from '../core/demo.js';
import type { HostSummary } from '../core/host-view.js';
import { hostSummaries } from '../core/host-view.js';
import { formatClock } from '../core/units.js';
import { renderApply } from '../render/dc.js';
import { renderHostList } from '../render/hosts.js';
import { renderMigrate } from '../render/migration.js';
import { renderCarve, renderMultiplex } from '../render/multiplex.js';
import { bold, cyan, dim, red, yellow } from '../render/style.js';
import { renderCreated, renderTransition, renderVmList } from '../render/vms.js';
import { StateStore } from '../store/store.js';
import type { Rejection } from '../core/placement/place.js';
import { renderRejections } from '../render/rejections.js';
import { stateProblem } from '../core/errors.js';
import { invokedAs, shellWord } from '../invoked-as.js';

export interface DemoResult {
  stateDir: string;
  /** Where the state that --state-dir --force replaced was copied (null: there was none). */
  backup: string | null;
  steps: DemoStep[];
  hosts: HostSummary[];
  clockSec: number;
}

function renderStep(step: DemoStep): string {
  switch (step.kind) {
    case 'apply': return renderApply(step.result, false);
    case 'create': return renderCreated(step.result);
    case 'refused': {
      // The same table `vm create` prints for this refusal: every reason of every host.
      const rejections = (step.result.details?.rejections ?? []) as Rejection[];
      return `${red('refused (exit 1)')}: ${step.result.message}\n${renderRejections(rejections)}\n${dim(`hint: ${step.result.hint}`)}`;
    }
    case 'transition': return renderTransition(step.result);
    case 'carve': return renderCarve(step.result);
    case 'report': return renderMultiplex(step.result);
    case 'migrate': return renderMigrate(step.result);
  }
}

export default class Demo extends DcctlCommand<typeof Demo> {
  static override summary = 'A guided tour on the bundled lab datacenter, in a fresh temporary state dir (never your own state)';
  static override description = 'The tour always runs in a new temporary directory, whatever DCCTL_STATE_DIR says. '
    + '--state-dir DIR runs it there instead, but only if DIR holds no state yet; --force replaces a state there, keeping a backup copy as `state reset` does.';
  static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --state-dir ./demo-state'];
  static override flags = {
    force: Flags.boolean({ description: 'with --state-dir: replace the state there (a backup copy is kept)' }),
  };

  async run(): Promise<DemoResult> {
    // Only a directory typed on this command line; DCCTL_STATE_DIR is the user's own state.
    const chosen = this.flags['state-dir'];
    const stateDir = chosen ?? mkdtempSync(join(tmpdir(), 'dcctl-demo-'));
    const store = new StateStore(stateDir);
    if (chosen && !this.flags.force && await store.holdsState()) {
      throw stateProblem('state-exists', `${stateDir} already holds a state; the demo would replace it`,
        'run `dcctl demo` without --state-dir (it uses a fresh temporary dir), pick an empty directory, or add --force (a backup copy is kept)', { stateDir });
    }
    const loaded = readDatacenterFile(join(this.config.root, 'fixtures', 'lab-dc.yaml'));
    const { state, steps } = runDemo({ ...loaded, file: 'fixtures/lab-dc.yaml' });
    const { backup } = await store.replace(state, { backup: true });
    const hosts = hostSummaries(state);
    const bin = invokedAs();
    const typed = (command: string) => cyan(`$ ${command.replace(/^dcctl /, `${bin} `)}`);
    for (const step of steps) this.show(() => `\n${typed(step.command)}\n${renderStep(step)}`);
    this.show(() => `\n${typed('dcctl host list')}\n${renderHostList(hosts)}`);
    this.show(() => `\n${typed('dcctl vm list --state paused')}\n${renderVmList(state.vms.filter((v) => v.state === 'paused'))}`);
    this.show(() => `\n${bold('Simulated clock')} ${formatClock(state.clockSec)} (suspend and resume write and read memory images; the migration took its time too)`);
    if (backup) this.show(() => yellow(`the state that was in ${stateDir} is kept at ${backup}`));
    this.show(() => `${dim('The state is kept: explore it with')} ${bin} host show a1 --state-dir ${shellWord(stateDir)}`);
    return { stateDir, backup, steps, hosts, clockSec: state.clockSec };
  }
}
