import { LabSessionCommand } from '../../lab-session-command.js';
import { askHint } from '../../core/lab/session.js';
import { dim, yellow } from '../../render/style.js';

export interface LabHintResult {
  /** The current step's name (null when every step is over). */
  step: string | null;
  /** The hints given so far for this step, one more per call (and per failed attempt). */
  hints: string[];
  /** How many hints the step has. */
  total: number;
}

export default class LabHint extends LabSessionCommand<typeof LabHint> {
  static override summary = 'Give a hint for the current step of the lab session: one more each time';
  static override examples = ['<%= config.bin %> lab hint', '<%= config.bin %> lab hint --json'];

  async run(): Promise<LabHintResult> {
    const handsOn = this.handsOn();
    const result = await handsOn.exclusive(async () => {
      const { session } = await handsOn.session();
      const { lab } = handsOn.labOf(session);
      const step = lab.spec.steps[session.current]?.name ?? null;
      return handsOn.store.update((state) => {
        if (!state.lab) return { result: { step, hints: [], total: 0 } };
        const given = askHint(state.lab, lab);
        const changed = given.session.steps[state.lab.current]?.hintsAsked !== state.lab.steps[state.lab.current]?.hintsAsked;
        return { ...(changed ? { state: { ...state, lab: given.session } } : {}), result: { step, hints: given.hints, total: given.total } };
      });
    });
    this.show(() => {
      if (result.step === null) return dim('Every step is done: no hint to give.');
      if (result.total === 0) return dim(`Step ${result.step} has no hint.`);
      const lines = result.hints.map((h, i) => `${yellow(`hint ${i + 1} of ${result.total}`)}: ${h}`);
      if (result.hints.length >= result.total) lines.push(dim('that is every hint of this step'));
      return lines.join('\n');
    });
    return result;
  }
}
