import { basename, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { LabCommand } from '../../lab-command.js';
import { LAB_TOPICS } from '../../config/lab-schema.js';
import { bundledLabsDir, labFilesIn, readLab } from '../../lab/source.js';
import type { LabListing } from '../../render/lab.js';
import { renderLabList } from '../../render/lab.js';
import { labStatement } from '../../core/lab/statement.js';

export default class LabList extends LabCommand<typeof LabList> {
  static override summary = 'List the bundled labs (and those of --dir): name, title, topics, steps, points';
  static override examples = ['<%= config.bin %> lab list', '<%= config.bin %> lab list --topic live-migration', '<%= config.bin %> lab list --dir fixtures/labs --json'];
  static override flags = {
    topic: Flags.option({ description: 'only labs on this topic', options: LAB_TOPICS })(),
    dir: Flags.string({ description: 'also list the lab files of this directory', helpValue: 'DIR' }),
  };

  async run(): Promise<{ labs: LabListing[] }> {
    const bundledDir = bundledLabsDir(this.config.root);
    const bundled = labFilesIn(bundledDir).map((path) => readLab(path, this.catalog(), `fixtures/labs/${basename(path)}`));
    // --dir naming the bundled folder adds nothing twice (and one that is not a directory is exit 2).
    const dirFiles = this.flags.dir ? labFilesIn(this.flags.dir) : [];
    const extra = this.flags.dir && resolve(this.flags.dir) !== resolve(bundledDir) ? dirFiles.map((path) => readLab(path, this.catalog())) : [];
    const labs = [...bundled, ...extra].map(({ lab, file }) => {
      const statement = labStatement(lab, file);
      return { name: statement.lab, title: statement.title, topics: statement.topics, steps: statement.steps.length, points: statement.maxScore, params: Object.keys(statement.params), file };
    }).filter((l) => !this.flags.topic || l.topics.includes(this.flags.topic));
    this.show(() => renderLabList(labs));
    return { labs };
  }
}
