/**
 * Placement policies, one registry keyed by the names users type. Each ranks the hosts that
 * passed every filter; the smallest rank wins, so ties always go to the host defined first.
 * All are O(hosts) per VM when run over the verdicts; batch.ts ranks classes of identical hosts.
 */

export interface Candidate {
  /** Position of the host in definition order. */
  index: number;
  host: string;
  /** Free share left after placing the VM: mean of free vCPU and free memory fractions. */
  remaining: number;
}

export interface RankContext {
  hostCount: number;
  /** Index of the host round-robin used last (-1 before the first placement). */
  cursor: number;
}

export interface PlacementPolicy {
  name: string;
  description: string;
  rank(candidate: Candidate, context: RankContext): [number, number];
}

export const POLICIES = {
  'first-fit': {
    name: 'first-fit',
    description: 'the first host in definition order that fits',
    rank: (c) => [c.index, 0],
  },
  'best-fit': {
    name: 'best-fit',
    description: 'the host with the least capacity left after placement (packs hosts)',
    rank: (c) => [c.remaining, c.index],
  },
  'worst-fit': {
    name: 'worst-fit',
    description: 'the host with the most capacity left after placement (spreads load)',
    rank: (c) => [-c.remaining, c.index],
  },
  'round-robin': {
    name: 'round-robin',
    description: 'the next host after the one used last, wrapping around',
    rank: (c, ctx) => [(c.index - ctx.cursor - 1 + ctx.hostCount) % ctx.hostCount, 0],
  },
} as const satisfies Record<string, PlacementPolicy>;

export type PolicyName = keyof typeof POLICIES;
export const POLICY_NAMES = Object.keys(POLICIES) as [PolicyName, ...PolicyName[]];

export function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(POLICIES, name);
}

export function rankBefore(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

export function choose(policy: PlacementPolicy, candidates: readonly Candidate[], context: RankContext): Candidate | undefined {
  let best: Candidate | undefined;
  let bestRank: [number, number] | undefined;
  for (const candidate of candidates) {
    const rank = policy.rank(candidate, context);
    if (!bestRank || rankBefore(rank, bestRank)) {
      best = candidate;
      bestRank = rank;
    }
  }
  return best;
}
