import { DcctlError } from './core/errors.js';
import { closest } from './core/text.js';

/**
 * oclif's parse errors, rewritten as whole sentences that name the argument or flag and why:
 * oclif puts the reason on a second line (`Parsing --cpus \n\tExpected an integer ...`) or in
 * a list, and the first line alone says nothing.
 */

interface FlagInfo {
  name: string;
  char?: string;
  description?: string;
  options?: readonly string[];
  type?: string;
  hidden?: boolean;
  allowNo?: boolean;
  helpValue?: string | string[];
  min?: number;
  max?: number;
}

interface ArgInfo {
  name: string;
  description?: string;
  required?: boolean;
}

export interface CommandInfo {
  /** As the user types it: "vm migrate". */
  id: string;
  bin: string;
  flags: Record<string, FlagInfo>;
  args: Record<string, ArgInfo>;
}

type OclifError = Error & { oclif?: { exit?: number }; args?: ArgInfo[] | string[]; flags?: string[]; parse?: unknown };

const usage = (info: CommandInfo) => {
  const args = Object.values(info.args).map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`));
  return `${info.bin} ${info.id}${args.length ? ` ${args.join(' ')}` : ''}`;
};

const helpHint = (info: CommandInfo) => `${info.bin} ${info.id} --help lists its flags and arguments`;

function flagHint(info: CommandInfo, name: string): string {
  const flag = info.flags[name];
  if (!flag?.description) return helpHint(info);
  const range = flag.min === undefined ? '' : `: a whole number from ${flag.min}${flag.max === undefined ? '' : ` to ${flag.max}`}`;
  return `--${name} is ${flag.description}${range}`;
}

function usageError(message: string, hint: string, details: Record<string, unknown>): DcctlError {
  return new DcctlError('usage', message, hint, 2, details);
}

/** A flag value oclif could not parse (integers with min/max, custom parsers). */
function parseFailure(info: CommandInfo, flag: string, reason: string): DcctlError {
  let m = /^Expected an integer but received: (.*)$/s.exec(reason);
  if (m) return usageError(`--${flag} takes a whole number, not "${m[1]}"`, flagHint(info, flag), { flag: `--${flag}`, value: m[1] });
  m = /^Expected an integer greater than or equal to (-?\d+) but received: (.*)$/s.exec(reason);
  if (m) return usageError(`--${flag} must be at least ${m[1]}; got ${m[2]}`, flagHint(info, flag), { flag: `--${flag}`, value: m[2], min: Number(m[1]) });
  m = /^Expected an integer less than or equal to (-?\d+) but received: (.*)$/s.exec(reason);
  if (m) return usageError(`--${flag} may be at most ${m[1]}; got ${m[2]}`, flagHint(info, flag), { flag: `--${flag}`, value: m[2], max: Number(m[1]) });
  return usageError(`--${flag}: ${reason}`, flagHint(info, flag), { flag: `--${flag}` });
}

function invalidOption(info: CommandInfo, flag: string, input: string, options: string[]): DcctlError {
  const near = closest(input, options);
  return usageError(`--${flag} "${input}" is not one of ${options.join(', ')}`,
    near ? `did you mean --${flag} ${near}?` : flagHint(info, flag), { flag: `--${flag}`, value: input, options });
}

function unknownFlag(info: CommandInfo, typed: string): DcctlError {
  const names = Object.entries(info.flags).filter(([, f]) => !f.hidden).flatMap(([n, f]) => [n, ...(f.allowNo ? [`no-${n}`] : [])]);
  const bare = typed.replace(/^-+/, '').split('=')[0]!;
  const near = typed.startsWith('--') || bare.length > 1 ? closest(bare, names) : undefined;
  return usageError(`${info.bin} ${info.id} has no flag ${typed}`, near ? `did you mean --${near}? (${helpHint(info)})` : helpHint(info), { flag: typed, ...(near ? { suggestion: `--${near}` } : {}) });
}

/** The first reason of a flag-validation error: missing required flags, exclusive flags, dependencies. */
function validationFailure(info: CommandInfo, reasons: string[]): DcctlError {
  const first = reasons[0] ?? 'invalid flags';
  const missing = /^Missing required flag (\S+)/.exec(first);
  if (missing) {
    const flag = missing[1]!.replace(/^-+/, '');
    const description = info.flags[flag]?.description;
    const value = info.flags[flag]?.helpValue;
    return usageError(`${info.bin} ${info.id} needs --${flag}${description ? ` (${description})` : ''}`, `usage: ${usage(info)} --${flag} ${typeof value === 'string' ? value : '<value>'}`, { flag: `--${flag}` });
  }
  const sentence = first.replace(/\s+/g, ' ').replace(/See more help with --help$/, '').trim();
  const flag = /--([a-z0-9-]+)/.exec(sentence)?.[1];
  return usageError(sentence.endsWith('.') ? sentence.slice(0, -1) : sentence, helpHint(info), flag ? { flag: `--${flag}` } : {});
}

/** oclif parse error -> a usage DcctlError (exit 2) whose message names the flag or argument and why. */
export function usageErrorFrom(error: OclifError, info: CommandInfo): DcctlError {
  const text = error.message.replace(/\nSee more help with --help\s*$/, '');
  switch (error.constructor.name) {
    case 'RequiredArgsError': {
      const missing = (error.args as ArgInfo[] | undefined) ?? [];
      const names = missing.map((a) => a.name.toUpperCase());
      const described = missing.map((a) => `${a.name.toUpperCase()}${a.description ? ` (${a.description})` : ''}`).join(', ');
      return usageError(`${info.bin} ${info.id} needs ${missing.length === 1 ? 'an argument' : 'arguments'}: ${described || 'see --help'}`, `usage: ${usage(info)}`, { argument: names.join(' ') });
    }
    case 'UnexpectedArgsError': {
      const extra = (error.args as string[] | undefined) ?? [];
      const takes = Object.keys(info.args).length;
      return usageError(`${info.bin} ${info.id} takes ${takes === 0 ? 'no arguments' : takes === 1 ? 'one argument' : `${takes} arguments`}; ${extra.map((a) => `"${a}"`).join(', ')} ${extra.length === 1 ? 'is' : 'are'} too many`, `usage: ${usage(info)}`, { argument: extra.join(' ') });
    }
    case 'NonExistentFlagsError':
      return unknownFlag(info, error.flags?.[0] ?? text.replace(/^Nonexistent flags?: /, ''));
    case 'FlagInvalidOptionError': {
      const m = /^Expected --([^=]+)=([\s\S]*) to be one of: (.*)$/.exec(text);
      if (m) return invalidOption(info, m[1]!, m[2]!, m[3]!.split(', '));
      break;
    }
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError': {
      // eslint-disable-next-line no-control-regex
      const reasons = text.replace(/\u001B\[[0-9;]*m/g, '').split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
      return validationFailure(info, reasons);
    }
    default:
      break;
  }
  const parsing = /^Parsing --([a-z0-9-]+) \n\t([\s\S]*)$/.exec(text);
  if (parsing) return parseFailure(info, parsing[1]!, parsing[2]!.trim());
  const option = /^Expected --([^=]+)=([\s\S]*) to be one of: (.*)$/.exec(text);
  if (option) return invalidOption(info, option[1]!, option[2]!, option[3]!.split(', '));
  const flagNeedsValue = /^Flag --([a-z0-9-]+) expects a value/.exec(text);
  if (flagNeedsValue) return usageError(`--${flagNeedsValue[1]} needs a value`, flagHint(info, flagNeedsValue[1]!), { flag: `--${flagNeedsValue[1]}` });
  const twice = /^Flag --([a-z0-9-]+) can only be specified once/.exec(text);
  if (twice) return usageError(`--${twice[1]} is given more than once`, `give --${twice[1]} once`, { flag: `--${twice[1]}` });
  const expectsOne = /^Flag --([a-z0-9-]+) expects one of these values: (.*)$/.exec(text);
  if (expectsOne) return usageError(`--${expectsOne[1]} needs one of ${expectsOne[2]}`, `for example --${expectsOne[1]} ${expectsOne[2]!.split(', ')[0]}`, { flag: `--${expectsOne[1]}` });
  const oneLine = text.replace(/\s*\n\s*/g, ' ').trim();
  return usageError(oneLine, helpHint(info), {});
}
