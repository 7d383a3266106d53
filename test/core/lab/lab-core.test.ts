import { describe, expect, it } from 'vitest';
import { checkFound, parseTolerance, withinTolerance } from '../../../src/core/lab/compare.js';
import { createHash } from 'node:crypto';
import { drawParams, generatorSeed, paramSpecProblem, paramValues, studentSeed, substitute } from '../../../src/core/lab/params.js';
import { parsePath, resolvePath } from '../../../src/core/lab/path.js';

const at = (root: unknown, path: string) => {
  const parsed = parsePath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return resolvePath(root, parsed.segments);
};

const SEED_ALICE = 285_070_999; // sha256('precopy-basics\nalice'), first 31 bits: a contract once students have their variants

const result = { migrations: [{ id: 'm1', vm: 'a', downtimeMs: 12, converged: true }, { id: 'm2', vm: 'b', downtimeMs: 40, converged: false }], hosts: [], name: 'x' };

describe('lab paths', () => {
  it('dot keys, [N], [key=value] and [*]', () => {
    expect(at(result, 'migrations[0].downtimeMs')).toEqual({ values: [12], many: false });
    expect(at(result, 'migrations[vm=b].id')).toEqual({ values: ['m2'], many: false });
    expect(at(result, 'migrations[*].downtimeMs')).toEqual({ values: [12, 40], many: true });
    expect(at(result, 'migrations[5].id').values).toEqual([]);
    expect(at(result, 'name.length').values).toEqual([]); // own keys only, not a string's properties
    expect(at(result, 'migrations.constructor').values).toEqual([]);
  });

  it('malformed paths are errors that say where', () => {
    expect(parsePath('migrations[0')).toEqual({ ok: false, error: '"migrations[0": "[" without "]"' });
    expect(parsePath('a..b')).toMatchObject({ ok: false, error: expect.stringContaining('expected a key at ".b"') });
    expect(parsePath('a[-1]')).toMatchObject({ ok: false });
    expect(parsePath('')).toEqual({ ok: false, error: 'an empty path' });
  });
});

describe('lab comparators', () => {
  it('tolerance: absolute or a percentage of the expected value', () => {
    expect(parseTolerance('5%')).toEqual({ percent: 5 });
    expect(parseTolerance(0.5)).toEqual({ absolute: 0.5 });
    expect(parseTolerance(-1)).toMatch(/at least 0/);
    expect(withinTolerance(104.9, 100, { percent: 5 })).toBe(true);
    expect(withinTolerance(105.1, 100, { percent: 5 })).toBe(false);
    expect(withinTolerance(0.3, 0.1 + 0.2, { absolute: 0 })).toBe(true); // float noise is not a wrong answer
  });

  it('[*] holds for every value and an empty list fails; exists and length', () => {
    expect(checkFound(at(result, 'migrations[*].downtimeMs'), { op: 'lessThan', expected: 50 })).toBe(true);
    expect(checkFound(at(result, 'migrations[*].downtimeMs'), { op: 'lessThan', expected: 30 })).toBe(false);
    expect(checkFound(at(result, 'hosts[*].name'), { op: 'lessThan', expected: 30 })).toBe(false);
    expect(checkFound(at(result, 'migrations[9]'), { op: 'exists', expected: false })).toBe(true);
    expect(checkFound(at(result, 'migrations'), { op: 'length', expected: 2 })).toBe(true);
    expect(checkFound(at(result, 'migrations'), { op: 'length', expected: { atLeast: 1, lessThan: 2 } })).toBe(false);
    expect(checkFound(at(result, 'migrations[0].id'), { op: 'matches', expected: '^m\\d+$' })).toBe(true);
    expect(checkFound(at(result, 'migrations[1].converged'), { op: 'oneOf', expected: [false] })).toBe(true);
    expect(checkFound(at(result, 'migrations[0].downtimeMs'), { op: 'approx', expected: 12.5, tolerance: { percent: 5 } })).toBe(true);
    expect(checkFound(at(result, 'migrations[0].downtimeMs'), { op: 'equals', expected: '12' })).toBe(false);
  });
});

describe('lab params', () => {
  it('ranges with steps, decimals kept clean', () => {
    expect(paramValues({ range: [4, 16], step: 4 })).toEqual([4, 8, 12, 16]);
    expect(paramValues({ range: [0.1, 0.5], step: 0.1 })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(paramSpecProblem({ range: [5, 1] })).toMatch(/not above/);
    expect(paramSpecProblem({ choice: [] })).toMatch(/at least one/);
  });

  it('draws with java.util.Random seeded by the first 48 bits of sha256(seed), in declaration order', () => {
    // An independent java.util.Random (the published LCG, in BigInt): setSeed scrambles with
    // 0x5DEECE66D; next(31) is the top 31 of 48 bits; nextInt(n) for a power of two is (n * next(31)) >> 31,
    // otherwise next(31) % n (rejecting the top partial range, which a first draw never meets here).
    const javaFirstDraws = (seed: bigint, bounds: number[]) => {
      let state = (seed ^ 0x5deece66dn) & ((1n << 48n) - 1n);
      return bounds.map((n) => {
        state = (state * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n);
        const bits = Number(state >> 17n);
        return (n & -n) === n ? Number((BigInt(n) * BigInt(bits)) >> 31n) : bits % n;
      });
    };
    const seed42 = BigInt(`0x${createHash('sha256').update('42').digest('hex').slice(0, 12)}`);
    expect(generatorSeed(42)).toBe(Number(seed42));
    const [a, b] = javaFirstDraws(seed42, [4, 10]);
    expect(drawParams({ dirty: { choice: ['a', 'b', 'c', 'd'] }, n: { range: [0, 9] } }, 42)).toEqual({ dirty: ['a', 'b', 'c', 'd'][a!], n: b });
  });

  it('consecutive seeds give different variants (java.util.Random seeded with 1..20 directly would not)', () => {
    const drawn = new Set(Array.from({ length: 20 }, (_, i) => drawParams({ cores: { range: [8, 32], step: 8 } }, i + 1).cores));
    expect(drawn.size).toBe(4);
  });

  it('a student\'s seed is the same on every machine and version (pinned)', () => {
    expect(studentSeed('precopy-basics', 'alice')).toBe(SEED_ALICE);
    expect(studentSeed('precopy-basics', 'bob')).not.toBe(SEED_ALICE);
    expect(studentSeed('other-lab', 'alice')).not.toBe(SEED_ALICE);
  });

  it('substitutes ${name}; an unknown name is reported (also one that is an Object property)', () => {
    expect(substitute('vm migrate m4a --dirty-rate ${dirty}', { dirty: '75MB/s' })).toEqual({ text: 'vm migrate m4a --dirty-rate 75MB/s', unknown: [] });
    expect(substitute('${mem}GiB ${toString}', { mem: 8 })).toEqual({ text: '8GiB ${toString}', unknown: ['toString'] });
  });
});

describe('lab run strings', () => {
  it('split as a shell splits words, nothing expanded', async () => {
    const { splitWords } = await import('../../../src/core/lab/words.js');
    expect(splitWords('vm migrate m4a  --to b1')).toEqual({ ok: true, words: ['vm', 'migrate', 'm4a', '--to', 'b1'] });
    expect(splitWords(`vm create "my vm" --tenant 'a b' x\\ y ""`)).toEqual({ ok: true, words: ['vm', 'create', 'my vm', '--tenant', 'a b', 'x y', ''] });
    expect(splitWords('say "a \\"q\\" \\n $HOME" *')).toEqual({ ok: true, words: ['say', 'a "q" \\n $HOME', '*'] });
    expect(splitWords('vm show "web')).toEqual({ ok: false, error: 'unterminated " quote at character 9' });
    expect(splitWords("vm show 'web")).toEqual({ ok: false, error: "unterminated ' quote at character 9" });
  });
});
