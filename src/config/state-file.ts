import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { badInput } from '../core/errors.js';
import type { State } from '../core/state.js';
import { STATE_SCHEMA_VERSION } from '../core/state.js';
import { stateProblems } from '../core/state-invariants.js';
import { stateDocumentSchema } from '../store/state-schema.js';
import type { FieldIssue } from './issues.js';
import type { Problem } from './load.js';
import { locate, problemsError } from './load.js';
import { zodIssueToField } from './zod-issues.js';

/** Above this size a failing state file is reported by JSON path only (no line:column search). */
const LOCATE_MAX_BYTES = 16 * 1024 * 1024;

/** file:line:col of each issue in the JSON text (JSON is YAML, so the datacenter locator serves). */
function located(issues: FieldIssue[], text: string, file: string): Problem[] {
  if (text.length <= LOCATE_MAX_BYTES) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length === 0) return issues.map((issue) => locate(issue, doc, lineCounter, file));
  }
  return issues.map((issue) => {
    const path = issue.path.reduce<string>((t, p) => (typeof p === 'number' ? `${t}[${p}]` : t ? `${t}.${p}` : p), '');
    return { file, line: 1, column: 1, path, message: path ? `${path}: ${issue.message}` : issue.message, hint: issue.hint };
  });
}

/**
 * A state file from outside (an export, edited or not) -> a State every command can trust: the
 * same rules as a datacenter file (names, enums, positive sizes), then the invariants every
 * command keeps (each host and VM once, references, hosts within their limits). Any problem is
 * exit 2 naming the file, line, column and JSON path.
 */
export function validateStateFile(value: unknown, text: string, file: string): State {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > STATE_SCHEMA_VERSION) {
    throw badInput('bad-state-file', `${file} has schema version ${version}; this dcctl reads up to ${STATE_SCHEMA_VERSION}`, 'upgrade dcctl');
  }
  const parsed = stateDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((issue) => zodIssueToField(issue as z.core.$ZodIssue, value, stateDocumentSchema));
    throw withCode(problemsError(located(issues, text, file)));
  }
  const state = parsed.data as State;
  const problems = stateProblems(state);
  if (problems.length) throw withCode(problemsError(located(problems.slice(0, 20), text, file)));
  return state;
}

function withCode(error: ReturnType<typeof problemsError>) {
  return badInput('bad-state-file', `${error.message}`, `${error.hint} (state import takes what dcctl state export wrote, edited within the same rules)`, error.details);
}
