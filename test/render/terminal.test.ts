import { afterEach, describe, expect, it } from 'vitest';
import { bar, bold, red, setColour } from '../../src/render/style.js';
import { setTerminalWidth, table } from '../../src/render/table.js';
import { plainText, safeJson, safeText, toTerminal, toTerminalLine, visibleLength } from '../../src/render/terminal.js';
import { wrapLines } from '../../src/render/wrap.js';
import { hourAxis, niceTicks } from '../../src/render/svg-plot.js';

describe('control characters never reach the terminal raw', () => {
  afterEach(() => setColour(false));
  it.each([
    ['ESC', '\u001B[31mred', '\\e[31mred'],
    ['BEL and OSC', '\u001B]2;PWNED\u0007', '\\e]2;PWNED\\x07'],
    ['newline and tab in a one-line field', 'a\nb\tc', 'a\\nb\\tc'],
    ['DEL and C1 CSI', 'x\u007Fy\u009Bz', 'x\\x7fy\\x9bz'],
    ['bidi override', 'abc\u202Edef', 'abc\\u202edef'],
  ])('%s', (_what, input, shown) => {
    expect(safeText(input)).toBe(shown);
    expect(toTerminalLine(input)).toBe(shown);
  });
  it('dcctl\'s own colour survives; the same sequence from input does not', () => {
    setColour(true);
    const line = `${red('error')}: no VM named \u001B[31mx`;
    expect(toTerminal(line)).toBe('\u001B[31merror\u001B[39m: no VM named \\e[31mx');
  });
  it('layout newlines are kept by toTerminal, escaped by toTerminalLine', () => {
    expect(toTerminal('a\nb')).toBe('a\nb');
    expect(toTerminalLine('a\nb')).toBe('a\\nb');
  });
  it('JSON escapes DEL, C1 and bidi as well as C0, and parses back to the same value', () => {
    const value = { name: '\u001B[31m\u009B\u202E\u007F' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/); // newlines are the layout's
    expect(JSON.parse(text)).toEqual(value);
  });
  it('visible length ignores colour', () => {
    setColour(true);
    expect(visibleLength(bold('abc'))).toBe(3);
    expect(plainText(red('x'))).toBe('x');
  });
});

describe('tables fit the terminal', () => {
  afterEach(() => setTerminalWidth(Infinity));
  const rows = [['h1', 'rack-a', 'xen', '█████░░░░░░░░░░░░░░░', 'a reason that is long enough to need wrapping at this width']];
  it('a pipe (no width) gets the whole table', () => {
    const text = table(['HOST', 'CLUSTER', 'HV', 'LOAD', 'REASON'], rows);
    expect(text).toContain('rack-a');
    expect(text).toContain('█████░░░░░░░░░░░░░░░');
  });
  it('bars shrink first (to 6 glyphs, keeping the fill), then the stated columns drop, then the text column wraps', () => {
    const fit = { drop: ['CLUSTER', 'HV'], squeeze: 'REASON' };
    const shrunk = table(['HOST', 'CLUSTER', 'HV', 'LOAD', 'REASON'], rows, [], { fit, width: 100 });
    expect(shrunk).toContain('rack-a');
    expect(shrunk).not.toContain('█████░░░░░░░░░░░░░░░');
    expect(Math.max(...shrunk.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    const narrow = table(['HOST', 'CLUSTER', 'HV', 'LOAD', 'REASON'], rows, [], { fit, width: 50 });
    expect(narrow).not.toContain('rack-a');
    expect(narrow).toContain('██░░░░'); // 5/20 of 6 glyphs, rounded: 2 filled
    expect(narrow.split('\n').length).toBeGreaterThan(2); // the reason wrapped
    expect(Math.max(...narrow.split('\n').map((l) => l.length))).toBeLessThanOrEqual(50);
    expect(narrow.replace(/\s+/g, ' ')).toContain('a reason that is long enough');
  });
  it('cells are one line with control characters escaped', () => {
    expect(table(['A'], [['x\ny\u001B']])).toContain('x\\ny\\e');
  });
  it('bar() is unchanged', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
  });
});

describe('prose wraps at words', () => {
  it('a long line wraps with a hanging indent; a key-value line continues under the value', () => {
    expect(wrapLines('alpha beta gamma delta epsilon zeta eta theta', 20).split('\n')).toEqual(['alpha beta gamma', '  delta epsilon zeta', '  eta theta']);
    expect(wrapLines('key       value one two three four five', 34).split('\n')).toEqual(['key       value one two three four', '          five']);
    expect(wrapLines('short', 20)).toBe('short');
    expect(wrapLines('x'.repeat(100), Infinity)).toBe('x'.repeat(100));
  });
});

describe('plot axes', () => {
  it.each([
    [53, [0, 20, 40, 60]],
    [4996, [0, 1000, 2000, 3000, 4000, 5000]],
    [0.7, [0, 0.2, 0.4, 0.6, 0.8]],
    [120000, [0, 25000, 50000, 75000, 100000, 125000]],
  ])('ticks for a maximum of %d are round numbers', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });
  it('hours run to the end of the day in clock steps', () => {
    expect(hourAxis(23.92)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
    expect(hourAxis(2)).toEqual([0, 1, 2]);
    expect(hourAxis(72)).toEqual([0, 12, 24, 36, 48, 60, 72]);
  });
});
