import { createHash } from 'node:crypto';
import { JavaRandom } from '../simulate/stats.js';

/**
 * Per-student variants of a lab (issue 13): each param is drawn from the variant's seed, in the
 * order the lab declares them, with java.util.Random (a published generator, so a seed names
 * the same variant on every machine and version) seeded through sha256 (generatorSeed).
 */
export type ParamSpec = { choice: readonly (string | number)[] } | { range: readonly [number, number]; step?: number };
export type ParamValue = string | number;

/** The values a param can take (a range: lo, lo + step, ... up to hi; step defaults to 1). */
export function paramValues(spec: ParamSpec): ParamValue[] {
  if ('choice' in spec) return [...spec.choice];
  const [lo, hi] = spec.range;
  const step = spec.step ?? 1;
  const count = Math.floor((hi - lo) / step + 1e-9) + 1;
  // Rounded to the step's decimals, so 0.1 steps give 0.3, not 0.30000000000000004.
  const decimals = (String(step).split('.')[1] ?? '').length + (String(lo).split('.')[1] ?? '').length;
  return Array.from({ length: count }, (_, i) => Number((lo + i * step).toFixed(decimals)));
}

/** What is wrong with a param spec (null: nothing). */
export function paramSpecProblem(spec: ParamSpec): string | null {
  if ('choice' in spec) return spec.choice.length === 0 ? 'choice needs at least one value' : null;
  const [lo, hi] = spec.range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi < lo) return `range [${lo}, ${hi}] must be two numbers, the first not above the second`;
  if (spec.step !== undefined && !(spec.step > 0)) return `step must be above 0; got ${spec.step}`;
  if ((hi - lo) / (spec.step ?? 1) > 1_000_000) return 'a range may hold at most 1,000,000 values';
  return null;
}

/**
 * The generator's seed for a variant: the first 48 bits of sha256 of the seed's decimal text.
 * java.util.Random seeded with 1, 2, 3 ... directly gives nearly the same first draws (its first
 * output's high bits barely depend on the seed's low bits: seeds 1..20 all drew the same of four
 * values), so consecutive variant seeds are spread by the hash first.
 */
export function generatorSeed(seed: number): number {
  return createHash('sha256').update(String(seed)).digest().readUIntBE(0, 6);
}

export function drawParams(specs: Readonly<Record<string, ParamSpec>>, seed: number): Record<string, ParamValue> {
  const random = new JavaRandom(generatorSeed(seed));
  const drawn: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const values = paramValues(spec);
    drawn[name] = values[random.nextInt(values.length)]!;
  }
  return drawn;
}

/** A student's seed: the first 31 bits of sha256("<lab>\n<student>"), the same everywhere and always. */
export function studentSeed(lab: string, student: string): number {
  return createHash('sha256').update(`${lab}\n${student}`).digest().readUInt32BE(0) >>> 1;
}

/** `${name}` replaced by the param's value; an unknown name is reported, never left in place. */
export function substitute(text: string, params: Readonly<Record<string, ParamValue>>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = text.replace(/\$\{([A-Za-z_][\w-]*)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) {
      unknown.push(name);
      return whole;
    }
    return String(params[name]);
  });
  return { text: out, unknown };
}
