/**
 * The order of a comparison: ESV (energy x SLA violation) ranks the policies that consolidate, best
 * first; npa and dvfs never migrate, so their SLAV and ESV are 0 whatever energy they burn: they
 * are baselines (no detector parameter), listed last. Ties by name.
 */
export function rankForComparison<T extends { policy: string; parameter: number | null; result: { metrics: { esv: number } } }>(outcomes: readonly T[]): { ranked: T[]; baselines: string[] } {
  const baseline = (o: T) => (o.parameter === null ? 1 : 0);
  const ranked = [...outcomes].sort((a, b) => baseline(a) - baseline(b) || a.result.metrics.esv - b.result.metrics.esv || a.policy.localeCompare(b.policy));
  return { ranked, baselines: ranked.filter((o) => baseline(o)).map((o) => o.policy) };
}
