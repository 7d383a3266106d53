/**
 * The one place where quantities with units are parsed and formatted.
 * Base units inside dcctl: bytes, bytes per second, MHz, seconds, watts, fractions (0..1).
 */

export class UnitError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'UnitError';
  }
}

const KiB = 1024;
export const MiB = KiB * 1024;
export const GiB = MiB * 1024;
export const TiB = GiB * 1024;

const BYTE_FACTORS: Record<string, number> = {
  B: 1, KiB, MiB, GiB, TiB,
  kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
};

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+]?\d+)?`;

/** Patterns exported for the JSON Schema so that editors check units as users type. */
export const PATTERNS = {
  bytes: String.raw`^\s*${NUMBER}\s*(?:B|KiB|MiB|GiB|TiB|kB|KB|MB|GB|TB)\s*$`,
  bandwidth: String.raw`^\s*${NUMBER}\s*(?:[kKMGT]?(?:bit/s|bps|b/s|B/s)|[KMGT]iB/s)\s*$`,
  frequency: String.raw`^\s*${NUMBER}\s*(?:MHz|GHz)\s*$`,
  duration: String.raw`^\s*${NUMBER}\s*(?:ms|s|min|h)\s*$`,
  percent: String.raw`^\s*${NUMBER}\s*%\s*$`,
  power: String.raw`^\s*${NUMBER}\s*(?:W|kW)\s*$`,
} as const;

function split(text: string, what: string, example: string): { value: number; unit: string } {
  const match = /^\s*((?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+]?\d+)?)\s*([A-Za-z/%]*)\s*$/.exec(text);
  if (!match) {
    if (/^\s*-/.test(text)) throw new UnitError(`${what} cannot be negative: "${text}"`, `write a positive quantity such as ${example}`);
    throw new UnitError(`not a ${what}: "${text}"`, `write a number and a unit, such as ${example}`);
  }
  const value = Number(match[1]);
  if (!Number.isFinite(value)) throw new UnitError(`${what} is too large: "${text}"`, `write a realistic quantity such as ${example}`);
  return { value, unit: match[2] ?? '' };
}

/** Units are matched exactly; a unit that differs only in case gets a did-you-mean. */
function lookup(table: Record<string, number>, unit: string, text: string, what: string, example: string): number {
  const factor = table[unit];
  if (factor !== undefined) return factor;
  if (unit === '' && Number(text) === 0) return 1; // zero needs no unit
  if (unit === '') throw new UnitError(`${what} needs a unit: "${text}"`, `a bare number is ambiguous here; write it with a unit, such as ${example}`);
  const near = Object.keys(table).find((known) => known.toLowerCase() === unit.toLowerCase());
  const hint = near ? `did you mean ${near}?` : `known units: ${Object.keys(table).join(', ')}; for example ${example}`;
  throw new UnitError(`unknown ${what} unit "${unit}" in "${text}"`, hint);
}

/** "4GiB" -> 4294967296. Binary (KiB, MiB, ...) and decimal (kB, MB, ...) units. */
export function parseBytes(text: string): number {
  const { value, unit } = split(text, 'size', '4GiB');
  // "kB", "KB" and "Kb" would all be one key; "Mb" (megabit) is not a size: refuse it.
  if (/^[kKMGT]b$/.test(unit)) throw new UnitError(`"${text}" is in bits, not bytes`, `write ${value}${unit[0]!.toUpperCase()}B or ${value}${unit[0]!.toUpperCase()}iB`);
  const bytes = value * lookup(BYTE_FACTORS, unit, text, 'size', '4GiB');
  if (!Number.isSafeInteger(Math.round(bytes))) throw new UnitError(`size is too large: "${text}"`, 'sizes above 8 PiB are not supported');
  return Math.round(bytes);
}

const DECIMAL_PREFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
const BINARY_PREFIX: Record<string, number> = { K: KiB, M: MiB, G: GiB, T: TiB };

/**
 * "10Gbit/s" -> 1.25e9 bytes per second. Bits: bit/s, bps, b/s with k/M/G/T prefixes;
 * bytes: B/s with decimal (MB/s) or binary (MiB/s) prefixes. Case matters: Mb/s is bits, MB/s bytes.
 */
export function parseBandwidth(text: string): number {
  const { value, unit } = split(text, 'bandwidth', '10Gbit/s');
  const bits = /^([kKMGT]?)(?:bit\/s|bps|b\/s)$/.exec(unit);
  if (bits) return (value * DECIMAL_PREFIX[bits[1]!]!) / 8;
  const bytes = /^([kKMGT]?)(i?)B\/s$/.exec(unit);
  if (bytes && bytes[2] === 'i' && bytes[1]) return value * BINARY_PREFIX[bytes[1].toUpperCase()]!;
  if (bytes && bytes[2] === '') return value * DECIMAL_PREFIX[bytes[1]!]!;
  throw new UnitError(
    unit === '' ? `bandwidth needs a unit: "${text}"` : `unknown bandwidth unit "${unit}" in "${text}"`,
    'write bits per second (100Mbit/s, 10Gbit/s) or bytes per second (40MiB/s, 125MB/s)',
  );
}

/** "2.6GHz" or 2600 -> 2600 (MHz). */
export function parseFrequencyMHz(input: string | number): number {
  if (typeof input === 'number') return input;
  const { value, unit } = split(input, 'frequency', '2.6GHz');
  return value * lookup({ MHz: 1, GHz: 1000 }, unit, input, 'frequency', '2.6GHz');
}

/** "300ms" -> 0.3 (seconds). */
export function parseDurationSec(text: string): number {
  const { value, unit } = split(text, 'duration', '300ms');
  return value * lookup({ ms: 1e-3, s: 1, min: 60, h: 3600 }, unit, text, 'duration', '300ms');
}

/** "40%" -> 0.4; a number must already be a fraction between 0 and 1. */
export function parseFraction(input: string | number): number {
  if (typeof input === 'number') {
    if (input < 0 || input > 1) throw new UnitError(`${input} is not a fraction between 0 and 1`, `write a percentage such as ${Math.min(100, Math.abs(input))}%`);
    return input;
  }
  const { value, unit } = split(input, 'percentage', '40%');
  if (unit !== '%') throw new UnitError(`not a percentage: "${input}"`, 'write a percentage such as 40%');
  if (value > 100) throw new UnitError(`percentage above 100%: "${input}"`, 'a share is at most 100%');
  return value / 100;
}

/** "86W" -> 86. */
export function parseWatts(text: string): number {
  const { value, unit } = split(text, 'power', '86W');
  return value * lookup({ W: 1, kW: 1000 }, unit, text, 'power', '86W');
}

// ---- formatting for humans ---------------------------------------------------------------

function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** A number with at most `digits` decimals and no trailing zeros (2.5, 8, 1.13): ratios, vCPUs. */
export function formatNumber(n: number, digits = 2): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatBytes(bytes: number, digits = 1): string {
  const abs = Math.abs(bytes);
  if (abs >= TiB) return `${trim(bytes / TiB, digits)} TiB`;
  if (abs >= GiB) return `${trim(bytes / GiB, digits)} GiB`;
  if (abs >= MiB) return `${trim(bytes / MiB, digits)} MiB`;
  if (abs >= KiB) return `${trim(bytes / KiB, digits)} KiB`;
  return `${trim(bytes, 0)} B`;
}

export function formatBandwidth(bytesPerSec: number): string {
  const bits = bytesPerSec * 8;
  if (bits >= 1e9) return `${trim(bits / 1e9, 2)} Gbit/s`;
  if (bits >= 1e6) return `${trim(bits / 1e6, 2)} Mbit/s`;
  if (bits >= 1e3) return `${trim(bits / 1e3, 2)} kbit/s`;
  return `${trim(bits, 0)} bit/s`;
}

/** Bytes per second the way migration tools print them: MB/s (decimal), e.g. 125 MB/s for 1 Gbit/s. */
export function formatByteRate(bytesPerSec: number): string {
  if (bytesPerSec >= 1e9) return `${trim(bytesPerSec / 1e9, 2)} GB/s`;
  if (bytesPerSec >= 1e6) return `${trim(bytesPerSec / 1e6, 1)} MB/s`;
  if (bytesPerSec >= 1e3) return `${trim(bytesPerSec / 1e3, 1)} kB/s`;
  return `${trim(bytesPerSec, 0)} B/s`;
}

export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${trim(seconds * 1000, 1)} ms`;
  if (seconds < 120) return `${trim(seconds, 2)} s`;
  if (seconds < 7200) return `${trim(seconds / 60, 1)} min`;
  return `${trim(seconds / 3600, 2)} h`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${trim(fraction * 100, digits)}%`;
}

export function formatFrequency(mhz: number): string {
  return mhz >= 1000 ? `${trim(mhz / 1000, 2)} GHz` : `${trim(mhz, 0)} MHz`;
}

/** Simulated clock as d+hh:mm:ss.mmm (the datacenter clock starts at 0). */
export function formatClock(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const days = Math.floor(ms / 86_400_000);
  const rest = ms % 86_400_000;
  const hh = Math.floor(rest / 3_600_000);
  const mm = Math.floor((rest % 3_600_000) / 60_000);
  const ss = Math.floor((rest % 60_000) / 1000);
  const mmm = rest % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${days > 0 ? `${days}d+` : ''}${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(mmm, 3)}`;
}
