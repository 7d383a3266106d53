import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { bold, cyan, dim, red } from '../render/style.js';
import { renderCreated, renderTransition, renderVmList } from '../render/vms.js';
import { StateStore } from '../store/store.js';
import type { Rejection } from '../core/placement/place.js';
import { table } from '../render/table.js';

export interface DemoResult {
  stateDir: string;
  steps: DemoStep[];
  hosts: HostSummary[];
  clockSec: number;
}

function renderStep(step: DemoStep): string {
  switch (step.kind) {
    case 'apply': return renderApply(step.result, false);
    case 'create': return renderCreated(step.result);
    case 'refused': {
      const rejections = (step.result.details?.rejections ?? []) as Rejection[];
      const firstPerHost = rejections.filter((r, i) => rejections.findIndex((o) => o.host === r.host) === i);
      return `${red('refused (exit 1)')}: ${step.result.message}\n${table(['HOST', 'FILTER', 'FIRST REASON'], firstPerHost.map((r) => [r.host, r.filter, r.reason]))}\n${dim(`hint: ${step.result.hint}`)}`;
    }
    case 'transition': return renderTransition(step.result);
    case 'carve': return renderCarve(step.result);
    case 'report': return renderMultiplex(step.result);
    case 'migrate': return renderMigrate(step.result);
  }
}

export default class Demo extends DcctlCommand<typeof Demo> {
  static override summary = 'A guided tour on the bundled lab datacenter, in a temporary state dir (or --state-dir)';

  async run(): Promise<DemoResult> {
    const stateDir = this.flags['state-dir'] ?? mkdtempSync(join(tmpdir(), 'dcctl-demo-'));
    const loaded = readDatacenterFile(join(this.config.root, 'fixtures', 'lab-dc.yaml'));
    const { state, steps } = runDemo({ ...loaded, file: 'fixtures/lab-dc.yaml' });
    await new StateStore(stateDir).replace(state);
    const hosts = hostSummaries(state);
    for (const step of steps) this.show(() => `\n${cyan(`$ ${step.command}`)}\n${renderStep(step)}`);
    this.show(() => `\n${cyan('$ dcctl host list')}\n${renderHostList(hosts)}`);
    this.show(() => `\n${cyan('$ dcctl vm list --state paused')}\n${renderVmList(state.vms.filter((v) => v.state === 'paused'))}`);
    this.show(() => `\n${bold('Simulated clock')} ${formatClock(state.clockSec)} (suspend and resume write and read memory images; the migration took its time too)`);
    this.show(() => `${dim('The state is kept: explore it with')} dcctl host show a1 --state-dir ${stateDir}`);
    return { stateDir, steps, hosts, clockSec: state.clockSec };
  }
}
