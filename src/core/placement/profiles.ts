import type { Datacenter, Host, VmSpec } from '../model.js';
import { STATIC_FILTERS } from './filters/index.js';
import { buildView } from './view.js';

/** Hosts with the same key behave alike: one profile id each, and the first host of each profile. */
export function groupHosts(hosts: readonly Host[], key: (host: Host) => unknown): { profileOf: Int32Array; representatives: number[] } {
  const ids = new Map<string, number>();
  const representatives: number[] = [];
  const profileOf = Int32Array.from(hosts, (host, i) => {
    const k = JSON.stringify(key(host));
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
      representatives.push(i);
    }
    return id;
  });
  return { profileOf, representatives };
}

const staticProfiles = new WeakMap<readonly Host[], ReturnType<typeof groupHosts>>();

/** Hosts grouped by what the static filters look at; computed once per host list (planners build many fleets). */
function staticProfilesOf(hosts: readonly Host[]): ReturnType<typeof groupHosts> {
  let profiles = staticProfiles.get(hosts);
  if (!profiles) {
    profiles = groupHosts(hosts, (h) => [h.state, h.cluster, h.hypervisor, h.os, h.arch, h.containers]);
    staticProfiles.set(hosts, profiles);
  }
  return profiles;
}

/**
 * The filters whose verdict depends only on the VM's shape and the host's static profile (host
 * state, tenancy, hypervisor), evaluated once per (VM shape, profile) for planners that ask about
 * many hosts.
 */
export class StaticFitCache {
  readonly profileOf: Int32Array;
  private readonly representatives: number[];
  private readonly byShape = new Map<string, boolean[]>();
  /** The last VM asked about: searches ask about many hosts for one VM in a row (no per-VM tables kept). */
  private last: { vm: VmSpec; fits: boolean[] } | null = null;

  constructor(private readonly dc: Datacenter) {
    ({ profileOf: this.profileOf, representatives: this.representatives } = staticProfilesOf(dc.hosts));
  }

  fits(vm: VmSpec, hostIndex: number): boolean {
    return this.forVm(vm)[this.profileOf[hostIndex]!]!;
  }

  /** The verdict per host profile (index by profileOf[host]). */
  forVm(vm: VmSpec): boolean[] {
    if (this.last?.vm === vm) return this.last.fits;
    const g = vm.guest;
    const key = `${vm.tenant === null ? '' : `t:${vm.tenant}`}\u0000${vm.kind}\u0000${vm.io}\u0000${g.os}\u0000${g.arch === null ? '' : `a:${g.arch}`}\u0000${g.paravirtualized}`;
    let fits = this.byShape.get(key);
    if (!fits) {
      const view = buildView(this.dc, []);
      fits = this.representatives.map((i) => STATIC_FILTERS.every((f) => f.check(vm, this.dc.hosts[i]!, view).fits));
      this.byShape.set(key, fits);
    }
    this.last = { vm, fits };
    return fits;
  }
}
