import { describe, expect, it } from 'vitest';
import { MIGRATIONS_PER_HOST, precopyTimer } from '../../../src/core/simulate/precopy.js';

const view = { ramMB: () => 870, utilizationFraction: () => 0.2, hostBwKbps: () => 1_000_000 };

describe('pre-copy timing of the migrations a tick selects', () => {
  it('each host takes part in at most two at a time; the third waits for the first to finish', () => {
    expect(MIGRATIONS_PER_HOST).toBe(2);
    const [a, b, c] = precopyTimer().durations([{ vm: 0, from: 0, to: 1 }, { vm: 1, from: 0, to: 2 }, { vm: 2, from: 0, to: 3 }], view);
    expect(a!.startOffsetSec).toBe(0);
    expect(b!.startOffsetSec).toBe(0);
    expect(c!.startOffsetSec).toBeCloseTo(a!.durationSec, 9);
    // the first two share host 0's half link (62.5 MB/s): each takes at least 870 MB / 31.25 MB/s
    expect(a!.durationSec).toBeGreaterThanOrEqual(870 / 31.25);
    // the third runs alone on the link, so it is faster than the shared pair
    expect(c!.durationSec).toBeLessThan(a!.durationSec);
    for (const m of [a, b, c]) expect(m!.downtimeSec).toBeGreaterThan(0);
  });

  it('migrations on disjoint hosts start at once and do not slow each other', () => {
    const [a, b] = precopyTimer().durations([{ vm: 0, from: 0, to: 1 }, { vm: 1, from: 2, to: 3 }], view);
    expect(a!.startOffsetSec).toBe(0);
    expect(b!.startOffsetSec).toBe(0);
    expect(a!.durationSec).toBeCloseTo(b!.durationSec, 9);
    expect(a!.durationSec).toBeLessThan(870 / 31.25);
  });
});
