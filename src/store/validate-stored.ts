import type { z } from 'zod';
import type { State } from '../core/state.js';
import { stateProblems } from '../core/state-invariants.js';
import { pathText } from '../config/issues.js';
import { zodIssueToField } from '../config/zod-issues.js';
import { stateDocumentSchema } from './state-schema.js';

/**
 * The first problem of a stored state, or null: the schema of the state document (types, enums,
 * positive finite sizes, no unknown keys) and the invariants every command keeps. Loaded only for
 * a state file dcctl did not write itself (store.ts keeps a stamp of what it wrote).
 */
export function storedStateProblem(value: unknown): { path: string; message: string } | null {
  const parsed = stateDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const issue = zodIssueToField(parsed.error.issues[0] as z.core.$ZodIssue, value, stateDocumentSchema);
    return { path: pathText(issue.path), message: issue.message };
  }
  const problem = stateProblems(parsed.data as State)[0];
  return problem ? { path: pathText(problem.path), message: problem.message } : null;
}
