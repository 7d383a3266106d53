import { LabSessionCommand } from '../../lab-session-command.js';
import type { SessionProgress } from '../../core/lab/session.js';
import { sessionProgress } from '../../core/lab/session.js';
import { findLab } from '../../lab/source.js';
import { progressLine } from '../../render/lab-session.js';
import { dim } from '../../render/style.js';

export interface LabStopResult {
  /** false: there was no session (stopping twice is not an error). */
  stopped: boolean;
  progress: SessionProgress | null;
}

export default class LabStop extends LabSessionCommand<typeof LabStop> {
  static override summary = 'End the lab session (the state and its history stay; dcctl lab report is no longer possible)';
  static override examples = ['<%= config.bin %> lab stop'];

  async run(): Promise<LabStopResult> {
    const handsOn = this.handsOn();
    const session = await handsOn.stop();
    let progress: SessionProgress | null = null;
    if (session) {
      try {
        progress = sessionProgress(session, findLab(session.ref, this.config.root, this.catalog()).lab);
      } catch {
        progress = null; // the lab file is gone: the session is stopped all the same
      }
    }
    this.show(() => (session ? `${dim(`Lab session ${session.lab} stopped; the state stays in ${handsOn.store.dir}.`)}${progress ? `\n${progressLine(progress)}` : ''}` : dim(`No lab session in ${handsOn.store.dir}: nothing to stop.`)));
    return { stopped: session !== null, progress };
  }
}
