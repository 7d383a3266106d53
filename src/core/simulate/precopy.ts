import type { MigrationTimer } from './engine.js';

/** Placeholder replaced below. */
export function precopyTimer(): MigrationTimer {
  return { durations: (moves, sim) => moves.map((m) => ({ durationSec: sim.ramMB(m.vm) / (sim.hostBwKbps(m.to) / 16000), downtimeSec: 0 })) };
}
