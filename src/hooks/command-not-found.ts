import type { Hook } from '@oclif/core';
import { closest } from '../core/text.js';
import { dim, red } from '../render/style.js';
import { safeJson, toTerminalLine } from '../render/terminal.js';

/**
 * `dcctl vm lst`: oclif's own "command vm:lst not found" is another style (colon form, no JSON, no
 * suggestion). This says it as every other dcctl error does, with a did-you-mean, exit 2.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const typed = options.id.replaceAll(':', ' ');
  const known = options.config.commandIDs.map((id) => id.replaceAll(':', ' ')).filter((id) => !id.startsWith('autocomplete'));
  const words = typed.split(' ');
  // A topic typed right with a wrong verb is matched among that topic's commands first.
  const inTopic = known.filter((id) => id.startsWith(`${words[0]} `));
  const suggestion = closest(typed, inTopic.length ? inTopic : known) ?? closest(typed, known);
  const bin = options.config.bin;
  const message = `${bin} has no command "${typed}"`;
  const hint = suggestion ? `did you mean "${bin} ${suggestion}"? (${bin} --help lists the commands)` : `${bin} --help lists the commands`;
  if ((options.argv ?? []).includes('--json')) {
    process.stdout.write(`${safeJson({ error: { code: 'unknown-command', message, hint, command: typed, ...(suggestion ? { suggestion } : {}) } })}\n`);
  } else {
    process.stderr.write(`${toTerminalLine(`${red('error')}: ${message}`)}\n${toTerminalLine(`${dim('hint')}: ${hint}`)}\n`);
  }
  process.exitCode = 2;
  return { unknownCommand: typed };
};

export default hook;
