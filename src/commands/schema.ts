import { safeJson } from '../render/terminal.js';
import { DcctlCommand } from '../base-command.js';
import { datacenterJsonSchema } from '../config/schema.js';

export default class Schema extends DcctlCommand<typeof Schema> {
  static override summary = 'Print the JSON Schema of the datacenter file (for the YAML language server in editors)';
  static override description = 'Save it and point your editor at it with a first line such as\n# yaml-language-server: $schema=./dcctl.schema.json';
  static override examples = ['<%= config.bin %> schema > dcctl.schema.json'];

  async run(): Promise<Record<string, unknown>> {
    const schema = datacenterJsonSchema();
    if (!this.jsonEnabled()) process.stdout.write(`${safeJson(schema)}\n`);
    return schema;
  }
}
