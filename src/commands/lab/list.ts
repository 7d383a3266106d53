import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { LabCommand } from '../../lab-command.js';
import { LAB_TOPICS } from '../../config/lab-schema.js';
import { bundledLabsDir, labFilesIn, readLab } from '../../lab/source.js';
import type { LabListing } from '../../render/lab.js';
import { renderLabList } from '../../render/lab.js';

export default class LabList extends LabCommand<typeof LabList> {
  static override summary = 'List the bundled labs (and those of --dir): name, title, topics, steps, points';
  static override examples = ['<%= config.bin %> lab list', '<%= config.bin %> lab list --topic live-migration', '<%= config.bin %> lab list --dir fixtures/labs --json'];
  static override flags = {
    topic: Flags.option({ description: 'only labs on this topic', options: LAB_TOPICS })(),
    dir: Flags.string({ description: 'also list the lab files of this directory', helpValue: 'DIR' }),
  };

  async run(): Promise<{ labs: LabListing[] }> {
    const bundledDir = bundledLabsDir(this.config.root);
    // --dir naming the bundled folder adds nothing twice (and one that is not a directory is exit 2).
    const extra = this.flags.dir ? labFilesIn(this.flags.dir).filter(() => resolve(this.flags.dir!) !== resolve(bundledDir)) : [];
    const files = [...labFilesIn(bundledDir).map((path) => ({ path, bundled: true })), ...extra.map((path) => ({ path, bundled: false }))];
    const labs = files.map(({ path, bundled }) => {
      const { lab, file } = bundled ? readLab(path, this.catalog(), `fixtures/labs/${path.split(/[\\/]/).pop()}`) : readLab(path, this.catalog());
      return {
        name: lab.metadata.name,
        title: lab.metadata.title ?? lab.metadata.name,
        topics: [...lab.spec.topics],
        steps: lab.spec.steps.length,
        points: lab.spec.steps.reduce((sum, s) => sum + (s.points ?? 1), 0),
        params: Object.keys(lab.spec.params ?? {}),
        file,
      };
    }).filter((l) => !this.flags.topic || l.topics.includes(this.flags.topic));
    this.show(() => renderLabList(labs));
    return { labs };
  }
}
