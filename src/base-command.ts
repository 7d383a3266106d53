import type { Interfaces } from '@oclif/core';
import { Command, Flags } from '@oclif/core';
import { DcctlError, isRefusal, type Refusal, refused } from './core/errors.js';
import type { Problem } from './config/load.js';
import type { Rejection } from './core/placement/place.js';
import { colourWanted, dim, red, setColour } from './render/style.js';
import { renderRejections } from './render/rejections.js';
import { currentTerminalWidth, setTerminalWidth } from './render/table.js';
import { wrapLines } from './render/wrap.js';
import { safeJson, safeText, toTerminal, toTerminalLine } from './render/terminal.js';
import { resolveStateDir } from './store/paths.js';
import { StateStore } from './store/store.js';
import { commandLine } from './store/invocation.js';
import type { CommandInfo } from './usage-errors.js';
import { usageErrorFrom } from './usage-errors.js';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof DcctlCommand)['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** Exit code of a command ended by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Global flags (--json, --state-dir, --color, --wide) and the output contract: run() returns the
 * command's result object, which --json prints as one document; humans get render() output.
 * Errors: one line and a hint on stderr (or {"error": {...}} on stdout in JSON mode) and the
 * exit code of DESIGN.md: 1 refused, 2 bad input, 3 state problem. Everything printed passes
 * through render/terminal.ts, so control characters from input never reach the terminal raw.
 */
export abstract class DcctlCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    // No `env:` here: DCCTL_STATE_DIR is read by resolveStateDir, so a command can tell a
    // directory the user typed from one the environment set (demo never touches the latter).
    'state-dir': Flags.string({
      description: 'directory of the state store (default: $DCCTL_STATE_DIR, else the user config directory)',
      helpGroup: 'GLOBAL',
    }),
    color: Flags.boolean({ description: 'colour: on a TTY by default; --color forces it (pipes too, over NO_COLOR), --no-color turns it off', allowNo: true, helpGroup: 'GLOBAL' }),
    wide: Flags.boolean({ description: 'full tables whatever the terminal width (pipes always get them)', helpGroup: 'GLOBAL' }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Every positional argument as typed (for variadic commands such as `vm migrate VM...`). */
  protected positional: string[] = [];
  /** A non-zero exit for a run that printed its whole result (an aborted migration: exit 1 with the document). */
  protected failedExitCode: 0 | 1 = 0;

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof DcctlCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.positional = argv as string[];
    this.applyOutputSettings();
  }

  /** Colour and width for this command's output (again after a lab ran other commands in this process). */
  protected applyOutputSettings(): void {
    setColour(!this.jsonEnabled() && colourWanted(this.flags.color as boolean | undefined));
    setTerminalWidth(this.flags.wide || !process.stdout.isTTY ? Infinity : process.stdout.columns || 80);
  }

  protected store(): StateStore {
    return new StateStore(resolveStateDir(this.flags['state-dir']), { command: commandLine(this.id ?? '', this.argv) });
  }

  /** Every human line goes to the terminal through toTerminal (control characters escaped). */
  public override log(message = '', ...args: unknown[]): void {
    super.log(toTerminal(wrapLines(String(message), currentTerminalWidth())), ...args);
  }

  /** Print for humans only; the text is not even built in JSON mode (which prints the returned result). */
  protected show(render: () => string): void {
    if (!this.jsonEnabled()) this.log(render());
  }

  /** Turn a core refusal into an exit-1 error; pass results through. */
  protected accept<R>(value: R | Refusal): R {
    if (isRefusal(value)) throw refused(value.code, value.message, value.hint, value.details);
    return value;
  }

  /** Whether a person is at the keyboard (prompts and spinners only then). */
  protected interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !this.jsonEnabled() && !process.env.CI;
  }

  /**
   * A spinner (ora, on stderr) while `work` runs, only for a person at a terminal. It turns in a
   * worker thread (spinner-worker.ts), so it keeps turning while a planner blocks this thread.
   */
  protected async spin<R>(text: string, work: () => Promise<R>): Promise<R> {
    if (!this.interactive()) return work();
    const { Worker } = await import('node:worker_threads');
    const done = new SharedArrayBuffer(4);
    const worker = new Worker(new URL('./spinner-worker.js', import.meta.url), { workerData: { text: safeText(text), done } });
    const stop = () => {
      worker.unref(); // never keep the process alive for the spinner
      worker.postMessage('stop');
      // Wait (at most 300 ms) for the worker to clear its line before anything else is printed.
      Atomics.wait(new Int32Array(done), 0, 0, 300);
    };
    // Give the worker its first frame before the work blocks this thread.
    await new Promise((resolve) => worker.once('online', resolve));
    try {
      return await work();
    } finally {
      stop();
    }
  }

  protected override logJson(json: unknown): void {
    process.stdout.write(`${safeJson(json)}\n`);
  }

  /** Commands whose result is a failure (an aborted migration) exit 1 after printing it. */
  protected override async finally(error: Error | undefined): Promise<unknown> {
    const result = await super.finally(error);
    if (!error && this.failedExitCode) process.exitCode = this.failedExitCode;
    return result;
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if ((err as { code?: string }).code === 'EEXIT') throw err; // this.exit(n) from run(): an exit, not an error
    if (err.name === 'ExitPromptError') {
      // Ctrl-C at a prompt: end quietly, as a shell does.
      process.stderr.write('\n');
      return this.exit(EXIT_INTERRUPTED);
    }
    const error = capEcho(toDcctlError(err, this.commandInfo()));
    if (this.jsonEnabled()) {
      const { rejections } = error.details as { rejections?: unknown };
      this.logJson({ error: { code: error.code, message: error.message, hint: error.hint, ...error.details }, ...(rejections ? { rejections } : {}) });
    } else {
      process.stderr.write(`${toTerminalLine(`${red('error')}: ${error.message}`)}\n`);
      const extra = this.renderErrorDetails(error);
      if (extra) process.stderr.write(`${toTerminal(extra)}\n`);
      if (error.hint) process.stderr.write(`${toTerminalLine(`${dim('hint')}: ${error.hint}`)}\n`);
      if (error.code === 'internal' && process.env.DEBUG) process.stderr.write(`${toTerminal(err.stack ?? '')}\n`);
    }
    return this.exit(error.exitCode);
  }

  /** What usage errors need to know of this command: its name as typed, flags and arguments. */
  private commandInfo(): CommandInfo {
    const flags = { ...(this.ctor.baseFlags ?? {}), ...(this.ctor.flags ?? {}), ...(this.ctor.enableJsonFlag ? { json: { name: 'json', description: 'one JSON document on stdout' } } : {}) };
    return {
      id: (this.id ?? '').replaceAll(':', ' '),
      bin: this.config?.bin ?? 'dcctl',
      flags: Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { ...(f as object), name }])) as CommandInfo['flags'],
      args: Object.fromEntries(Object.entries(this.ctor.args ?? {}).map(([name, a]) => [name, { ...(a as object), name }])) as CommandInfo['args'],
    };
  }

  /** A refusal's rejections as a per-host table; file problems after the first as a list. */
  protected renderErrorDetails(error: DcctlError): string | undefined {
    const { rejections, problems } = error.details as { rejections?: Rejection[]; problems?: Problem[] };
    if (rejections?.length) return renderRejections(rejections, process.stderr.isTTY && !this.flags?.wide ? process.stderr.columns || 80 : Infinity);
    if (problems && problems.length > 1) return problems.slice(1, 10).map((p) => `  ${toTerminalLine(`${p.file}:${p.line}:${p.column} ${p.message}`)}`).join('\n');
    return undefined;
  }
}

/** What an error may echo: a message or hint quoting 14,000 characters of input says nothing more than 1,000 would. */
const MAX_ECHO = 1000;
function capEcho(error: DcctlError): DcctlError {
  const cap = (text: string) => (text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}… (${text.length - MAX_ECHO} more characters)` : text);
  if (error.message.length <= MAX_ECHO && error.hint.length <= MAX_ECHO) return error;
  return new DcctlError(error.code, cap(error.message), cap(error.hint), error.exitCode, error.details);
}

/** Any thrown value -> a DcctlError; oclif's parse errors are usage errors (exit 2). */
export function toDcctlError(err: Error & { exitCode?: number; oclif?: { exit?: number }; code?: string }, info?: CommandInfo): DcctlError {
  if (err instanceof DcctlError) return err;
  if (err.oclif?.exit === 2) {
    if (info) return usageErrorFrom(err, info);
    return new DcctlError('usage', err.message.split('\n')[0]!.replace(/^Error: /, ''), 'see --help for the flags and arguments this command takes', 2);
  }
  return new DcctlError('internal', `internal error: ${err.message}`, 'this is a bug in dcctl; rerun with DEBUG=1 for the stack and report it', 1);
}
