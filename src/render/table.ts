import Table from 'cli-table3';
import { bold } from './style.js';

/** cli-table3's layout is quadratic in rows; beyond this many rows a linear layout with the same look is used. */
const CLI_TABLE_MAX_ROWS = 500;

// eslint-disable-next-line no-control-regex
const visibleLength = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '').length;

function plainTable(head: string[], rows: string[][], align: ('left' | 'right')[]): string {
  const all = [head.map((h) => bold(h)), ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => visibleLength(r[c] ?? ''))));
  return all.map((r) => ` ${r.map((cell, c) => {
    const pad = ' '.repeat(widths[c]! - visibleLength(cell));
    return align[c] === 'right' ? pad + cell : cell + pad;
  }).join('   ')} `).join('\n');
}

/** A compact table for terminals; cli-table3 does the layout, style.ts the colour. */
export function table(head: string[], rows: (string | number)[][], align: ('left' | 'right')[] = []): string {
  if (rows.length > CLI_TABLE_MAX_ROWS) return plainTable(head, rows.map((r) => r.map(String)), align);
  const t = new Table({
    head: head.map((h) => bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' },
  });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

/** "key  value" lines with the keys aligned. */
export function keyValues(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${bold(k.padEnd(width))}  ${v}`).join('\n');
}
