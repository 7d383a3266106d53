import { plainText, visibleLength } from './terminal.js';

/**
 * Lines of prose longer than the terminal are wrapped at spaces, the continuation indented under
 * the text (after a "key  value" key, or the line's own indent + 2), so that a note or a hint is
 * read as a paragraph rather than cut by the terminal mid-word. Tables are fitted beforehand
 * (table.ts) and come through unchanged; pipes get every line whole.
 */
export function wrapLines(text: string, width: number): string {
  if (!Number.isFinite(width) || width < 20) return text;
  return text.split('\n').map((line) => (visibleLength(line) <= width ? line : wrapLine(line, width))).join('\n');
}

function wrapLine(line: string, width: number): string {
  const plainStart = line.search(/\S/);
  // "key  value": continue under the value when the key is short.
  const keyGap = /^(\s*\S+(?: \S+)?\s{2,})\S/.exec(plainText(line));
  const indentWidth = keyGap && keyGap[1]!.length <= 24 ? keyGap[1]!.length : Math.max(0, plainText(line).search(/\S/)) + 2;
  const indent = ' '.repeat(Math.min(indentWidth, Math.floor(width / 3)));
  const words = line.slice(Math.max(0, plainStart)).split(' ');
  const lines: string[] = [];
  let current = line.slice(0, Math.max(0, plainStart));
  let currentWidth = visibleLength(current);
  let empty = true;
  for (const word of words) {
    const w = visibleLength(word);
    if (!empty && currentWidth + 1 + w > width) {
      lines.push(current);
      current = indent + word;
      currentWidth = indent.length + w;
      continue;
    }
    current += (empty ? '' : ' ') + word;
    currentWidth += (empty ? 0 : 1) + w;
    empty = false;
  }
  lines.push(current);
  return lines.join('\n');
}
