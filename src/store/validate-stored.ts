import type { z } from 'zod';
import type { State } from '../core/state.js';
import { stateProblems } from '../core/state-invariants.js';
import type { FieldIssue } from '../config/issues.js';
import { zodIssueToField } from '../config/zod-issues.js';
import { stateDocumentSchema } from './state-schema.js';

/**
 * What is wrong with a state document (at most `limit` problems; none: valid): first the schema
 * (types, enums, positive finite sizes, no unknown keys), then, for a document of the right shape,
 * the invariants every command keeps. `state import` reports them with file:line:col; a load of a
 * file dcctl did not write reports the first (store.ts keeps a stamp of what it wrote).
 */
export function stateIssues(value: unknown, limit = 20): FieldIssue[] {
  const parsed = stateDocumentSchema.safeParse(value);
  if (!parsed.success) return parsed.error.issues.slice(0, limit).map((issue) => zodIssueToField(issue as z.core.$ZodIssue, value, stateDocumentSchema));
  return stateProblems(parsed.data as State).slice(0, limit);
}
