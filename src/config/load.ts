import { createHash } from 'node:crypto';
import type { Document, Node as YamlNode } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { badInput, DcctlError } from '../core/errors.js';
import type { FieldIssue } from './issues.js';
import { IssueList, pathText } from './issues.js';
import type { NormalizedDatacenter } from './normalize.js';
import { normalizeDatacenter } from './normalize.js';
import { datacenterFileSchema } from './schema.js';
import { zodIssueToField } from './zod-issues.js';

export interface Problem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  hint: string;
}

export interface LoadedDatacenter extends NormalizedDatacenter {
  file: string;
  sha256: string;
  warnings: Problem[];
}

const MAX_BYTES = 8 * 1024 * 1024;
const MAX_ALIASES = 100;

/** One error for all problems of a file: the first on the message line, all of them in details. */
export function problemsError(problems: Problem[], code = 'invalid-datacenter'): DcctlError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return badInput(code, `${first.file}:${first.line}:${first.column} ${first.message}${more}`, first.hint, { problems });
}

/** What a YAML file is, for the words of its errors: the datacenter file, or a lab file. */
export interface YamlFileKind {
  /** "a datacenter file", "a lab file" */
  article: string;
  /** Where to start when the file is empty. */
  emptyHint: string;
  tooBigHint: string;
  /** "a datacenter field" */
  field: string;
  /** The error code of a problem in such a file: invalid-datacenter, invalid-lab. */
  code: string;
  /** Largest file accepted (default 8 MiB). */
  maxBytes?: number;
}

const DATACENTER_FILE: YamlFileKind = {
  article: 'a datacenter file',
  emptyHint: 'start from fixtures/lab-dc.yaml or see `dcctl schema`',
  tooBigHint: 'a datacenter file is a few kilobytes; use count: N for many identical hosts',
  field: 'a datacenter field',
  code: 'invalid-datacenter',
};

/**
 * The checks every YAML input of dcctl passes before its schema: size, binary, UTF-8, empty, one
 * document, YAML syntax, hostile keys and tags, alias bombs. Returns the document (for locating
 * problems) and its plain value; throws a bad-input DcctlError naming FILE:LINE:COL.
 */
export function parseYamlFile(bytes: Uint8Array, file: string, kind: YamlFileKind, preprocess?: (text: string) => string): { doc: Document; lineCounter: LineCounter; data: unknown; text: string } {
  const fail = (message: string, hint: string, line = 1, column = 1): never => {
    throw problemsError([{ file, line, column, path: '', message, hint }], kind.code);
  };
  const maxBytes = kind.maxBytes ?? MAX_BYTES;
  if (bytes.length > maxBytes) fail(`file is ${bytes.length} bytes; the limit is ${maxBytes}`, kind.tooBigHint);
  if (bytes.includes(0)) fail('file is binary (contains NUL bytes), not YAML', `pass ${kind.article} (YAML)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('file is not valid UTF-8 text', 'save the file as UTF-8');
  }
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) fail('file is empty', kind.emptyHint);
  if (preprocess) text = preprocess(text);

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = at(firstError.pos[0]);
    const message = YAML_MESSAGES[firstError.code] ?? firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    fail(`YAML: ${message}`, yamlHint(firstError.code, kind), pos.line, pos.col);
  }
  const hostile = findHostileNode(doc, kind);
  if (hostile) {
    const pos = at(hostile.offset);
    fail(hostile.message, hostile.hint, pos.line, pos.col);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const pos = at(firstAliasOffset(doc));
    fail(`YAML: ${(error as Error).message}`, `aliases may expand to at most ${MAX_ALIASES} nodes; write the values out`, pos.line, pos.col);
  }
  return { doc, lineCounter, data, text };
}

/** Parse and validate a datacenter file's bytes. Throws a bad-input DcctlError naming FILE:LINE:COL. */
export function loadDatacenter(bytes: Uint8Array, file: string): LoadedDatacenter {
  const { doc, lineCounter, data } = parseYamlFile(bytes, file, DATACENTER_FILE);
  const parsed = datacenterFileSchema.safeParse(data);
  const issues = new IssueList();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.items.push(zodIssueToField(issue as z.core.$ZodIssue, data));
    throw problemsError(ordered(issues.items.map((issue) => locate(issue, doc, lineCounter, file)), issues.items));
  }
  const normalized = normalizeDatacenter(parsed.data, issues);
  if (issues.items.length > 0) throw problemsError(ordered(issues.items.map((issue) => locate(issue, doc, lineCounter, file)), issues.items));
  const warnings = issues.warnings.map((issue) => locate(issue, doc, lineCounter, file));
  return { ...normalized, file, sha256: createHash('sha256').update(bytes).digest('hex'), warnings };
}

/**
 * One problem per field (the first), unknown keys first (a typo explains the "missing" key next
 * to it), then in file order.
 */
function ordered(problems: Problem[], issues: FieldIssue[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .map((problem, i) => ({ problem, unknownKey: issues[i]!.atKey === true }))
    .filter(({ problem }) => !seen.has(problem.path) && Boolean(seen.add(problem.path)))
    .sort((a, b) => Number(b.unknownKey) - Number(a.unknownKey) || a.problem.line - b.problem.line || a.problem.column - b.problem.column)
    .map(({ problem }) => problem);
}

const YAML_MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
};

function yamlHint(code: string, kind: YamlFileKind): string {
  switch (code) {
    case 'DUPLICATE_KEY': return 'each key may appear once in a mapping; remove or rename the second one';
    case 'BAD_INDENT': case 'MISSING_CHAR': return 'check the indentation and the brackets around this line';
    case 'MULTIPLE_DOCS': return `${kind.article} holds one YAML document; remove the extra ---`;
    case 'TAB_AS_INDENT': return 'indent with spaces, not tabs';
    default: return 'fix the YAML syntax at this position';
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys that could reach object prototypes, custom tags, and non-scalar keys. */
function findHostileNode(doc: Document, kind: YamlFileKind): { offset: number; message: string; hint: string } | undefined {
  let found: { offset: number; message: string; hint: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && FORBIDDEN_KEYS.has(String(key.value))) {
        found = { offset: key.range?.[0] ?? 0, message: `key "${String(key.value)}" is not allowed`, hint: `remove it: it names an object prototype, not ${kind.field}` };
        return visit.BREAK;
      }
      if (key !== null && !isScalar(key)) {
        found = { offset: (key as YamlNode).range?.[0] ?? 0, message: 'a mapping key must be a plain word', hint: 'write keys as names such as memory: or cpu:' };
        return visit.BREAK;
      }
      return undefined;
    },
    Node(_, node) {
      if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) {
        found = { offset: node.range?.[0] ?? 0, message: `custom YAML tag ${node.tag} is not allowed`, hint: 'remove the tag' };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Map a field issue to the position of its node (or of the key, for unknown keys; or the nearest parent). */
export function locate(issue: FieldIssue, doc: Document, lineCounter: LineCounter, file: string): Problem {
  let offset = 0;
  let node: unknown = doc.contents;
  for (let depth = 0; depth <= issue.path.length; depth++) {
    if (node && typeof node === 'object' && 'range' in node && Array.isArray((node as YamlNode).range)) offset = (node as YamlNode).range![0];
    if (depth === issue.path.length) break;
    const part = issue.path[depth]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === part);
      if (!pair) break;
      const isLast = depth === issue.path.length - 1;
      if (isLast && issue.atKey && isScalar(pair.key) && pair.key.range) {
        offset = pair.key.range[0];
        break;
      }
      node = pair.value ?? pair.key;
      if (node === null || (isScalar(node) && node.range === undefined)) {
        if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
        break;
      }
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      if (!node) break;
    } else if (isAlias(node)) {
      break;
    } else {
      break;
    }
  }
  const pos = lineCounter.linePos(offset);
  const where = pathText(issue.path);
  return { file, line: pos.line, column: pos.col, path: where, message: where ? `${where}: ${issue.message}` : issue.message, hint: issue.hint };
}

