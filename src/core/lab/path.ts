/**
 * Paths into a command's JSON result, as lab files write them (issue 13): dot keys, `[N]` an
 * index, `[key=value]` the first element whose key equals value, `[*]` every element.
 * `migrations[0].downtimeMs`, `hosts[host=a1].vms`, `migrations[*].downtimeMs`.
 */
export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'match'; key: string; value: string }
  | { kind: 'all' };

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; error: string };

const KEY = /^[A-Za-z_$][\w$-]*/;

export function parsePath(text: string): ParsedPath {
  const segments: PathSegment[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const end = rest.indexOf(']');
      if (end === -1) return { ok: false, error: `"${text}": "[" without "]"` };
      const inside = rest.slice(1, end);
      if (inside === '*') segments.push({ kind: 'all' });
      else if (/^\d+$/.test(inside)) segments.push({ kind: 'index', index: Number(inside) });
      else if (/^[A-Za-z_$][\w$-]*=[^\]]+$/.test(inside)) {
        const at = inside.indexOf('=');
        segments.push({ kind: 'match', key: inside.slice(0, at), value: inside.slice(at + 1) });
      } else return { ok: false, error: `"${text}": [${inside}] is not an index, [key=value] or [*]` };
      rest = rest.slice(end + 1);
    } else {
      if (!first) {
        if (!rest.startsWith('.')) return { ok: false, error: `"${text}": expected "." or "[" before "${rest}"` };
        rest = rest.slice(1);
      }
      const key = KEY.exec(rest)?.[0];
      if (!key) return { ok: false, error: `"${text}": expected a key at "${rest || '(end)'}"` };
      segments.push({ kind: 'key', key });
      rest = rest.slice(key.length);
    }
    first = false;
  }
  if (segments.length === 0) return { ok: false, error: 'an empty path' };
  return { ok: true, segments };
}

/** What a path finds: every value it reaches (one unless it has `[*]`), and whether it has `[*]`. */
export interface Found {
  values: unknown[];
  many: boolean;
}

const own = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;

export function resolvePath(root: unknown, segments: readonly PathSegment[]): Found {
  let current: unknown[] = [root];
  let many = false;
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'key') {
        const child = own(value, segment.key);
        if (child !== undefined) next.push(child);
      } else if (!Array.isArray(value)) {
        continue;
      } else if (segment.kind === 'index') {
        if (segment.index < value.length) next.push(value[segment.index]);
      } else if (segment.kind === 'match') {
        const hit = value.find((item) => String(own(item, segment.key)) === segment.value);
        if (hit !== undefined) next.push(hit);
      } else {
        many = true;
        next.push(...value);
      }
    }
    current = next;
  }
  return { values: current, many };
}
