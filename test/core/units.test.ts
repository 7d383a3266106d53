import { describe, expect, it } from 'vitest';
import {
  formatBandwidth, formatBytes, formatClock, formatDuration, GiB, MiB, parseBandwidth, parseBytes, parseDurationSec,
  parseFraction, parseFrequencyMHz, parseWatts, UnitError,
} from '../../src/core/units.js';

describe('parseBytes', () => {
  it.each([
    ['4GiB', 4 * GiB], ['512MiB', 512 * MiB], ['1.5GiB', 1.5 * GiB], ['1TiB', 1024 * GiB], ['100B', 100],
    ['4 GiB', 4 * GiB], ['4GB', 4e9], ['1kB', 1000], ['2KiB', 2048], ['0.5MB', 500_000],
  ])('%s is %d bytes', (text, bytes) => expect(parseBytes(text)).toBe(bytes));

  it.each([
    ['4gb', /unknown size unit "gb"/, /did you mean GB/],
    ['4Mb', /in bits, not bytes/, /4MB or 4MiB/],
    ['-4GiB', /cannot be negative/, /positive/],
    ['4', /needs a unit/, /ambiguous/],
    ['lots', /not a size/, /4GiB/],
    ['99999999999TiB', /too large/, /8 PiB/],
  ])('%s is refused with a hint', (text, message, hint) => {
    try {
      parseBytes(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnitError);
      expect((error as UnitError).message).toMatch(message);
      expect((error as UnitError).hint).toMatch(hint);
    }
  });
});

describe('parseBandwidth (bytes per second)', () => {
  it.each([
    ['10Gbit/s', 1.25e9], ['1Gbit/s', 125_000_000], ['100Mbit/s', 12_500_000], ['1 Gbps', 125_000_000],
    ['40MiB/s', 40 * MiB], ['125MB/s', 125e6], ['8bit/s', 1], ['1Mb/s', 125_000],
  ])('%s is %d B/s', (text, rate) => expect(parseBandwidth(text)).toBe(rate));

  it('refuses a bare number and an unknown unit', () => {
    expect(() => parseBandwidth('10')).toThrow(/needs a unit/);
    expect(() => parseBandwidth('10Gb')).toThrow(/unknown bandwidth unit/);
  });
});

describe('other units', () => {
  it('frequency in MHz', () => {
    expect(parseFrequencyMHz('2.6GHz')).toBe(2600);
    expect(parseFrequencyMHz(2600)).toBe(2600);
    expect(parseFrequencyMHz('800MHz')).toBe(800);
  });
  it('durations in seconds', () => {
    expect(parseDurationSec('300ms')).toBeCloseTo(0.3, 12);
    expect(parseDurationSec('2min')).toBe(120);
    expect(parseDurationSec('1h')).toBe(3600);
  });
  it('fractions from percentages or 0..1', () => {
    expect(parseFraction('40%')).toBeCloseTo(0.4, 12);
    expect(parseFraction(0.25)).toBe(0.25);
    expect(() => parseFraction(40)).toThrow(/not a fraction/);
    expect(() => parseFraction('140%')).toThrow(/above 100%/);
  });
  it('watts', () => {
    expect(parseWatts('86W')).toBe(86);
    expect(parseWatts('1.2kW')).toBe(1200);
  });
});

describe('formatting', () => {
  it('formats for humans', () => {
    expect(formatBytes(4 * GiB)).toBe('4 GiB');
    expect(formatBytes(1536 * MiB)).toBe('1.5 GiB');
    expect(formatBandwidth(1.25e9)).toBe('10 Gbit/s');
    expect(formatDuration(0.3)).toBe('300 ms');
    expect(formatDuration(68.72)).toBe('68.72 s');
    expect(formatClock(3723.5)).toBe('01:02:03.500');
    expect(formatClock(90_000)).toBe('1d+01:00:00.000');
  });
});
