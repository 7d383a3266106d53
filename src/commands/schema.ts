import { Flags } from '@oclif/core';
import { safeJson } from '../render/terminal.js';
import { DcctlCommand } from '../base-command.js';
import { datacenterJsonSchema } from '../config/schema.js';

const SCHEMA_KINDS = ['Datacenter', 'Lab', 'Plan'] as const;

export default class Schema extends DcctlCommand<typeof Schema> {
  static override summary = 'Print the JSON Schema of the datacenter file, or of another kind of dcctl file (for the YAML language server in editors)';
  static override description = 'Save it and point your editor at it with a first line such as\n# yaml-language-server: $schema=./dcctl.schema.json';
  static override examples = ['<%= config.bin %> schema > dcctl.schema.json', '<%= config.bin %> schema --kind Lab > dcctl-lab.schema.json', '<%= config.bin %> schema --kind Plan > dcctl-plan.schema.json'];
  static override flags = {
    kind: Flags.option({ description: 'which file: Datacenter (the default), Lab or Plan', options: SCHEMA_KINDS, default: 'Datacenter' })(),
  };

  async run(): Promise<Record<string, unknown>> {
    const kind = this.flags.kind;
    const schema = kind === 'Lab' ? (await import('../config/lab-schema.js')).labJsonSchema() : kind === 'Plan' ? (await import('../config/plan-schema.js')).planJsonSchema() : datacenterJsonSchema();
    if (!this.jsonEnabled()) process.stdout.write(`${safeJson(schema)}\n`);
    return schema;
  }
}
