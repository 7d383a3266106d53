import { Args, Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import { readDatacenterFile } from '../config/read.js';
import type { ApplyResult } from '../core/apply.js';
import { applyDatacenter } from '../core/apply.js';
import { refused } from '../core/errors.js';
import { emptyState } from '../core/state.js';
import { renderApply } from '../render/dc.js';

export interface InitResult {
  stateDir: string;
  path: string;
  applied: ApplyResult | null;
}

export default class Init extends DcctlCommand<typeof Init> {
  static override summary = 'Create an empty state store, optionally loading a datacenter file into it';
  static override examples = ['<%= config.bin %> init fixtures/lab-dc.yaml --state-dir ./lab-state'];
  static override args = { file: Args.string({ description: 'datacenter YAML file to apply' }) };
  static override flags = { force: Flags.boolean({ description: 'start over even if a state exists (a backup is not kept: use state reset for that)' }) };

  async run(): Promise<InitResult> {
    const loaded = this.args.file ? readDatacenterFile(this.args.file) : null;
    const store = this.store();
    const applied = await store.update((state) => {
      if (!this.flags.force && (state.datacenter || state.vms.length > 0)) {
        throw refused('state-exists', `a state already exists at ${store.path}`, 'use dcctl dc apply FILE to change it, dcctl state reset to empty it, or another --state-dir');
      }
      if (!loaded) return { state: emptyState(), result: null };
      return this.accept(applyDatacenter(emptyState(), loaded));
    });
    this.show(() => applied ? renderApply(applied, false) : `empty state created at ${store.path}`);
    if (!applied) this.show(() => 'next: dcctl dc apply FILE (try fixtures/lab-dc.yaml)');
    return { stateDir: store.dir, path: store.path, applied };
  }
}
