import { describe, expect, it } from 'vitest';
import type { Hypervisor } from '../../src/core/model.js';
import { cpuEfficiency, memoryOverheadBytes } from '../../src/core/overhead.js';
import { GiB, MiB } from '../../src/core/units.js';

const hv = (product: Hypervisor['product'], virtualization: Hypervisor['virtualization'] = 'hardware-assisted', paging: Hypervisor['paging'] = 'nested'): Hypervisor =>
  ({ product, level: product === 'docker' ? 'os' : 'hardware', type: 1, kernel: 'monolithic', virtualization, paging });
const vm = (cpus: number, memoryGiB: number, extra: object = {}) => ({ kind: 'vm' as const, cpus, memoryBytes: memoryGiB * GiB, io: 'paravirtual' as const, ...extra });

describe('memory overhead per VM', () => {
  it.each([
    // vSphere 6.5 fit 14.4 + 4.0 vCPU + 7.4 GiB (MB): 2 vCPU, 4 GiB -> 52 MiB; table value 52.72.
    ['esxi 2 vCPU 4 GiB', memoryOverheadBytes(vm(2, 4), hv('esxi')), 52 * MiB],
    // 16 GiB, 8 vCPU: 14.4 + 32 + 118.4 = 164.8 MiB; table value 168.60.
    ['esxi 8 vCPU 16 GiB', memoryOverheadBytes(vm(8, 16), hv('esxi')), Math.round(164.8 * MiB)],
    // KubeVirt: RAM/512 + 220 MiB + 8 MiB/vCPU: 8 + 220 + 16 = 244 MiB.
    ['kvm 2 vCPU 4 GiB', memoryOverheadBytes(vm(2, 4), hv('kvm')), 244 * MiB],
    ['kvm passthrough adds 1 GiB pinned', memoryOverheadBytes(vm(2, 4, { io: 'passthrough' }), hv('kvm')), 244 * MiB + GiB],
    // Xen PV: 20 KiB + RAM/512; HVM adds a 30 MiB device model.
    ['xen PV 4 GiB', memoryOverheadBytes(vm(2, 4), hv('xen', 'para', 'direct')), 20 * 1024 + 8 * MiB],
    ['xen HVM 4 GiB', memoryOverheadBytes(vm(2, 4), hv('xen')), 20 * 1024 + 8 * MiB + 30 * MiB],
    ['container', memoryOverheadBytes(vm(2, 4, { kind: 'container' }), hv('docker')), 0],
  ])('%s', (_name, actual, expected) => expect(actual).toBe(expected));
});

describe('CPU efficiency', () => {
  it.each([
    ['para compute', cpuEfficiency('vm', hv('xen', 'para', 'direct'), 'compute'), 0.99],
    ['para kernel-heavy', cpuEfficiency('vm', hv('xen', 'para', 'direct'), 'kernel-heavy'), 0.97],
    ['BT kernel-heavy (SPECweb99 < 1/3)', cpuEfficiency('vm', hv('esxi', 'full', 'shadow'), 'kernel-heavy'), 0.3],
    ['HW nested compute (KVM tuned -2%)', cpuEfficiency('vm', hv('kvm'), 'compute'), 0.98],
    ['HW nested mmu-heavy', cpuEfficiency('vm', hv('kvm'), 'mmu-heavy'), 0.9],
    ['HW shadow mmu-heavy (EPT +48%)', cpuEfficiency('vm', hv('kvm', 'hardware-assisted', 'shadow'), 'mmu-heavy'), 0.61],
    ['container', cpuEfficiency('container', hv('docker'), 'compute'), 1],
    ['TCG emulation', cpuEfficiency('emulated', hv('qemu', 'full', 'shadow'), 'compute'), 0.1],
  ])('%s', (_name, actual, expected) => expect(actual).toBe(expected));
});
