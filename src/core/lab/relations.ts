import type { LabRelation, LabStep, RelationLaw } from '../../config/lab-schema.js';
import type { LabCheck } from './grade.js';

/** A step's checks as written may hold relations among them; these are judged apart (they run commands of their own). */
type WrittenCheck = LabCheck | { relation: LabRelation };
type WrittenGroup = { run: string; checks: WrittenCheck[] } | { relation: LabRelation };

const isRelation = (c: unknown): c is { relation: LabRelation } => typeof c === 'object' && c !== null && Object.hasOwn(c, 'relation');

/** The step's own comparator checks (a run step's expect.checks), without relations. */
export function expectChecks(step: LabStep): LabCheck[] {
  return ((step.expect?.checks ?? []) as WrittenCheck[]).filter((c): c is LabCheck => !isRelation(c));
}

/** A task's check groups, each a command and its comparator checks, without relations. */
export function checkGroups(step: LabStep): { run: string; checks: LabCheck[] }[] {
  return ((step.check ?? []) as WrittenGroup[])
    .filter((g): g is { run: string; checks: WrittenCheck[] } => !isRelation(g))
    .map((g) => ({ run: g.run, checks: g.checks.filter((c): c is LabCheck => !isRelation(c)) }))
    .filter((g) => g.checks.length > 0);
}

/**
 * Every relation of a step wherever the lab wrote it: `relation:` / `relations:` on the step, an
 * item `{ relation }` of expect.checks, of check, or of a check group's checks.
 */
export function stepRelations(step: LabStep): LabRelation[] {
  const found: LabRelation[] = [];
  if (step.relation) found.push(step.relation);
  found.push(...(step.relations ?? []));
  for (const c of (step.expect?.checks ?? []) as WrittenCheck[]) if (isRelation(c)) found.push(c.relation);
  for (const g of (step.check ?? []) as WrittenGroup[]) {
    if (isRelation(g)) found.push(g.relation);
    else for (const c of g.checks) if (isRelation(c)) found.push(c.relation);
  }
  return found;
}

/** Whether readings taken in the order of the varied values follow the law (every one a number). */
export function followsLaw(law: RelationLaw, readings: readonly unknown[]): boolean {
  if (readings.length < 2 || !readings.every((r) => typeof r === 'number' && Number.isFinite(r))) return false;
  const values = readings as number[];
  // A relative slack of 1e-9 so that a value computed two ways (1e-16 apart) counts as equal.
  const eq = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  for (let i = 1; i < values.length; i++) {
    const [a, b] = [values[i - 1]!, values[i]!];
    const ok = law === 'increasing' ? b > a && !eq(a, b)
      : law === 'decreasing' ? b < a && !eq(a, b)
        : law === 'non-decreasing' ? b >= a || eq(a, b)
          : law === 'non-increasing' ? b <= a || eq(a, b)
            : eq(a, b);
    if (!ok) return false;
  }
  return true;
}
