import { z } from 'zod';
import { fileJsonSchema } from './json-schema.js';
import { COMPARATORS } from '../core/lab/compare.js';

/**
 * The lab file (issue 13): the keys below are the contract teachers write against. The shape is
 * checked here; what the shape cannot say (paths, comparators, ${params}, run strings) by
 * lab-rules.ts. Inline datacenters are checked by the datacenter file's own schema when the lab
 * is applied.
 */
export const LAB_TOPICS = ['virtualization-levels', 'hypervisors', 'cpu-virtualization', 'memory-virtualization', 'io-virtualization', 'multiplexing',
  'vm-states', 'live-migration', 'consolidation', 'load-balancing', 'deployment-models', 'sla'] as const;

const stepName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a step name: lowercase letters, digits and dashes, starting with a letter or digit');
const text = z.string().min(1).max(10_000);
const scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const tolerance = z.union([z.number().min(0), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'a percentage such as "5%"')]);

/** One check: a path and exactly one comparator (the rule is lab-rules.ts's, for a clearer message). */
const check = z.looseObject({ path: z.string().min(1).max(500), tolerance: tolerance.optional() })
  .describe(`a path into the result and one comparator: ${COMPARATORS.join(', ')}`);

const param = z.union([
  z.strictObject({ choice: z.array(z.union([z.string().max(200), z.number()])).min(1).max(1000) }),
  z.strictObject({ range: z.tuple([z.number(), z.number()]), step: z.number().positive().optional() }),
]);

/**
 * A counterfactual the model computes (issue 14): a dcctl command run on a copy of the state,
 * the path it reads, and what it means. `whatIf` is shown after a wrong answer or a failed check;
 * a `misconception` when the answer matches its value and not the right one.
 */
const counterfactual = z.strictObject({ run: z.string().min(1).max(10_000), show: z.string().min(1).max(500), say: text });

/**
 * A law of the model asserted by the lab (issue 14): `run` once per value of `vary.param` (each on
 * its own copy of the state), `path` read from each result, and the readings, in the order of
 * `values`, must follow `is` (more bandwidth never raises downtime: non-increasing).
 */
export const RELATION_LAWS = ['increasing', 'non-decreasing', 'decreasing', 'non-increasing', 'constant'] as const;
const paramName = z.string().regex(/^[A-Za-z_][\w-]{0,62}$/, 'a param name: a letter or _, then letters, digits, _ or -');
const relation = z.strictObject({
  vary: z.strictObject({ param: paramName, values: z.array(z.union([z.string().min(1).max(200), z.number()])).min(2).max(50) }),
  run: z.string().min(1).max(10_000),
  path: z.string().min(1).max(500),
  is: z.enum(RELATION_LAWS),
});
const relationCheck = z.strictObject({ relation }).describe('a law of the model: vary a param, run, read a path, and the readings follow `is`');
const anyCheck = z.union([relationCheck, check]);

const step = z.strictObject({
  name: stepName,
  run: z.string().min(1).max(10_000).optional(),
  task: text.optional(),
  expect: z.strictObject({ exitCode: z.number().int().min(0).max(255).optional(), checks: z.array(anyCheck).max(100).optional() }).optional(),
  ask: z.strictObject({
    question: text,
    answer: scalar.optional(),
    choices: z.array(scalar).min(2).max(26).optional(),
    tolerance: tolerance.optional(),
    misconceptions: z.array(counterfactual).max(20).optional(),
    whatIf: z.array(counterfactual).max(20).optional(),
  }).optional(),
  whatIf: z.array(counterfactual).max(20).optional(),
  misconceptions: z.array(counterfactual).max(20).optional(),
  check: z.array(z.union([relationCheck, z.strictObject({ run: z.string().min(1).max(10_000), checks: z.array(anyCheck).min(1).max(100) })])).max(50).optional(),
  relation: relation.optional(),
  relations: z.array(relation).max(50).optional(),
  /** How many tries a task gets (hands-on sessions) and how much of its points each failed try takes away. */
  attempts: z.strictObject({ max: z.number().int().min(1).max(100).optional(), decay: z.number().min(0).max(1).optional() }).optional(),
  solution: z.array(z.string().min(1).max(10_000)).max(100).optional(),
  points: z.number().min(0).max(1000).optional(),
  hint: text.optional(),
  hints: z.array(text).max(20).optional(),
  explain: text.optional(),
});

export const labFileSchema = z.strictObject({
  apiVersion: z.literal('dcctl/v1'),
  kind: z.literal('Lab'),
  metadata: z.strictObject({ name: stepName, title: z.string().min(1).max(200).optional() }),
  spec: z.strictObject({
    topics: z.array(z.enum(LAB_TOPICS)).min(1),
    datacenter: z.union([z.string().min(1).max(4096), z.looseObject({ apiVersion: z.string(), kind: z.literal('Datacenter') })]),
    params: z.record(paramName, param).optional(),
    passScore: z.number().min(0).max(1).optional(),
    steps: z.array(step).min(1).max(200),
  }),
});

export type LabFile = z.infer<typeof labFileSchema>;
export type LabStep = LabFile['spec']['steps'][number];
export type LabRelation = z.infer<typeof relation>;
export type RelationLaw = (typeof RELATION_LAWS)[number];

export function labJsonSchema(): Record<string, unknown> {
  return fileJsonSchema(labFileSchema, 'lab', 'dcctl lab (apiVersion dcctl/v1, kind Lab)');
}
