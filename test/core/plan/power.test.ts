import { describe, expect, it } from 'vitest';
import { hostWatts, powerIncrease, wattsAt } from '../../../src/core/power.js';
import { load } from '../../helpers/dc.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const G4 = { kind: 'table' as const, tableW: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117], standbyW: 0 };

describe('power models', () => {
  it.each([
    [0, 86], [0.5, 102], [1, 117], [0.05, (86 + 89.4) / 2], [0.95, (114 + 117) / 2], [0.333, 96 + (99.5 - 96) * 0.33], [1.4, 117], [-0.2, 86],
  ])('SPECpower G4 at u = %d: %d W (linear between points, clamped)', (u, w) => expect(wattsAt(G4, u)).toBeCloseTo(w, 9));
  it.each([[0, 86], [0.4, 98.4], [1, 117]])('linear 86..117 W at u = %d: %d W', (u, w) => expect(wattsAt({ kind: 'linear', idleW: 86, maxW: 117, standbyW: 0 }, u)).toBeCloseTo(w, 9));
  it('an off host draws its standby figure; an on host with no load its idle power; no model is null', () => {
    const dc = load(readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'lab-dc.yaml'), 'utf8')).datacenter;
    const a21 = dc.hosts.find((h) => h.name === 'a2-1')!;
    expect(hostWatts(a21, 0.5, false)).toBe(4);
    expect(hostWatts(a21, 0, true)).toBe(86);
    expect(hostWatts({ ...a21, power: null }, 0.5)).toBeNull();
  });
  it('power increase: the dynamic part on a running host, the whole draw on an empty one', () => {
    const host = { power: { kind: 'linear' as const, idleW: 100, maxW: 200, standbyW: 0 }, cores: 8 } as never;
    expect(powerIncrease(host, 0.25, 0.125, false)).toBeCloseTo(12.5, 9);
    expect(powerIncrease(host, 0, 0.125, true)).toBeCloseTo(112.5, 9);
  });
});
