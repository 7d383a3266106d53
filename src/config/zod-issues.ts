import type { z } from 'zod';
import { closest, didYouMean } from '../core/text.js';
import { parseBandwidth, parseBytes, parseDurationSec, parseFraction, parseFrequencyMHz, parseWatts, PATTERNS, UnitError } from '../core/units.js';
import type { FieldIssue, Path } from './issues.js';
import { datacenterFileSchema } from './schema.js';

type Schema = z.core.$ZodType;
type Def = { type: string; shape?: Record<string, Schema>; innerType?: Schema; element?: Schema; options?: Schema[]; items?: Schema[] };

const def = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema node at a path (through optional, array, tuple and object unions). */
export function schemaAt(path: Path, root: Schema = datacenterFileSchema): Schema | undefined {
  let node: Schema | undefined = root;
  for (const part of path) {
    node = node && step(node, part);
    if (!node) return undefined;
  }
  return node && unwrap(node);
}

function unwrap(schema: Schema): Schema {
  let node = schema;
  while (def(node).innerType) node = def(node).innerType!;
  return node;
}

function step(schema: Schema, part: string | number): Schema | undefined {
  const d = def(unwrap(schema));
  if (d.type === 'object') return typeof part === 'string' ? d.shape?.[part] : undefined;
  if (d.type === 'array') return d.element;
  if (d.type === 'tuple') return typeof part === 'number' ? d.items?.[part] : undefined;
  if (d.type === 'union') return d.options?.map((o) => step(o, part)).find(Boolean);
  return undefined;
}

function keysAt(path: Path, root: Schema): string[] {
  const node = schemaAt(path, root);
  return node && def(node).type === 'object' ? Object.keys(def(node).shape ?? {}) : [];
}

function describeAt(path: Path, root: Schema): string | undefined {
  const node = schemaAt(path, root) as unknown as { description?: string } | undefined;
  return node?.description;
}

function valueAt(data: unknown, path: Path): unknown {
  let node: unknown = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

const UNIT_PARSERS: [string, (text: string) => unknown][] = [
  [PATTERNS.bytes, parseBytes], [PATTERNS.bandwidth, parseBandwidth], [PATTERNS.duration, parseDurationSec],
  [PATTERNS.power, parseWatts], [PATTERNS.percent, parseFraction], [PATTERNS.frequency, parseFrequencyMHz],
];

/** For a value that failed a unit pattern, the parser's own explanation (did you mean GiB? ...). */
function unitExplanation(pattern: string | undefined, value: string): { message: string; hint: string } | undefined {
  const parser = UNIT_PARSERS.find(([p]) => p === pattern || String(new RegExp(p)) === pattern)?.[1];
  if (!parser) return undefined;
  try {
    parser(value);
  } catch (error) {
    if (error instanceof UnitError) return { message: error.message, hint: error.hint };
  }
  return undefined;
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : typeof value === 'number' ? String(value) : JSON.stringify(value));
const TYPE_WORDS: Record<string, string> = { object: 'a mapping (key: value pairs)', array: 'a list', string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false' };
const typeWord = (type: string) => TYPE_WORDS[type] ?? `a ${type}`;
const kindOf = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'nothing' : typeof value === 'object' ? 'a mapping' : show(value));

/** One zod issue -> a field issue with a message and a hint a person can act on. */
/** `root` is the schema `data` was checked against (the datacenter file, or a VM entry from flags). */
export function zodIssueToField(issue: z.core.$ZodIssue, data: unknown, root: Schema = datacenterFileSchema): FieldIssue {
  const path = issue.path as Path;
  const value = valueAt(data, path);
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const known = keysAt(path, root);
      const near = closest(key, known);
      return {
        path: [...path, key], atKey: true,
        message: `unknown key "${key}"${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : ''}`,
        hint: near ? `did you mean "${near}"?` : `allowed here: ${known.join(', ')}`,
      };
    }
    case 'invalid_type':
      if (value === undefined) {
        return { path, message: `missing ${typeof last === 'string' ? last : 'value'}`, hint: describeAt(path, root) ? `add ${last}: ${describeAt(path, root)}` : `add ${String(last)} (see dcctl schema)` };
      }
      if (typeof value === 'number' && Number.isNaN(value)) return { path, message: 'is not a number', hint: describeAt(path, root) ?? 'write a number' };
      if (typeof value === 'number' && !Number.isFinite(value)) return { path, message: `${show(value)} is too large`, hint: describeAt(path, root) ?? 'use a realistic value' };
      return { path, message: `expected ${typeWord(issue.expected)}, got ${kindOf(value)}`, hint: describeAt(path, root) ?? `write ${typeWord(issue.expected)}` };
    case 'invalid_value': {
      const options = issue.values.map(String);
      return { path, message: `${show(value)} is not allowed here`, hint: typeof value === 'string' ? `${didYouMean(value, options)} (one of ${options.join(', ')})` : `one of ${options.join(', ')}` };
    }
    case 'invalid_format': {
      const explained = typeof value === 'string' ? unitExplanation((issue as { pattern?: string }).pattern, value) : undefined;
      if (explained) return { path, ...explained };
      return { path, message: `${show(value)} is not ${issue.message.replace(/^a /, 'a valid ').replace(/^Invalid.*$/, 'valid here')}`, hint: describeAt(path, root) ?? issue.message };
    }
    case 'too_small':
    case 'too_big': {
      if (issue.code === 'too_big' && Number(issue.maximum) >= Number.MAX_SAFE_INTEGER) return { path, message: `${show(value)} is too large`, hint: describeAt(path, root) ?? 'use a realistic value' };
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      const bound = issue.code === 'too_small' ? `${inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}` : `${inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
      if (issue.origin === 'array') return { path, message: `needs ${bound} item${Number(issue.code === 'too_small' ? issue.minimum : issue.maximum) === 1 ? '' : 's'}`, hint: describeAt(path, root) ?? 'see dcctl schema' };
      return { path, message: `${show(value)} is out of range: must be ${bound}`, hint: describeAt(path, root) ?? 'use a realistic value' };
    }
    case 'invalid_union': {
      const explained = typeof value === 'string' ? UNIT_PARSERS.map(([p]) => unitExplanation(p, value)).find((e) => e && !/^not a /.test(e.message)) : undefined;
      return { path, message: `${show(value)} is not valid here${explained ? `: ${explained.message}` : ''}`, hint: describeAt(path, root) ?? 'see dcctl schema' };
    }
    case 'not_multiple_of':
      return { path, message: `${show(value)} must be a whole number`, hint: 'counts of cores, vCPUs and hosts are integers' };
    default:
      return { path, message: issue.message, hint: describeAt(path, root) ?? 'see dcctl schema' };
  }
}
