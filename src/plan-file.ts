import { Document, isMap, isSeq } from 'yaml';
import type { LoadedPlan } from './config/plan-load.js';
import { loadPlan } from './config/plan-load.js';
import { readInputFile } from './config/read.js';
import type { PlanDocument } from './core/plan/document.js';
import { writeOutputFile } from './output-file.js';

/** Read and validate a plan file (exit 2 with FILE:LINE:COL for a malformed one). */
export function readPlanFile(path: string): LoadedPlan {
  return loadPlan(readInputFile(path, 'write a plan with `dcctl consolidate --out plan.yaml` (or balance, host maintenance enter)'), path);
}

const HEADER = ` dcctl plan: review it with \`dcctl plan show FILE\`, check it with \`dcctl plan check FILE\`,
 carry it out with \`dcctl plan apply FILE\`. Edit it freely (drop a move, change a target):
 the check says whether it still holds. Steps run in order; the moves of a step run together.`;

/** The plan as YAML: one line per move (easy to edit, to diff, to drop), the header saying what to do with it. */
export function planYaml(plan: PlanDocument): string {
  const doc = new Document(plan);
  doc.commentBefore = HEADER;
  const steps = doc.getIn(['spec', 'steps']);
  if (isSeq(steps)) {
    for (const step of steps.items) {
      const moves = isMap(step) ? step.get('moves') : null;
      if (isSeq(moves)) for (const move of moves.items) if (isMap(move)) move.flow = true;
    }
  }
  for (const key of ['basis', 'hostStates']) {
    const node = doc.getIn(['spec', key]);
    if (isMap(node)) node.flow = true;
  }
  const predicted = doc.get('predicted');
  if (isMap(predicted)) for (const pair of predicted.items) if (isMap(pair.value)) pair.value.flow = true;
  return doc.toString({ lineWidth: 0 });
}

/**
 * The plan as JSON (for FILE.json: large plans read back at JSON speed), one move per line.
 * JSON is YAML, so every plan command reads it as it reads the YAML.
 */
export function planJson(plan: PlanDocument): string {
  const moves = plan.spec.steps.map((s) => s.moves);
  const skeleton = { ...plan, spec: { ...plan.spec, steps: moves.map((_m, i) => ({ moves: `\u0000${i}` })) } };
  return `${JSON.stringify(skeleton, null, 2).replace(/"\\u0000(\d+)"/g, (_all, i: string) => `[\n${moves[Number(i)]!.map((m) => `          ${JSON.stringify(m)}`).join(',\n')}\n        ]`)}\n`;
}

export function writePlanFile(path: string, plan: PlanDocument, flag = '--out'): void {
  writeOutputFile(path, /\.json$/i.test(path) ? planJson(plan) : planYaml(plan), flag);
}
