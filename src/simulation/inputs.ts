import { badInput } from '../core/errors.js';
import { datacenterScenario } from '../core/simulate/scenario.js';
import { syntheticTraces } from '../core/simulate/synthetic.js';
import type { Trace } from '../core/simulate/trace.js';
import { readTraceDir } from './read-traces.js';
import type { RunSpec } from './run.js';

/** PlanetLab traces sample every 5 minutes. */
export const TRACE_INTERVAL_SEC = 300;

export interface TraceSource {
  trace?: string | undefined;
  synthetic: boolean;
  vms?: number | undefined;
  seed: number;
  /** --duration as typed, for messages. */
  durationText: string;
  durationSec: number;
}

/** The traces of a run: a folder (first --vms of them) or generated ones, long enough for the duration. */
export function loadTraces(s: TraceSource): { traces: Trace[]; source: string } {
  const needed = Math.ceil(s.durationSec / TRACE_INTERVAL_SEC);
  if (s.synthetic) {
    if (!s.vms) throw badInput('bad-flag', '--synthetic needs --vms N', 'e.g. --synthetic --vms 10000 --hosts 2000', { flag: '--vms' });
    return { traces: syntheticTraces(s.vms, needed, s.seed), source: `synthetic, seed ${s.seed}` };
  }
  if (!s.trace) throw badInput('bad-flag', 'give --trace DIR or --synthetic', 'e.g. --trace fixtures/planetlab-mini (bundled), or --synthetic --vms 1000', { flag: '--trace' });
  let traces = readTraceDir(s.trace);
  if (s.vms !== undefined) traces = traces.slice(0, s.vms);
  const shortest = traces.reduce((a, b) => (b.samples.length < a.samples.length ? b : a));
  if (shortest.samples.length < needed) {
    const hours = (shortest.samples.length * TRACE_INTERVAL_SEC) / 3600;
    throw badInput('trace-too-short', `${s.trace}/${shortest.name}: ${shortest.samples.length} samples cover ${hours} h, less than --duration ${s.durationText}`,
      `shorten --duration to at most ${hours}h or use longer traces`, { file: shortest.name });
  }
  return { traces, source: s.trace };
}

/** The hosts of a datacenter file as a simulation fleet; each needs a clock and a power model. */
export async function loadDatacenterHosts(file: string): Promise<NonNullable<RunSpec['datacenterHosts']>> {
  const { readDatacenterFile } = await import('../config/read.js'); // yaml and zod only when needed
  const hosts = readDatacenterFile(file).datacenter.hosts.map((h) => ({
    name: h.name, cluster: h.cluster, cores: h.cores, mhz: h.mhz, memoryBytes: h.memoryBytes, nicBytesPerSec: h.nicBytesPerSec,
    power: h.power === null ? null : h.power.kind === 'linear' ? { kind: 'linear' as const, idleW: h.power.idleW, maxW: h.power.maxW } : { kind: 'table' as const, tableW: h.power.tableW },
  }));
  const check = datacenterScenario(hosts);
  if ('missing' in check) {
    const named = check.missing.slice(0, 5).join(', ') + (check.missing.length > 5 ? ', ...' : '');
    throw badInput('simulate-hosts', `${file}: ${check.missing.length ? `hosts without a clock (cpu.mhz) or power model: ${named}` : 'no hosts'}`,
      'simulation needs each host\'s per-core clock (MIPS) and a power model (power: {idle, max} or a SPECpower table)');
  }
  return hosts;
}
