import { badInput } from './core/errors.js';
import { UnitError } from './core/units.js';

/** Parse a flag value with a unit parser; a bad value is exit 2 naming the flag. */
export function unitFlag<T>(flag: string, value: string | undefined, parse: (text: string) => T, check?: (parsed: T) => string | null): T | undefined {
  if (value === undefined) return undefined;
  let parsed: T;
  try {
    parsed = parse(value);
  } catch (error) {
    if (error instanceof UnitError) throw badInput('bad-flag', `--${flag}: ${error.message}`, error.hint, { flag: `--${flag}` });
    throw error;
  }
  const problem = check?.(parsed);
  if (problem) throw badInput('bad-flag', `--${flag}: ${problem}`, `give --${flag} a positive value`, { flag: `--${flag}` });
  return parsed;
}

export const positive = (what: string) => (value: number) => (value > 0 ? null : `${what} must be more than 0`);
