import { Args, Flags } from '@oclif/core';
import { LabSessionCommand } from '../../lab-session-command.js';
import { studentSeed } from '../../core/lab/params.js';
import type { SessionProgress } from '../../core/lab/session.js';
import { sessionProgress } from '../../core/lab/session.js';
import type { CurrentStep } from '../../render/lab-session.js';
import { renderCurrentStep, sessionHeading } from '../../render/lab-session.js';
import { dim } from '../../render/style.js';

export interface LabStartResult {
  progress: SessionProgress;
  step: CurrentStep | null;
  stateDir: string;
  /** Where the replaced state was kept (--force), null when there was none. */
  backup: string | null;
}

export default class LabStart extends LabSessionCommand<typeof LabStart> {
  static override summary = 'Start a hands-on lab session in the state dir: apply the lab\'s datacenter and print the first step';
  static override description = 'Then use any dcctl command on that state from your own shell, and move through the lab with dcctl lab next, lab answer, lab hint, '
    + 'lab status and lab report; lab stop ends the session (the state stays). A state that already holds a datacenter is refused (exit 3) unless --force, which keeps a backup.';
  static override examples = [
    '<%= config.bin %> lab start precopy-basics --student alice --force',
    '<%= config.bin %> lab start fixtures/labs/multiplexing.yaml --seed 3 --force',
  ];
  static override args = { lab: Args.string({ description: 'a bundled lab\'s name (dcctl lab list) or a lab file', required: true }) };
  static override flags = {
    seed: Flags.integer({ description: 'the variant (default 1)', min: 0, max: 2_147_483_647, exclusive: ['student'] }),
    student: Flags.string({ description: 'a student ID: the variant is derived from the lab name and this ID', exclusive: ['seed'] }),
    force: Flags.boolean({ description: 'replace the state held in the state dir (a backup copy is kept)' }),
  };

  async run(): Promise<LabStartResult> {
    const source = this.findLab(this.args.lab);
    const student = this.flags.student ?? null;
    const seed = student !== null ? studentSeed(source.lab.metadata.name, student) : this.flags.seed ?? 1;
    const handsOn = this.handsOn();
    const { session, backup } = await handsOn.start(this.args.lab, source, seed, student, this.flags.force);
    const result: LabStartResult = { progress: sessionProgress(session, source.lab), step: this.current(session, source.lab), stateDir: handsOn.store.dir, backup };
    this.show(() => [
      sessionHeading(result.progress),
      dim(`Session started in ${result.stateDir}${backup ? `; the state there before is kept in ${backup}` : ''}.`),
      '',
      renderCurrentStep(result.step, result.progress.steps),
    ].join('\n'));
    return result;
  }
}
