import { badInput } from '../errors.js';

/** One VM's CPU-utilization trace: percent samples (0..100), one per sampling interval. */
export interface Trace {
  name: string;
  /** Integer percent per sample. */
  samples: Uint8Array;
}

/**
 * Parses a PlanetLab trace file (one integer percent per line, `\n` line ends, no header).
 * A malformed line is a bad-input error naming the file and line, as the YAML errors do.
 */
export function parseTrace(name: string, text: string, displayPath = name): Trace {
  return fastParse(name, text) ?? carefulParse(name, text, displayPath);
}

/** The common case, digits and `\n` only, without splitting or regexes; null on anything else. */
function fastParse(name: string, text: string): Trace | null {
  const samples = new Uint8Array(text.length / 2 + 1);
  let count = 0, value = 0, digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3) return null;
    } else if (c === 10) {
      if (digits === 0 || value > 100) return null;
      samples[count++] = value;
      value = 0;
      digits = 0;
    } else return null;
  }
  if (digits > 0) {
    if (value > 100) return null;
    samples[count++] = value;
  }
  return count > 0 ? { name, samples: samples.slice(0, count) } : null;
}

function carefulParse(name: string, text: string, displayPath: string): Trace {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    throw badInput('trace-empty', `${displayPath}: the trace has no samples`, 'a trace has one CPU utilization percentage (0..100) per line');
  }
  const samples = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const trimmed = line.trim();
    if (!/^\d{1,3}$/.test(trimmed) || Number(trimmed) > 100) {
      const column = line.length - line.trimStart().length + 1;
      const shown = line.length > 20 ? `${line.slice(0, 20)}...` : line;
      throw badInput(
        'trace-sample',
        `${displayPath}:${i + 1}:${column}: not a CPU utilization percentage: "${shown}"`,
        'each line of a trace is one integer from 0 to 100 (percent of one CPU over the sampling interval)',
        { file: displayPath, line: i + 1, column },
      );
    }
    samples[i] = Number(trimmed);
  }
  return { name, samples };
}

/** Sorts traces by name in UTF-16 code-unit order (Java's File sort), so VM i is the same file everywhere. */
export function byName(a: Trace, b: Trace): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface TraceStats {
  vms: number;
  samplesPerVm: { min: number; max: number };
  samples: number;
  meanPercent: number;
  stdDevPercent: number;
  quartilesPercent: [number, number, number];
  minPercent: number;
  maxPercent: number;
}

/**
 * Statistics over all samples of a day (population standard deviation; quartiles as the values at
 * ranks ceil(q n), the nearest-rank definition, which gives 2 / 6 / 15 % on 20110303).
 */
export function traceStats(traces: readonly Trace[]): TraceStats {
  const counts = new Float64Array(101);
  let samples = 0, sum = 0, sumSq = 0, minLen = Infinity, maxLen = 0;
  for (const t of traces) {
    minLen = Math.min(minLen, t.samples.length);
    maxLen = Math.max(maxLen, t.samples.length);
    for (const s of t.samples) {
      counts[s]!++;
      sum += s;
      sumSq += s * s;
    }
    samples += t.samples.length;
  }
  const mean = samples ? sum / samples : 0;
  const rank = (q: number) => {
    const target = Math.max(1, Math.ceil(q * samples));
    let seen = 0;
    for (let v = 0; v <= 100; v++) {
      seen += counts[v]!;
      if (seen >= target) return v;
    }
    return 100;
  };
  let min = 0, max = 100;
  while (min < 100 && counts[min] === 0) min++;
  while (max > 0 && counts[max] === 0) max--;
  return {
    vms: traces.length,
    samplesPerVm: { min: traces.length ? minLen : 0, max: maxLen },
    samples,
    meanPercent: mean,
    stdDevPercent: samples ? Math.sqrt(Math.max(0, sumSq / samples - mean * mean)) : 0,
    quartilesPercent: samples ? [rank(0.25), rank(0.5), rank(0.75)] : [0, 0, 0],
    minPercent: samples ? min : 0,
    maxPercent: samples ? max : 0,
  };
}
