import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatacenter } from '../../src/config/load.js';
import { DcctlError } from '../../src/core/errors.js';

/**
 * Hostile and broken datacenter files. Each file's first lines say what dcctl must answer:
 * "# expect: LINE:COL message" and "# hint: hint" (or "message || hint" on one line).
 */
const dir = join(import.meta.dirname, '..', 'fixtures', 'bad');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const expectLine = /^# expect: (\d+):(\d+) (.*)$/m.exec(text)!;
  const [message, inlineHint] = expectLine[3]!.split(' || ');
  const hint = inlineHint ?? /^# hint: (.*)$/m.exec(text)?.[1];
  return { file, line: Number(expectLine[1]), column: Number(expectLine[2]), message: message!, hint: hint! };
});

function loadError(bytes: Uint8Array, file: string): DcctlError {
  try {
    loadDatacenter(bytes, file);
  } catch (error) {
    if (error instanceof DcctlError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without an error`);
}

describe('bad-input corpus (test/fixtures/bad)', () => {
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(35));

  it.each(cases)('$file -> $line:$column $message', ({ file, line, column, message, hint }) => {
    const error = loadError(readFileSync(join(dir, file)), file);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('invalid-datacenter');
    expect(error.message.startsWith(`${file}:${line}:${column} `)).toBe(true);
    expect(error.message).toContain(message);
    expect(error.hint).toBe(hint);
    expect(error.message).not.toContain('\n');
  });

  it('binary input is refused', () => {
    const error = loadError(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), 'a.out');
    expect(error.message).toBe('a.out:1:1 file is binary (contains NUL bytes), not YAML');
  });

  it('invalid UTF-8 is refused', () => {
    const error = loadError(Uint8Array.from([0x61, 0x3a, 0x20, 0xc3, 0x28]), 'latin.yaml');
    expect(error.message).toBe('latin.yaml:1:1 file is not valid UTF-8 text');
  });

  it('every problem of a file is listed in details with its position', () => {
    const text = readFileSync(join(dir, 'unknown-key.yaml'));
    const problems = (loadError(text, 'unknown-key.yaml').details as { problems: { line: number; path: string }[] }).problems;
    expect(problems.map((p) => p.path)).toEqual(['spec.clusters[0].hosts[0].memroy', 'spec.clusters[0].hosts[0].memory']);
  });
});
