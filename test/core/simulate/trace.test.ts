import { describe, expect, it } from 'vitest';
import { DcctlError } from '../../../src/core/errors.js';
import { parseTrace, traceStats } from '../../../src/core/simulate/trace.js';

const fails = (text: string) => {
  try {
    parseTrace('vm', text, 'dir/vm');
  } catch (error) {
    return error as DcctlError;
  }
  throw new Error('parsed');
};

describe('PlanetLab trace files', () => {
  it('one integer percentage per line; CRLF, a missing final newline and padding are accepted', () => {
    expect(Array.from(parseTrace('a', '12\n0\n99\n').samples)).toEqual([12, 0, 99]);
    expect(Array.from(parseTrace('a', '12\r\n7\r\n').samples)).toEqual([12, 7]);
    expect(Array.from(parseTrace('a', '5\n100').samples)).toEqual([5, 100]);
    expect(Array.from(parseTrace('a', ' 5 \n6\n').samples)).toEqual([5, 6]);
  });

  it('a bad line is exit 2 naming the file, line and column, with a hint', () => {
    const e = fails('12\n7\n-3\n');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('dir/vm:3:1: not a CPU utilization percentage: "-3"');
    expect(e.hint).toMatch(/integer from 0 to 100/);
    expect(fails('12\n\n7\n').message).toMatch(/^dir\/vm:2:1: /);
    expect(fails('12\n101\n').message).toMatch(/^dir\/vm:2:1: .*"101"/);
    expect(fails('1.5\n').message).toMatch(/^dir\/vm:1:1: /);
    expect(fails('  x\n').message).toMatch(/^dir\/vm:1:3: /);
    expect(fails('').code).toBe('trace-empty');
  });

  it('statistics: mean, population standard deviation, nearest-rank quartiles', () => {
    const s = traceStats([parseTrace('a', '0\n2\n4\n6\n'), parseTrace('b', '8\n10\n12\n14\n')]);
    expect(s).toMatchObject({ vms: 2, samples: 8, samplesPerVm: { min: 4, max: 4 }, minPercent: 0, maxPercent: 14 });
    expect(s.meanPercent).toBe(7);
    expect(s.stdDevPercent).toBeCloseTo(Math.sqrt(21), 12); // values 0..14 step 2: variance 21
    expect(s.quartilesPercent).toEqual([2, 6, 10]); // ranks ceil(2), ceil(4), ceil(6) of 8
  });
});
