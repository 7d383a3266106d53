import Table from 'cli-table3';
import { bold } from './style.js';

/** A compact table for terminals; cli-table3 does the layout, style.ts the colour. */
export function table(head: string[], rows: (string | number)[][], align: ('left' | 'right')[] = []): string {
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
