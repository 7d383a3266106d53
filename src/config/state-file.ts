import { LineCounter, parseDocument } from 'yaml';
import { badInput } from '../core/errors.js';
import type { State } from '../core/state.js';
import { STATE_SCHEMA_VERSION } from '../core/state.js';
import { stateIssues } from '../store/validate-stored.js';
import type { FieldIssue } from './issues.js';
import { pathText } from './issues.js';
import type { Problem } from './load.js';
import { locate, problemsError } from './load.js';

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
    const path = pathText(issue.path);
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
  const issues = stateIssues(value);
  if (issues.length) throw withCode(problemsError(located(issues, text, file)));
  const { journal: _j, ...state } = value as State; // an export's history is inline; a journal pointer would name another state's files
  return { ...state, events: state.events ?? [] };
}

function withCode(error: ReturnType<typeof problemsError>) {
  return badInput('bad-state-file', `${error.message}`, `${error.hint} (state import takes what dcctl state export wrote, edited within the same rules)`, error.details);
}
