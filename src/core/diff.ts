/** Field-level differences between two plain values, as dotted paths (for re-apply diffs). */
export interface FieldChange {
  /** The field as the datacenter file names it (memory, nic, workload.dirtyRate). */
  field: string;
  /** The model's name of it, whose unit the values are in (memoryBytes, nicBytesPerSec). */
  path?: string;
  before: unknown;
  after: unknown;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, Array.isArray(value) ? JSON.stringify(value) : value);
  }
}

export function diffFields(before: unknown, after: unknown, ignore: readonly string[] = []): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: FieldChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    if (ignore.includes(field)) continue;
    if (a.get(field) !== b.get(field)) changes.push({ field, before: a.get(field) ?? null, after: b.get(field) ?? null });
  }
  return changes;
}
