import type { Datacenter, Host, VmSpec } from '../model.js';
import { hostStateFilter } from './filters/host-state.js';
import { hypervisorFilter } from './filters/hypervisor.js';
import { tenancyFilter } from './filters/tenancy.js';
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

const STATIC_FILTERS = [hostStateFilter, tenancyFilter, hypervisorFilter];

/**
 * The filters whose verdict depends only on the VM's shape and the host's static profile (host
 * state, tenancy, hypervisor), evaluated once per (VM shape, profile) for planners that ask about
 * many hosts.
 */
export class StaticFitCache {
  readonly profileOf: Int32Array;
  private readonly representatives: number[];
  private readonly byShape = new Map<string, boolean[]>();
  private readonly byVm = new WeakMap<VmSpec, boolean[]>();

  constructor(private readonly dc: Datacenter) {
    ({ profileOf: this.profileOf, representatives: this.representatives } = staticProfilesOf(dc.hosts));
  }

  fits(vm: VmSpec, hostIndex: number): boolean {
    return this.forVm(vm)[this.profileOf[hostIndex]!]!;
  }

  /** The verdict per host profile (index by profileOf[host]). */
  forVm(vm: VmSpec): boolean[] {
    const known = this.byVm.get(vm);
    if (known) return known;
    const g = vm.guest;
    const key = [vm.tenant === null ? '' : `t:${vm.tenant}`, vm.kind, vm.io, g.os, g.arch === null ? '' : `a:${g.arch}`, g.paravirtualized].join('\u0000');
    let fits = this.byShape.get(key);
    if (!fits) {
      const view = buildView(this.dc, []);
      fits = this.representatives.map((i) => STATIC_FILTERS.every((f) => f.check(vm, this.dc.hosts[i]!, view).fits));
      this.byShape.set(key, fits);
    }
    this.byVm.set(vm, fits);
    return fits;
  }
}
