import { describe, expect, it } from 'vitest';
import { placeVm } from '../../src/core/placement/place.js';
import type { PolicyName } from '../../src/core/placement/policies.js';
import { buildView } from '../../src/core/placement/view.js';
import { load, running, spec, THREE_HOSTS } from '../helpers/dc.js';

const dc = load(THREE_HOSTS).datacenter;

// Remaining share after placing 2 vCPU / 4 GiB on empty hosts (limits: h1 8 vCPU 16 GiB, h2 16/32, h3 8/8):
// h1 (6/8 + 12/16)/2 = 0.75, h2 (14/16 + 28/32)/2 = 0.875, h3 (6/8 + 4/8)/2 = 0.625.
describe('placement policies on three empty hosts (2 vCPU, 4 GiB)', () => {
  it.each<[PolicyName, string]>([
    ['first-fit', 'h1'],
    ['best-fit', 'h3'],
    ['worst-fit', 'h2'],
    ['round-robin', 'h1'],
  ])('%s picks %s', (policy, host) => {
    const placement = placeVm(buildView(dc, []), { vm: spec('v', 2, 4), policy, cursor: -1 });
    expect(placement.host).toBe(host);
    expect(placement.candidates).toBe(3);
  });
});

describe('placement policies with load', () => {
  // h1 holds 6 vCPU / 12 GiB: remaining after another 2/4 = (0/8 + 0/16)/2 = 0 -> best-fit packs it.
  const vms = [running(spec('a', 6, 12), 'h1')];
  it.each<[PolicyName, string]>([
    ['first-fit', 'h1'],
    ['best-fit', 'h1'],
    ['worst-fit', 'h2'],
  ])('%s picks %s', (policy, host) => {
    expect(placeVm(buildView(dc, vms), { vm: spec('v', 2, 4), policy, cursor: -1 }).host).toBe(host);
  });

  it('first-fit skips a host that is full', () => {
    const full = [running(spec('a', 8, 4), 'h1')];
    expect(placeVm(buildView(dc, full), { vm: spec('v', 1, 1), policy: 'first-fit', cursor: -1 }).host).toBe('h2');
  });

  it('round-robin continues after the host it used last and wraps around', () => {
    const view = buildView(dc, []);
    const next = (cursor: number) => placeVm(view, { vm: spec('v', 1, 1), policy: 'round-robin', cursor });
    expect(next(-1)).toMatchObject({ host: 'h1', cursor: 0 });
    expect(next(0)).toMatchObject({ host: 'h2', cursor: 1 });
    expect(next(1)).toMatchObject({ host: 'h3', cursor: 2 });
    expect(next(2)).toMatchObject({ host: 'h1', cursor: 0 });
  });

  it('ties go to the host defined first', () => {
    const twins = load(THREE_HOSTS.replace('{ name: h3, cpu: { cores: 4 }, memory: 8GiB }', '{ name: h3, cpu: { cores: 4 }, memory: 16GiB }')).datacenter;
    expect(placeVm(buildView(twins, []), { vm: spec('v', 2, 4), policy: 'best-fit', cursor: -1 }).host).toBe('h1');
  });
});

describe('nothing fits', () => {
  it('returns every host with its reasons instead of throwing', () => {
    const placement = placeVm(buildView(dc, []), { vm: spec('huge', 20, 40), policy: 'best-fit', cursor: -1 });
    expect(placement.host).toBeNull();
    expect(placement.rejections).toEqual([
      { host: 'h1', filter: 'capacity', reason: 'needs 20 vCPU, 8 of 8 free (4 cores x 2 overcommit)' },
      { host: 'h1', filter: 'capacity', reason: 'needs 40 GiB, 16 GiB of 16 GiB free (x1 overcommit)' },
      { host: 'h2', filter: 'capacity', reason: 'needs 20 vCPU, 16 of 16 free (8 cores x 2 overcommit)' },
      { host: 'h2', filter: 'capacity', reason: 'needs 40 GiB, 32 GiB of 32 GiB free (x1 overcommit)' },
      { host: 'h3', filter: 'capacity', reason: 'needs 20 vCPU, 8 of 8 free (4 cores x 2 overcommit)' },
      { host: 'h3', filter: 'capacity', reason: 'needs 40 GiB, 8 GiB of 8 GiB free (x1 overcommit)' },
    ]);
  });

  it('with --host only that host is considered', () => {
    const placement = placeVm(buildView(dc, []), { vm: spec('v', 2, 12), policy: 'first-fit', cursor: -1, onlyHost: 'h3' });
    expect(placement.host).toBeNull();
    expect(placement.rejections.map((r) => r.host)).toEqual(['h3']);
  });
});
