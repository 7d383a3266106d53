/**
 * Whether a document is a dcctl state at all: a JSON object with a numeric schemaVersion (null:
 * it is). Everything inside it is the schema's and the invariants' (validate-stored.ts).
 */
export function stateHeaderProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  return typeof (value as { schemaVersion?: unknown }).schemaVersion === 'number' ? null : 'no schemaVersion';
}
