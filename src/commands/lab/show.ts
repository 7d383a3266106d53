import { Args } from '@oclif/core';
import { LabCommand } from '../../lab-command.js';
import type { LabStatement } from '../../core/lab/statement.js';
import { labStatement } from '../../core/lab/statement.js';
import { renderLabStatement } from '../../render/lab.js';

export default class LabShow extends LabCommand<typeof LabShow> {
  static override summary = 'Show a lab\'s steps and questions (never its answers or solutions)';
  static override examples = ['<%= config.bin %> lab show precopy-basics', '<%= config.bin %> lab show fixtures/labs/precopy-limits.yaml --json'];
  static override args = { lab: Args.string({ description: 'a bundled lab\'s name or a lab file', required: true }) };

  async run(): Promise<LabStatement> {
    const source = this.findLab(this.args.lab);
    const statement = labStatement(source.lab, source.file);
    this.show(() => renderLabStatement(statement));
    return statement;
  }
}
