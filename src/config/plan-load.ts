import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import type { PlanDocument } from '../core/plan/document.js';
import type { Problem, YamlFileKind } from './load.js';
import { locate, parseYamlFile, problemsError } from './load.js';
import { planFileSchema } from './plan-schema.js';
import { zodIssueToField } from './zod-issues.js';

export interface LoadedPlan {
  plan: PlanDocument;
  file: string;
  /** FILE:LINE:COL of a step's move (1-based step and move), or of a host's entry in hostStates, for problems found against the state. */
  position(step: number | null, move: number | null, host?: string): Pick<Problem, 'file' | 'line' | 'column' | 'path'>;
}

const PLAN_FILE: YamlFileKind = {
  article: 'a plan file',
  emptyHint: 'write one with `dcctl consolidate --out plan.yaml` or see `dcctl schema --kind Plan`',
  tooBigHint: 'a plan file holds its moves only; split a huge plan in parts',
  field: 'a plan field',
  code: 'invalid-plan',
  // A consolidation of 100,000 VMs writes ~100,000 moves.
  maxBytes: 64 * 1024 * 1024,
};

/** A plan written as JSON (JSON is YAML; `--out plan.json` writes it): read at JSON speed when it holds. */
function asJson(bytes: Uint8Array): unknown {
  if (bytes.length > PLAN_FILE.maxBytes! || bytes.includes(0)) return undefined;
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** Parse and validate a plan file's bytes (exit 2 with FILE:LINE:COL); what it says about the state is checkPlan's. */
export function loadPlan(bytes: Uint8Array, file: string): LoadedPlan {
  // JSON that passes the schema needs no YAML parse, but for positions of problems (parsed then, once).
  const json = asJson(bytes);
  const fast = json === undefined ? null : planFileSchema.safeParse(json);
  if (fast?.success) {
    let located: LoadedPlan['position'] | null = null;
    return {
      plan: fast.data as PlanDocument, file,
      position: (step, move, host) => {
        if (!located) {
          const { doc, lineCounter } = parseYamlFile(bytes, file, PLAN_FILE);
          located = positions(doc, lineCounter, file);
        }
        return located(step, move, host);
      },
    };
  }
  const { doc, lineCounter, data } = parseYamlFile(bytes, file, PLAN_FILE);
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && kind !== 'Plan') {
    // Another dcctl file (a datacenter, a lab): say so once rather than list every key it has.
    throw problemsError([locate({ path: ['kind'], message: `this is a ${kind} file, not a plan`, hint: 'a plan file has kind: Plan; write one with `dcctl consolidate --out plan.yaml`' }, doc, lineCounter, file)], PLAN_FILE.code);
  }
  const parsed = planFileSchema.safeParse(data);
  if (!parsed.success) {
    throw problemsError(parsed.error.issues.map((issue) => locate(zodIssueToField(issue as z.core.$ZodIssue, data), doc, lineCounter, file)), PLAN_FILE.code);
  }
  return { plan: parsed.data as PlanDocument, file, position: positions(doc, lineCounter, file) };
}

function positions(doc: Document, lineCounter: LineCounter, file: string): LoadedPlan['position'] {
  return (step, move, host) => {
    const path = step === null ? (host === undefined ? ['spec'] : ['spec', 'hostStates', host]) : move === null ? ['spec', 'steps', step - 1] : ['spec', 'steps', step - 1, 'moves', move - 1];
    const { line, column, path: text } = locate({ path, message: '', hint: '' }, doc, lineCounter, file);
    return { file, line, column, path: text };
  };
}
