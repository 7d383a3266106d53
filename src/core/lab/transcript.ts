import { createHash } from 'node:crypto';
import type { AnswerValue } from './grade.js';
import type { ParamValue } from './params.js';
import type { LabReport, StepReport } from './run.js';

/**
 * A lab transcript (issue 14): JSON lines, a header then one line per step done, each carrying
 * the previous line's sha256 (`prev`) and its own (`hash`, of the line without it), so a changed,
 * dropped or reordered line breaks the chain. `digest` is the sha256 of what the model gave for
 * the step (status, command, checks, answer, counterfactuals), never of durations or attempts,
 * so `lab replay` re-running the lab from the transcript's answers and commands gets the same.
 */
export interface TranscriptHeader {
  type: 'header';
  lab: string;
  file: string;
  sha256: string;
  seed: number;
  params: Record<string, ParamValue>;
  dcctlVersion: string;
  prev: null;
  hash: string;
}

export interface TranscriptStep {
  type: 'step';
  index: number;
  step: string;
  kind: StepReport['kind'];
  command: string | null;
  /** The answer given (an ask), null otherwise. */
  answer: AnswerValue | null;
  /** The commands the student ran for the step (a task's; in a session, those typed during it). */
  commands: string[];
  status: StepReport['status'];
  score: number;
  digest: string;
  prev: string;
  hash: string;
}

export type TranscriptLine = TranscriptHeader | TranscriptStep;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so a digest does not depend on the order fields were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

export function stepDigest(step: StepReport): string {
  const { name, kind, status, command, exitCode, checks, answer, whatIf, misconception, error } = step;
  return sha256(canonical({ name, kind, status, command, exitCode, checks, answer, whatIf, misconception, error }));
}

const lineHash = (line: Omit<TranscriptLine, 'hash'>) => sha256(canonical(line));

/** The transcript of a report (the steps given: a session's done ones), as JSON lines. */
export function buildTranscript(report: Pick<LabReport, 'lab' | 'file' | 'seed' | 'params' | 'dcctlVersion'>, labSha256: string, steps: readonly StepReport[], answers: readonly (AnswerValue | null)[]): string {
  const head: Omit<TranscriptHeader, 'hash'> = { type: 'header', lab: report.lab, file: report.file, sha256: labSha256, seed: report.seed, params: report.params, dcctlVersion: report.dcctlVersion, prev: null };
  const bodies = steps.map((s, index): Omit<TranscriptStep, 'hash' | 'prev'> => ({
    type: 'step', index, step: s.name, kind: s.kind, command: s.command, answer: answers[index] ?? null,
    commands: s.commands.map((c) => c.command), status: s.status, score: s.score, digest: stepDigest(s),
  }));
  return chainLines([head, ...bodies]);
}

/** JSON lines of a header and step lines, each given its `prev` and `hash`. */
export function chainLines(lines: readonly Record<string, unknown>[]): string {
  let prev: string | null = null;
  const out: string[] = [];
  for (const line of lines) {
    const { hash: _h, prev: _p, ...rest } = line;
    const body = { ...rest, prev } as Omit<TranscriptLine, 'hash'>;
    const hash = lineHash(body);
    out.push(JSON.stringify({ ...body, hash }));
    prev = hash;
  }
  return `${out.join('\n')}\n`;
}

export type ChainCheck = { ok: true; header: TranscriptHeader; steps: TranscriptStep[] } | { ok: false; line: number; reason: string };

/** Parse and check a transcript's chain: each line's hash its own, each `prev` the line before's. */
export function checkTranscript(text: string): ChainCheck {
  const raw = text.split('\n').filter((l) => l.trim() !== '');
  if (raw.length === 0) return { ok: false, line: 1, reason: 'the transcript is empty' };
  const lines: TranscriptLine[] = [];
  for (const [i, text] of raw.entries()) {
    let line: TranscriptLine;
    try {
      line = JSON.parse(text) as TranscriptLine;
    } catch {
      return { ok: false, line: i + 1, reason: 'not a JSON line' };
    }
    if (!line || typeof line !== 'object' || typeof line.hash !== 'string') return { ok: false, line: i + 1, reason: 'a line without its hash' };
    const { hash, ...body } = line;
    if (lineHash(body) !== hash) return { ok: false, line: i + 1, reason: 'the line was changed: its hash does not match its content' };
    if (i === 0 ? line.type !== 'header' || line.prev !== null : line.type !== 'step' || line.prev !== lines[i - 1]!.hash) {
      return { ok: false, line: i + 1, reason: i === 0 ? 'the first line is not the header' : 'the line does not follow the one before it (a line was removed, added or moved)' };
    }
    lines.push(line);
  }
  return { ok: true, header: lines[0] as TranscriptHeader, steps: lines.slice(1) as TranscriptStep[] };
}
