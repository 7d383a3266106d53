import { createHash } from 'node:crypto';
import { requireDatacenter } from '../lookup.js';
import type { State } from '../state.js';

/**
 * What a saved plan depends on, hashed part by part so a stale plan can say which part changed:
 * where each VM is and in what state, the host states, each VM's size and behaviour (what the
 * filters and the migration model read), and the rest of the datacenter (hosts' hardware and
 * limits, network, tenants). The clock, the event log and migration records are left out: time
 * passing changes no plan.
 */
export const FINGERPRINT_PARTS = ['placements', 'hostStates', 'vmSizes', 'datacenter'] as const;
export type FingerprintPart = (typeof FINGERPRINT_PARTS)[number];

export interface StateFingerprint {
  /** sha256 of the four part digests: `sha256:<hex>`. */
  sha256: string;
  /** First 16 hex digits of each part's sha256. */
  parts: Record<FingerprintPart, string>;
}

const PART_DIGITS = 16;

function digest(feed: (update: (text: string) => void) => void): string {
  const hash = createHash('sha256');
  feed((text) => hash.update(text).update('\n'));
  return hash.digest('hex');
}

export function stateFingerprint(state: State): StateFingerprint {
  const dc = requireDatacenter(state);
  const vms = [...state.vms].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const full: Record<FingerprintPart, string> = {
    placements: digest((u) => {
      for (const vm of vms) u(`${vm.name}\t${vm.host ?? '-'}\t${vm.state}`);
    }),
    hostStates: digest((u) => {
      for (const host of dc.hosts) u(`${host.name}\t${host.state}`);
    }),
    vmSizes: digest((u) => {
      for (const vm of vms) {
        const { state: _s, host: _h, createdAtSec: _c, origin: _o, ...spec } = vm;
        u(JSON.stringify(spec));
      }
    }),
    datacenter: digest((u) => {
      u(JSON.stringify({ ...dc, hosts: dc.hosts.map(({ state: _s, ...host }) => host) }));
    }),
  };
  const sha256 = createHash('sha256').update(FINGERPRINT_PARTS.map((p) => full[p]).join('\n')).digest('hex');
  return { sha256: `sha256:${sha256}`, parts: Object.fromEntries(FINGERPRINT_PARTS.map((p) => [p, full[p].slice(0, PART_DIGITS)])) as Record<FingerprintPart, string> };
}

/** The parts whose digest differs (all of them when the plan recorded none). */
export function changedParts(recorded: Partial<Record<FingerprintPart, string>> | undefined, now: StateFingerprint): FingerprintPart[] {
  return FINGERPRINT_PARTS.filter((p) => recorded?.[p] !== now.parts[p]);
}
