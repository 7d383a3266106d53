/**
 * Colour and small glyphs for humans. Colour only on a TTY, never with --no-color or NO_COLOR,
 * never in JSON mode (the base command decides once per run).
 */
import { sgr } from './terminal.js';

let colour = false;

export function setColour(enabled: boolean): void {
  colour = enabled;
}

/**
 * --color forces colour (into a pipe too, and over NO_COLOR: a flag typed for this run wins over
 * the environment, as no-color.org advises); --no-color turns it off; neither: a TTY decides,
 * with NO_COLOR and TERM=dumb honoured.
 */
export function colourWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (flag !== undefined) return flag;
  return isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

const wrap = (open: number, close: number) => (text: string) => (colour ? `${sgr(String(open))}${text}${sgr(String(close))}` : text);
export const bold = wrap(1, 22);
export const dim = wrap(2, 22);
export const red = wrap(31, 39);
export const green = wrap(32, 39);
export const yellow = wrap(33, 39);
export const cyan = wrap(36, 39);

/** A horizontal bar for a fraction of a whole; a marker shows a limit when given (both as fractions of `scale`). */
export function bar(fraction: number, width = 24, scale = 1): string {
  const filled = Math.max(0, Math.min(width, Math.round((fraction / scale) * width)));
  const text = '█'.repeat(filled) + '░'.repeat(width - filled);
  if (fraction > scale + 1e-9) return red(text);
  if (fraction / scale >= 0.85) return yellow(text);
  return green(text);
}

export function risk(level: string): string {
  if (level === 'high') return red(level);
  if (level === 'medium') return yellow(level);
  return level === 'none' ? dim(level) : level;
}

export function stateColour(state: string): string {
  if (state === 'active' || state === 'on') return green(state);
  if (state === 'paused' || state === 'suspended' || state === 'maintenance' || state === 'migrating') return yellow(state);
  return dim(state);
}
