import { existsSync, readFileSync } from 'node:fs';
import { Args } from '@oclif/core';
import { LabCommand } from '../../lab-command.js';
import { badInput, refused } from '../../core/errors.js';
import type { AnswerSource } from '../../core/lab/run.js';
import { checkTranscript, stepDigest } from '../../core/lab/transcript.js';
import { fileSha256 } from '../../lab/hands-on.js';
import { runVariant } from '../../lab/session.js';
import { bold, green, red } from '../../render/style.js';

export interface LabReplayResult {
  file: string;
  lab: string;
  seed: number;
  steps: number;
  matched: boolean;
  /** The first step whose result differs from the transcript's (null when all match). */
  firstDifference: { index: number; step: string; expected: string; actual: string | null; status: string | null } | null;
}

export default class LabReplay extends LabCommand<typeof LabReplay> {
  static override summary = 'Re-run a lab from a transcript (lab run --transcript, lab report --transcript) and check every step gives the same result';
  static override description = 'Each line of a transcript carries the sha256 of the line before it: a changed, removed or reordered line is exit 1 naming the line. '
    + 'The lab is re-run on a fresh state with the transcript\'s seed, answers and commands; exit 0 only when every step\'s digest matches, 1 naming the first step that differs.';
  static override examples = ['<%= config.bin %> lab replay transcript.jsonl'];
  static override args = { transcript: Args.string({ description: 'a transcript file (JSON lines)', required: true }) };

  async run(): Promise<LabReplayResult> {
    const file = this.args.transcript;
    if (!existsSync(file)) throw badInput('file-not-found', `no transcript file ${file}`, 'write one with dcctl lab run ... --transcript FILE');
    const chain = checkTranscript(readFileSync(file, 'utf8'));
    if (!chain.ok) throw refused('transcript-broken', `${file} line ${chain.line}: ${chain.reason}`, 'a transcript is replayed as it was written; write a new one with --transcript');
    const { header, steps } = chain;
    const bundled = /^fixtures\/labs\/([a-z0-9][a-z0-9-]*)\.yaml$/.exec(header.file);
    const source = this.findLab(bundled && !existsSync(header.file) ? bundled[1]! : header.file);
    if (fileSha256(source.path) !== header.sha256) {
      throw refused('lab-changed', `the lab file ${header.file} is not the one the transcript was written with (its sha256 differs)`, 'replay with the lab file as it was');
    }
    const byIndex = new Map(steps.map((s) => [s.index, s]));
    const answers: AnswerSource = {
      ask: async (_step, index) => byIndex.get(index)?.answer ?? null,
      before: async (_step, index, run) => {
        for (const command of byIndex.get(index)?.commands ?? []) await run(command);
      },
      task: async (_step, index, work) => {
        for (const command of byIndex.get(index)?.commands ?? []) await work.run(command);
        return 'check';
      },
    };
    const report = await runVariant(this.config, this.catalog(), source, header.seed, { answers });
    this.applyOutputSettings();
    let firstDifference: LabReplayResult['firstDifference'] = null;
    for (const line of steps) {
      const again = report.steps[line.index];
      const actual = again ? stepDigest(again) : null;
      if (actual !== line.digest) {
        firstDifference = { index: line.index, step: line.step, expected: line.digest, actual, status: again?.status ?? null };
        break;
      }
    }
    const result: LabReplayResult = { file, lab: header.lab, seed: header.seed, steps: steps.length, matched: firstDifference === null, firstDifference };
    this.show(() => (firstDifference
      ? `${red('✗')} step ${firstDifference.index + 1} (${bold(firstDifference.step)}) differs from the transcript: it is ${firstDifference.status ?? 'missing'} now (digest ${firstDifference.actual?.slice(0, 12) ?? 'none'}, the transcript's ${firstDifference.expected.slice(0, 12)})`
      : `${green('✓')} all ${steps.length} steps of ${header.lab} (seed ${header.seed}) give the transcript's results`));
    if (firstDifference) this.failedExitCode = 1;
    return result;
  }
}
