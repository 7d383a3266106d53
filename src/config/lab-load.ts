import { createHash } from 'node:crypto';
import type { CommandCatalog } from '../core/lab/commands.js';
import type { z } from 'zod';
import { labRuleIssues } from './lab-rules.js';
import type { LabFile } from './lab-schema.js';
import { labFileSchema } from './lab-schema.js';
import type { YamlFileKind } from './load.js';
import { locate, parseYamlFile, problemsError } from './load.js';
import { zodIssueToField } from './zod-issues.js';

export interface LoadedLab {
  lab: LabFile;
  file: string;
  sha256: string;
}

const LAB_FILE: YamlFileKind = {
  article: 'a lab file',
  emptyHint: 'start from a bundled lab (`dcctl lab list`) or see `dcctl schema --kind Lab`',
  tooBigHint: 'a lab file is a few kilobytes; put a large datacenter in its own file (spec.datacenter: dc.yaml)',
  field: 'a lab field',
  code: 'invalid-lab',
};

/**
 * Teachers write checks as `{ path: migrations[0].downtimeMs, lessThan: 300 }`, as the lab
 * contract shows them, but brackets inside a flow mapping end a plain YAML scalar. Such a path
 * (after `path:`, `answer:` or `show:` inside { }) is quoted before parsing; the same length plus
 * two quotes, so a problem later on that line is reported at most two columns off.
 */
export function quoteFlowPaths(text: string): string {
  return text.replace(/([{,]\s*(?:path|answer|show)\s*:\s*)([A-Za-z_$][\w$.\uE001\uE002-]*\[[\w$.\-[\]=*\uE001\uE002]*)(?=\s*[,}])/g, '$1"$2"');
}

/**
 * `${cpus}` inside a flow collection (`solution: [ vm create x --cpus ${cpus} ]`) would open a
 * flow mapping. Before parsing, each `${name}` becomes `$` + a private-use bracket pair (the
 * same length, so positions hold), and the parsed strings get `${name}` back.
 */
const OPEN = '\uE001';
const CLOSE = '\uE002';
export function protectParams(text: string): string {
  return text.replace(/\$\{([A-Za-z_][\w-]*)\}/g, `$${OPEN}$1${CLOSE}`);
}

function restoreParams(value: unknown): unknown {
  if (typeof value === 'string') return value.includes(OPEN) ? value.replace(new RegExp(`\\$${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g'), '${$1}') : value;
  if (Array.isArray(value)) return value.map(restoreParams);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [restoreParams(k) as string, restoreParams(v)]));
  return value;
}

/** Parse and validate a lab file's bytes: YAML, the schema, then the rules (exit 2, FILE:LINE:COL). */
export function loadLab(bytes: Uint8Array, file: string, catalog?: CommandCatalog): LoadedLab {
  const { doc, lineCounter, data: parsedData } = parseYamlFile(bytes, file, LAB_FILE, (text) => quoteFlowPaths(protectParams(text)));
  const data = restoreParams(parsedData);
  const parsed = labFileSchema.safeParse(data);
  const issues = parsed.success ? labRuleIssues(parsed.data, catalog) : parsed.error.issues.map((issue) => zodIssueToField(issue as z.core.$ZodIssue, data));
  if (issues.length > 0) {
    throw problemsError(issues.map((issue) => locate(issue, doc, lineCounter, file)), LAB_FILE.code);
  }
  return { lab: parsed.data!, file, sha256: createHash('sha256').update(bytes).digest('hex') };
}
