/**
 * Errors that reach the user. Exit codes (DESIGN.md): 1 refused or failed, 2 bad input,
 * 3 state problem. Domain refusals carry data (rejections) for --json.
 */
export type ExitCode = 1 | 2 | 3;

export class DcctlError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly exitCode: ExitCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DcctlError';
  }
}

export const badInput = (code: string, message: string, hint: string, details?: Record<string, unknown>) =>
  new DcctlError(code, message, hint, 2, details);

export const refused = (code: string, message: string, hint: string, details?: Record<string, unknown>) =>
  new DcctlError(code, message, hint, 1, details);

export const stateProblem = (code: string, message: string, hint: string, details?: Record<string, unknown>) =>
  new DcctlError(code, message, hint, 3, details);

/** A domain "no" returned by the core as data; the shell turns it into exit 1. */
export interface Refusal {
  refused: true;
  code: string;
  message: string;
  hint: string;
  details?: Record<string, unknown>;
}

export function refusal(code: string, message: string, hint: string, details?: Record<string, unknown>): Refusal {
  return details ? { refused: true, code, message, hint, details } : { refused: true, code, message, hint };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
