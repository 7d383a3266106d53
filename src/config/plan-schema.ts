import { z } from 'zod';
import { fileJsonSchema } from './json-schema.js';
import { HOST_STATES } from '../core/model.js';
import { MIGRATION_MODES } from '../core/migration/types.js';
import { FINGERPRINT_PARTS } from '../core/plan/fingerprint.js';

/**
 * The plan file (issue 15): `consolidate`, `balance` and `host maintenance enter` write it with
 * --out; people edit it or write it by hand; `plan check` and `plan apply` read it. The keys are
 * the contract; core/plan/document.ts says what they mean.
 */
const name = z.string().min(1).max(63);
const move = z.strictObject({
  vm: name,
  to: name,
  from: name.optional(),
  mode: z.enum(MIGRATION_MODES).optional(),
  reason: z.string().max(2000).optional(),
  predicted: z.strictObject({ timeSec: z.number().min(0), downtimeMs: z.number().min(0) }).optional(),
}).describe('one migration: the VM, its target, and optionally its source (checked) and mode (default: what its state allows)');

const beforeAfter = z.strictObject({ before: z.number(), after: z.number() });

export const planFileSchema = z.strictObject({
  apiVersion: z.literal('dcctl/v1'),
  kind: z.literal('Plan'),
  metadata: z.strictObject({ name: z.string().min(1).max(200), createdBy: z.string().max(2000).optional(), createdAtSec: z.number().min(0).optional() }),
  spec: z.strictObject({
    strategy: z.string().max(100).optional(),
    fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256: and 64 hex digits, as dcctl writes it').optional(),
    basis: z.strictObject({
      ...Object.fromEntries(FINGERPRINT_PARTS.map((p) => [p, z.string().regex(/^[0-9a-f]{16}$/).optional()])) as Record<(typeof FINGERPRINT_PARTS)[number], z.ZodOptional<z.ZodString>>,
      nextEventId: z.number().int().min(1).optional(),
      journal: z.string().max(100).optional(),
    }).optional(),
    maxConcurrent: z.number().int().min(1).max(1000).optional(),
    hostStates: z.record(name, z.enum(HOST_STATES)).optional(),
    steps: z.array(z.strictObject({ moves: z.array(move).min(1).max(1_000_000) })).max(1_000_000),
  }),
  predicted: z.strictObject({
    makespanSec: z.number().min(0),
    moves: z.number().int().min(0),
    bytesSent: z.number().min(0),
    worstDowntimeMs: z.number().min(0),
    activeHosts: beforeAfter,
    hostsOn: beforeAfter,
    powerWatts: beforeAfter,
    energyPerDayKWh: beforeAfter,
  }).optional(),
});

export type PlanFile = z.infer<typeof planFileSchema>;

export function planJsonSchema(): Record<string, unknown> {
  return fileJsonSchema(planFileSchema, 'plan', 'dcctl plan (apiVersion dcctl/v1, kind Plan)');
}
