import { HYPERVISOR_PROFILES } from '../../hypervisors.js';
import type { Host, VmSpec } from '../../model.js';
import type { PlacementFilter, Reason } from '../types.js';
import { fits, unfit } from '../types.js';

const NAME = 'hypervisor';

/**
 * The level of virtualization the VM needs against what the host offers:
 * hardware level (a VMM, guest ISA = host ISA), OS level (containers share the host kernel,
 * so the OS family must match), ISA level (emulation of a foreign instruction set, e.g. QEMU TCG).
 * Also the guest's paravirtual ABI and the I/O path.
 */
export function hypervisorReasons(vm: VmSpec, host: Host): Reason[] {
  const hv = host.hypervisor;
  const profile = HYPERVISOR_PROFILES[hv.product];
  const reasons: Reason[] = [];
  const guestArch = vm.guest.arch ?? host.arch;
  if (vm.kind === 'container') {
    if (hv.level !== 'os' && !host.containers) reasons.push({ text: `a container needs OS-level virtualization (docker, lxc or containers: true); host runs ${hv.product}` });
    if (vm.guest.os !== host.os) reasons.push({ text: `a container shares the host kernel: guest os ${vm.guest.os}, host os ${host.os}` });
    if (guestArch !== host.arch) reasons.push({ text: `a container runs host binaries: guest arch ${guestArch}, host arch ${host.arch}` });
    return reasons;
  }
  if (hv.level !== 'hardware') {
    reasons.push({ text: `host runs ${hv.product} (OS-level): it has no hypervisor for a ${vm.kind === 'emulated' ? 'emulated machine' : 'VM'}` });
    return reasons;
  }
  if (vm.kind === 'emulated') {
    if (!profile.emulatesIsa) reasons.push({ text: `${hv.product} does not emulate instruction sets; an emulated (${guestArch}) guest needs e.g. qemu` });
  } else if (guestArch !== host.arch) {
    reasons.push({ text: `guest arch ${guestArch} differs from host ${host.arch}: use kind: emulated on a hypervisor that emulates (qemu)` });
  }
  if (hv.virtualization === 'para' && !vm.guest.paravirtualized) {
    reasons.push({ text: `${hv.product} in para mode runs only paravirtualized (modified) guests; ${vm.guest.os} here is unmodified` });
  }
  if (vm.guest.paravirtualized && hv.virtualization !== 'para' && !profile.pvDrivers) {
    reasons.push({ text: `a paravirtualized guest needs virtualization: para or PV drivers; ${hv.product} offers neither` });
  }
  if (vm.io === 'paravirtual' && !profile.pvDrivers) reasons.push({ text: `${hv.product} offers no paravirtual (split) drivers` });
  if (vm.io === 'passthrough' && !profile.directIo) reasons.push({ text: `${hv.product} cannot pass a device through (no direct I/O / IOMMU support)` });
  return reasons;
}

export const hypervisorFilter = {
  name: NAME,
  static: true,
  description: 'virtualization level, ISA, paravirtual ABI and I/O path are supported by the host',
  check(vm, host) {
    const reasons = hypervisorReasons(vm, host);
    return reasons.length === 0 ? fits(NAME) : unfit(NAME, reasons, true);
  },
} satisfies PlacementFilter;
