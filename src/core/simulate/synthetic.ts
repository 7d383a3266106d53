import { JavaRandom } from './stats.js';
import type { Trace } from './trace.js';

/**
 * Synthetic traces with PlanetLab-like statistics (20110303: mean 12.3 %, st. dev. 17.1 %,
 * quartiles 2 / 6 / 15 %), for scale runs. Each VM has a lognormal base level; samples follow an
 * AR(1) process on the log scale around it (bursty, autocorrelated, many near-idle VMs), rounded
 * to integer percent and clamped to 0..99. Deterministic for a seed.
 */
export function syntheticTraces(vms: number, samples: number, seed: number): Trace[] {
  const random = new JavaRandom(seed);
  const gaussian = () => {
    // Box-Muller from two uniforms (one value per call keeps the stream simple).
    const u1 = Math.max(random.nextDouble(), Number.MIN_VALUE);
    const u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const width = String(vms).length;
  const traces: Trace[] = [];
  for (let v = 0; v < vms; v++) {
    const base = Math.log(LEVEL_MEDIAN_PERCENT) + LEVEL_SIGMA * gaussian();
    const out = new Uint8Array(samples);
    let x = NOISE_SIGMA * gaussian();
    for (let k = 0; k < samples; k++) {
      x = AR_PHI * x + Math.sqrt(1 - AR_PHI * AR_PHI) * NOISE_SIGMA * gaussian();
      const value = Math.round(Math.exp(base + x) - 1);
      out[k] = Math.min(99, Math.max(0, value));
    }
    traces.push({ name: `synthetic-${String(v).padStart(width, '0')}`, samples: out });
  }
  return traces;
}

const LEVEL_MEDIAN_PERCENT = 7.5;
const LEVEL_SIGMA = 1.0;
const NOISE_SIGMA = 0.6;
const AR_PHI = 0.9;
