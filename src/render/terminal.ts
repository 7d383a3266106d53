/**
 * What reaches a terminal. Text that came from input (names, file contents, flag values, paths)
 * may hold control characters: an escape sequence can recolour, retitle or rewrite the screen.
 * Every line dcctl prints goes through `toTerminal`, which shows every control character as an
 * escape (`\x1b`, `\n`, `\u202e`). dcctl's own colour codes survive because style.ts writes them
 * with a marker that only this module turns into ESC: a private-use character chosen at random
 * per process, so input cannot forge it, and only in front of an SGR (colour) sequence.
 */
const MARK = String.fromCharCode(0xe000 + Math.floor(Math.random() * 0x1900));
const MARKED_SGR = new RegExp(`${MARK}\\[([0-9;]*)m`, 'g');
const ESC_SGR = /\u001B\[([0-9;]*)m/g;

/** C0 controls, DEL, C1 controls, and the bidirectional overrides that reorder what is shown. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001B': '\\e' };

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A colour code as style.ts writes it (turned into ESC by toTerminal only). */
export function sgr(codes: string): string {
  return `${MARK}[${codes}m`;
}

/** Escape every control character, newlines too: for one-line fields (table cells, error messages, names). */
export function safeText(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/** Marks -> ESC (for layout code that measures with ANSI-aware widths). */
export function marksToEsc(text: string): string {
  return text.includes(MARK) ? text.replace(MARKED_SGR, '\u001B[$1m') : text;
}

/** ESC -> marks: text whose every ESC is dcctl's own (after marksToEsc on escaped input). */
export function escToMarks(text: string): string {
  return text.replace(ESC_SGR, `${MARK}[$1m`);
}

/** The text as shown, without colour marks or SGR sequences. */
export function plainText(text: string): string {
  return text.replace(MARKED_SGR, '').replace(ESC_SGR, '');
}

/** Length as shown: colour marks do not count. */
export function visibleLength(text: string): number {
  return text.replace(MARKED_SGR, '').replace(ESC_SGR, '').length;
}

/**
 * The last step before a terminal: control characters escaped (newlines and tabs of the layout
 * kept), then dcctl's own colour marks turned into SGR sequences.
 */
export function toTerminal(text: string): string {
  return marksToEsc(text.replace(CONTROL_BUT_LAYOUT, escapeChar));
}

/** Same for a one-line field: newlines escaped too. */
export function toTerminalLine(text: string): string {
  return marksToEsc(safeText(text));
}

/**
 * JSON for a terminal or a pipe: JSON.stringify escapes C0 controls already; DEL, C1 and the
 * bidirectional overrides are escaped too (still valid JSON, the same values once parsed).
 */
// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
