import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { LabCommand } from '../../lab-command.js';
import type { LabAnswers } from '../../config/lab-answers.js';
import { loadAnswers } from '../../config/lab-answers.js';
import { readInputFile } from '../../config/read.js';
import { badInput, stateProblem } from '../../core/errors.js';
import { drawParams, studentSeed } from '../../core/lab/params.js';
import type { AnswerSource, LabReport, StepReport } from '../../core/lab/run.js';
import { labPassed } from '../../core/lab/run.js';
import { labMaxScore } from '../../core/lab/statement.js';
import { fileAnswers, runVariant } from '../../lab/session.js';
import { labHeading, renderJunit, renderLabReport, renderMarkdown, renderStep, scoreLine } from '../../render/lab.js';
import { dim } from '../../render/style.js';
import { interactiveAnswers } from '../../lab/interactive.js';
import { EXIT_INTERRUPTED } from '../../base-command.js';
import { plainText, safeJson } from '../../render/terminal.js';
import { StateStore } from '../../store/store.js';
import { buildTranscript } from '../../core/lab/transcript.js';
import { fileSha256 } from '../../lab/hands-on.js';

export const REPORTERS = ['human', 'json', 'junit', 'markdown'] as const;
export type Reporter = (typeof REPORTERS)[number];

export type LabRunResult = LabReport & { backup?: string };

export default class LabRun extends LabCommand<typeof LabRun> {
  static override summary = 'Run a lab: apply its datacenter to a fresh state, run every step, grade the answers, print a report';
  static override description = 'Each student gets their own variant: --student ID derives the seed from the lab and the ID (the same on every machine), '
    + 'the default seed is 1. Answers come from --answers FILE ({ step: value } for questions, { step: [command, ...] } for tasks) or, at a terminal, --interactive. '
    + 'Exit 0 when the lab is passed, 1 when not, 2 for a bad lab, answers file or flag.';
  static override examples = [
    '<%= config.bin %> lab run precopy-basics --answers fixtures/labs/answers/precopy-basics.yaml',
    '<%= config.bin %> lab run precopy-basics --student alice --answers fixtures/labs/answers/precopy-basics-alice.yaml --json',
    '<%= config.bin %> lab run precopy-basics --answers fixtures/labs/answers/precopy-basics.yaml --reporter junit --output out/report.xml',
  ];
  static override args = { lab: Args.string({ description: 'a bundled lab\'s name (dcctl lab list) or a lab file', required: true }) };
  static override flags = {
    seed: Flags.integer({ description: 'the variant (default 1)', min: 0, max: 2_147_483_647, exclusive: ['student'] }),
    student: Flags.string({ description: 'a student ID: the variant is derived from the lab name and this ID', exclusive: ['seed'] }),
    answers: Flags.string({ description: 'answers file (YAML or JSON)', helpValue: 'FILE' }),
    interactive: Flags.boolean({ description: 'ask each question at the terminal before its result is shown; tasks get a lab> prompt', exclusive: ['answers'] }),
    reporter: Flags.option({ description: 'report format (--json is the json reporter)', options: REPORTERS, default: 'human' })(),
    output: Flags.string({ description: 'write the report to FILE (the human report still goes to the terminal)', helpValue: 'FILE' }),
    transcript: Flags.string({ description: 'write a transcript (JSON lines chained by sha256) that dcctl lab replay checks', helpValue: 'FILE' }),
    force: Flags.boolean({ description: 'with --state-dir: replace the state there (a backup copy is kept)' }),
  };

  async run(): Promise<LabRunResult> {
    const source = this.findLab(this.args.lab);
    const seed = this.flags.student !== undefined ? studentSeed(source.lab.metadata.name, this.flags.student) : this.flags.seed ?? 1;
    if (this.flags.interactive && !this.interactive()) {
      throw badInput('usage', '--interactive needs a terminal (stdin and stdout a TTY, no --json, CI unset)', 'give the answers with --answers FILE', { flag: '--interactive' });
    }
    const answers = this.flags.answers ? this.readAnswers(this.flags.answers, source.lab) : {};
    for (const [flag, path] of [['--output', this.flags.output], ['--transcript', this.flags.transcript]] as const) {
      if (path && !existsSync(dirname(resolve(path)))) {
        throw badInput('output-unwritable', `${flag} ${path}: no such directory`, 'pass a path in a directory you can write', { flag }); // before the lab runs, not after
      }
    }
    const stateDir = this.flags['state-dir'];
    if (stateDir && !this.flags.force && await new StateStore(stateDir).holdsState()) {
      throw stateProblem('state-exists', `${stateDir} already holds a state; the lab would replace it`,
        'run the lab without --state-dir (it uses a fresh temporary state), pick an empty directory, or add --force (a backup copy is kept)', { stateDir });
    }
    const reporter: Reporter = this.jsonEnabled() ? 'json' : this.flags.reporter;
    // The human checklist streams to the terminal step by step unless another format goes there.
    const streaming = !this.jsonEnabled() && (reporter === 'human' || this.flags.output !== undefined);
    const params = drawParams(source.lab.spec.params ?? {}, seed);
    const title = source.lab.metadata.title ?? source.lab.metadata.name;
    const header = { lab: source.lab.metadata.name, title, file: source.file, seed, params, dcctlVersion: this.config.version, passScore: source.lab.spec.passScore ?? 1 };
    const say = (text: string) => {
      this.applyOutputSettings();
      this.log(text);
    };
    const answerSource: AnswerSource = this.flags.interactive ? interactiveAnswers(say) : fileAnswers(answers);
    const done: StepReport[] = [];
    const started = performance.now();
    let report: LabReport & { backup: string | null };
    try {
      report = await runVariant(this.config, this.catalog(), source, seed, { answers: answerSource, ...(stateDir ? { stateDir } : {}), onReady: () => {
        if (streaming) say(`${labHeading(header)}\n`); // once the variant's datacenter is applied: a bad one is only an error
      } }, (step) => {
        done.push(step);
        if (streaming) say(renderStep(step));
      });
    } catch (error) {
      if ((error as Error).name !== 'ExitPromptError') throw error;
      // Ctrl-C at a prompt: the steps so far, scored, then exit 130 as a shell reports it.
      // The steps not reached count as missed.
      const partial: LabReport = { ...header, ...labPassed(done, header.passScore), maxScore: labMaxScore(source.lab), passed: false, steps: done, wallTimeSec: Math.round(performance.now() - started) / 1000 };
      say(`\n${dim('interrupted: the report of the steps done')}\n${scoreLine(partial)}`);
      if (this.flags.output) this.writeReport(this.flags.output, formatReport(partial, reporter));
      return this.exit(EXIT_INTERRUPTED);
    }
    this.applyOutputSettings();
    const { backup, ...lab } = report;
    if (streaming) this.log(`\n${scoreLine(lab)}`);
    const formatted = formatReport(lab, reporter);
    if (this.flags.transcript) writeTranscript(this.flags.transcript, lab, fileSha256(source.path), lab.steps);
    if (this.flags.output) this.writeReport(this.flags.output, formatted);
    else if (!this.jsonEnabled() && reporter !== 'human') process.stdout.write(`${formatted}\n`);
    if (!lab.passed) this.failedExitCode = 1;
    return backup ? { ...lab, backup } : lab;
  }

  private writeReport(file: string, text: string): void {
    writeReportFile(file, text);
  }

  private readAnswers(file: string, lab: Parameters<typeof loadAnswers>[2]): LabAnswers {
    return loadAnswers(readInputFile(file, 'pass the answers file with --answers FILE', { flag: '--answers' }), file, lab);
  }
}

/** A transcript of the steps given, their answers read from the report. */
export function writeTranscript(file: string, report: LabReport, labSha256: string, steps: readonly StepReport[]): void {
  const text = buildTranscript(report, labSha256, steps, steps.map((s) => (s.answer?.given ?? null)));
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw badInput('output-unwritable', `--transcript ${file}: ${(error as Error).message}`, 'pass a path in a directory you can write', { flag: '--transcript' });
  }
}

/** A report file gets no colour; a path that cannot be written is exit 2 naming the flag. */
export function writeReportFile(file: string, text: string, flag = '--output'): void {
  try {
    writeFileSync(file, `${plainText(text)}\n`);
  } catch (error) {
    throw badInput('output-unwritable', `${flag} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`, 'pass a path in a directory you can write', { flag });
  }
}

/** The report in a reporter's format (json as --json prints it). */
export function formatReport(report: LabReport, reporter: Reporter): string {
  switch (reporter) {
    case 'json': return safeJson(report);
    case 'junit': return renderJunit(report);
    case 'markdown': return renderMarkdown(report);
    case 'human': return renderLabReport(report);
  }
}
