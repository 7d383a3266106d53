import { afterEach, describe, expect, it } from 'vitest';
import { bar, colourWanted, red, setColour } from '../../src/render/style.js';
import { table } from '../../src/render/table.js';
import { toTerminal } from '../../src/render/terminal.js';

describe('colour', () => {
  afterEach(() => setColour(false));
  it.each([
    ['a TTY', undefined, {}, true, true],
    ['--no-color', false, {}, true, false],
    ['NO_COLOR set', undefined, { NO_COLOR: '1' }, true, false],
    ['NO_COLOR empty (not set, per no-color.org)', undefined, { NO_COLOR: '' }, true, true],
    ['a pipe', undefined, {}, false, false],
    ['TERM=dumb', undefined, { TERM: 'dumb' }, true, false],
    ['--color into a pipe', true, {}, false, true],
    ['--color over NO_COLOR', true, { NO_COLOR: '1' }, true, true],
  ])('%s', (_name, flag, env, isTTY, wanted) => {
    expect(colourWanted(flag as boolean | undefined, env as NodeJS.ProcessEnv, isTTY as boolean)).toBe(wanted);
  });
  it('wraps only when enabled', () => {
    expect(red('x')).toBe('x');
    setColour(true);
    expect(toTerminal(red('x'))).toBe('\u001B[31mx\u001B[39m');
  });
});

describe('bars and tables', () => {
  it('a bar fills by fraction', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(1.5, 4)).toBe('████');
  });
  it('long tables keep the same layout as short ones', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [`vm-${i}`, i]);
    const short = table(['VM', 'N'], rows(3), ['left', 'right']).split('\n');
    const long = table(['VM', 'N'], rows(600), ['left', 'right']).split('\n');
    expect(long).toHaveLength(601);
    expect(long[1]!.trimEnd()).toBe(' vm-0       0');
    expect(short[1]!.trimEnd()).toBe(' vm-0   0');
  });
});
