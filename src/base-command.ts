import type { Interfaces } from '@oclif/core';
import { Command, Flags } from '@oclif/core';
import { DcctlError, isRefusal, type Refusal, refused } from './core/errors.js';
import type { Problem } from './config/load.js';
import type { Rejection } from './core/placement/place.js';
import { colourWanted, dim, red, setColour } from './render/style.js';
import { table } from './render/table.js';
import { resolveStateDir } from './store/paths.js';
import { StateStore } from './store/store.js';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof DcctlCommand)['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * Global flags (--json, --state-dir, --no-color) and the output contract: run() returns the
 * command's result object, which --json prints as one document; humans get render() output.
 * Errors: one line and a hint on stderr (or {"error": {...}} on stdout in JSON mode) and the
 * exit code of DESIGN.md: 1 refused, 2 bad input, 3 state problem.
 */
export abstract class DcctlCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    'state-dir': Flags.string({
      description: 'directory of the state store (default: the user config directory)',
      env: 'DCCTL_STATE_DIR', helpGroup: 'GLOBAL',
    }),
    color: Flags.boolean({ description: 'colour output on a TTY (--no-color turns it off; NO_COLOR is honoured)', default: true, allowNo: true, helpGroup: 'GLOBAL' }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Every positional argument as typed (for variadic commands such as `vm migrate VM...`). */
  protected positional: string[] = [];

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
    setColour(!this.jsonEnabled() && colourWanted(this.flags.color));
  }

  protected store(): StateStore {
    return new StateStore(resolveStateDir(this.flags['state-dir']));
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

  /** A spinner (ora, on stderr) while `work` runs, only for a person at a terminal. */
  protected async spin<R>(text: string, work: () => Promise<R>): Promise<R> {
    if (!this.interactive()) return work();
    const { default: ora } = await import('ora');
    const spinner = ora({ text, stream: process.stderr, color: 'cyan' }).start();
    try {
      const result = await work();
      spinner.stop();
      return result;
    } catch (error) {
      spinner.stop();
      throw error;
    }
  }

  protected override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    const error = toDcctlError(err);
    if (this.jsonEnabled()) {
      const { rejections } = error.details as { rejections?: unknown };
      this.logJson({ error: { code: error.code, message: error.message, hint: error.hint, ...error.details }, ...(rejections ? { rejections } : {}) });
    } else {
      process.stderr.write(`${red('error')}: ${error.message}\n`);
      const extra = this.renderErrorDetails(error);
      if (extra) process.stderr.write(`${extra}\n`);
      if (error.hint) process.stderr.write(`${dim('hint')}: ${error.hint}\n`);
      if (error.code === 'internal' && process.env.DEBUG) process.stderr.write(`${err.stack}\n`);
    }
    this.exit(error.exitCode);
  }

  /** A refusal's rejections as a per-host table; file problems after the first as a list. */
  protected renderErrorDetails(error: DcctlError): string | undefined {
    const { rejections, problems } = error.details as { rejections?: Rejection[]; problems?: Problem[] };
    if (rejections?.length) return table(['HOST', 'FILTER', 'REASON'], rejections.map((r) => [r.host, r.filter, r.reason]));
    if (problems && problems.length > 1) return problems.slice(1, 10).map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message}`).join('\n');
    return undefined;
  }
}

/** Any thrown value -> a DcctlError; oclif's parse errors are usage errors (exit 2). */
export function toDcctlError(err: Error & { exitCode?: number; oclif?: { exit?: number }; code?: string }): DcctlError {
  if (err instanceof DcctlError) return err;
  if (err.oclif?.exit === 2) {
    const message = err.message.split('\n')[0]!.replace(/^Error: /, '');
    return new DcctlError('usage', message, 'see --help for the flags and arguments this command takes', 2);
  }
  return new DcctlError('internal', `internal error: ${err.message}`, 'this is a bug in dcctl; rerun with DEBUG=1 for the stack and report it', 1);
}
