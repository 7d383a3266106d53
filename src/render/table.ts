import Table from 'cli-table3';
import { bold } from './style.js';
import { escToMarks, marksToEsc, plainText, safeText, visibleLength } from './terminal.js';

/** cli-table3's layout is quadratic in rows; beyond this many rows a linear layout with the same look is used. */
const CLI_TABLE_MAX_ROWS = 500;

let terminalWidth = Infinity;

/** Columns the tables must fit (Infinity for pipes and --wide: the full table). */
export function setTerminalWidth(columns: number): void {
  terminalWidth = columns > 0 ? columns : Infinity;
}

export function currentTerminalWidth(): number {
  return terminalWidth;
}

/**
 * How a table gives way on a narrow terminal, in this order: bar columns shrink (to 6 glyphs),
 * then the `drop` columns go (first named first), then the `squeeze` column wraps onto more lines.
 */
export interface FitRules {
  drop?: string[];
  squeeze?: string;
}

export interface TableOptions {
  fit?: FitRules;
  /** Override the terminal width (tests, stderr tables). */
  width?: number;
}

const BAR = /^([█▇]*)(░*)$/;
const MIN_BAR = 6;
const MIN_SQUEEZED = 12;

function layoutWidth(columns: string[][]): number {
  const widths = columns.map((col) => Math.max(...col.map(visibleLength)));
  return widths.reduce((sum, w) => sum + w + 2, 0) + Math.max(0, widths.length - 1);
}

/** Redraw a bar cell at `width` glyphs, keeping its fill fraction and colour. */
function resizeBar(cell: string, width: number): string {
  const plain = plainText(cell);
  const match = BAR.exec(plain);
  if (!match || plain.length <= width) return cell;
  const filled = Math.round((match[1]!.length / plain.length) * width);
  const glyph = match[1]![0] ?? '█';
  const redrawn = glyph.repeat(filled) + (match[2]!.length ? '░'.repeat(width - filled) : '');
  return cell.replace(plain, redrawn); // the colour marks wrap the glyphs
}

interface Fitted {
  kept: number[];
  /** Width (without padding) the squeeze column wraps at, when it had to be narrowed. */
  wrapAt: { column: number; width: number } | null;
}

/** Fit columns (head + cells, already escaped) into `width`: bars shrink, columns drop, the squeeze column wraps. */
function fit(columns: string[][], heads: string[], rules: FitRules, width: number): Fitted {
  let kept = columns.map((_, i) => i);
  const current = () => kept.map((i) => columns[i]!);
  if (layoutWidth(current()) <= width) return { kept, wrapAt: null };
  // 1. bars shrink
  const isBarColumn = (cells: string[]) => cells.every((c) => BAR.test(plainText(c))) && cells.some((c) => plainText(c).length > MIN_BAR);
  const barColumns = kept.filter((i) => isBarColumn(columns[i]!.slice(1)));
  for (const i of barColumns) {
    const longest = Math.max(...columns[i]!.slice(1).map((c) => plainText(c).length));
    const excess = layoutWidth(current()) - width;
    if (excess <= 0) break;
    const target = Math.max(MIN_BAR, longest - excess);
    columns[i] = columns[i]!.map((c, r) => (r === 0 ? c : resizeBar(c, target)));
  }
  // 2. columns drop in the stated order
  for (const head of rules.drop ?? []) {
    if (layoutWidth(current()) <= width) break;
    const index = heads.indexOf(head);
    if (index >= 0) kept = kept.filter((i) => i !== index);
  }
  // 3. the squeeze column wraps (its cells become several lines)
  const squeeze = rules.squeeze === undefined ? -1 : heads.indexOf(rules.squeeze);
  const excess = layoutWidth(current()) - width;
  if (excess > 0 && squeeze >= 0 && kept.includes(squeeze)) {
    const longest = Math.max(...columns[squeeze]!.map(visibleLength));
    return { kept, wrapAt: { column: squeeze, width: Math.max(MIN_SQUEEZED, longest - excess) } };
  }
  return { kept, wrapAt: null };
}

function plainTable(head: string[], rows: string[][], align: ('left' | 'right')[]): string {
  const all = [head.map((h) => bold(h)), ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => visibleLength(r[c] ?? ''))));
  return all.map((r) => ` ${r.map((cell, c) => {
    const pad = ' '.repeat(widths[c]! - visibleLength(cell));
    return align[c] === 'right' ? pad + cell : cell + pad;
  }).join('   ')} `).join('\n');
}

/**
 * A compact table for terminals; cli-table3 does the layout, style.ts the colour. Every cell is
 * one line with its control characters escaped (cells carry names and text from input).
 */
export function table(head: string[], rows: (string | number)[][], align: ('left' | 'right')[] = [], options: TableOptions = {}): string {
  let cells = rows.map((r) => head.map((_, c) => safeText(String(r[c] ?? ''))));
  let heads = head;
  let aligns = head.map((_, i) => align[i] ?? 'left');
  let colWidths: (number | null)[] = [];
  const width = options.width ?? terminalWidth;
  if (Number.isFinite(width)) {
    const columns = head.map((h, c) => [h, ...cells.map((r) => r[c]!)]);
    const { kept, wrapAt } = fit(columns, head, options.fit ?? {}, width);
    heads = kept.map((c) => head[c]!);
    aligns = kept.map((c) => aligns[c]!);
    cells = cells.map((_, r) => kept.map((c) => columns[c]![r + 1]!));
    if (wrapAt) colWidths = kept.map((c) => (c === wrapAt.column ? wrapAt.width + 2 : null));
  }
  if (cells.length > CLI_TABLE_MAX_ROWS) {
    const cut = colWidths.findIndex((w) => w !== null);
    if (cut >= 0) cells = cells.map((r) => r.map((c, i) => (i === cut && visibleLength(c) > colWidths[i]! - 2 ? `${plainText(c).slice(0, colWidths[i]! - 3)}…` : c)));
    return plainTable(heads, cells, aligns);
  }
  const t = new Table({
    head: heads.map((h) => marksToEsc(bold(h))),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    colAligns: aligns,
    ...(colWidths.length ? { colWidths, wordWrap: true } : {}),
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' },
  });
  // cli-table3 measures colour by ESC sequences: hand it real ones (every ESC here is dcctl's own,
  // input's were escaped above) and turn them back into marks for the final toTerminal.
  for (const row of cells) t.push(row.map(marksToEsc));
  return escToMarks(t.toString());
}

/** "key  value" lines with the keys aligned. */
export function keyValues(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${bold(k.padEnd(width))}  ${v}`).join('\n');
}
