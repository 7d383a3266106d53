import { describe, expect, it } from 'vitest';
import { ruleFindings, stateFindings } from '../../src/core/findings.js';
import { dcYaml, load, stateFrom } from '../helpers/dc.js';

const TWO_RACKS = `  clusters:
    - name: r1
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 4 }, memory: 16GiB }
        - { name: h2, cpu: { cores: 4 }, memory: 16GiB }
    - name: edge
      hypervisor: { product: docker }
      hosts:
        - { name: c1, cpu: { cores: 4 }, memory: 16GiB }
`;

describe('dc validate findings', () => {
  it('a must anti-affinity group larger than the hosts that admit its members; an affinity group pinned apart; a pin onto a host that cannot run it', () => {
    const file = load(dcYaml(`${TWO_RACKS}  vms:
    - { name: w1, cpus: 1, memory: 1GiB, state: inactive, group: { name: web, rule: anti-affinity } }
    - { name: w2, cpus: 1, memory: 1GiB, state: inactive, group: { name: web, rule: anti-affinity } }
    - { name: w3, cpus: 1, memory: 1GiB, state: inactive, group: { name: web, rule: anti-affinity } }
    - { name: d1, cpus: 1, memory: 1GiB, host: h1, pinned: true, group: { name: db, rule: affinity } }
    - { name: d2, cpus: 1, memory: 1GiB, host: h2, pinned: true, group: { name: db, rule: affinity } }
    - { name: p1, cpus: 1, memory: 1GiB, host: c1, pinned: true, state: inactive }
`));
    expect(ruleFindings(file.datacenter, file.vms)).toEqual([
      { kind: 'unsatisfiable-rule', severity: 'error', subject: 'group web', message: 'must anti-affinity group web has 3 members (w1, w2, w3) but only 2 can have a host of their own (eligible: h1, h2)' },
      { kind: 'unsatisfiable-rule', severity: 'error', subject: 'group db', message: 'must affinity group db (d1, d2) must share one host, but no host admits them all (they are pinned apart)' },
      { kind: 'unsatisfiable-rule', severity: 'error', subject: 'vm p1', message: 'p1 is pinned to c1, whose tenancy or hypervisor does not admit it' },
    ]);
  });

  it('a public tenant limited to a cluster private to another, and a VM no host admits (a foreign ISA)', () => {
    const file = load(dcYaml(`${TWO_RACKS}  tenants:
    - { name: acme, deployment: private, clusters: [r1] }
    - { name: pub, deployment: public, clusters: [r1] }
  vms:
    - { name: arm, cpus: 1, memory: 1GiB, state: inactive, guest: { arch: aarch64 } }
`));
    expect(ruleFindings(file.datacenter, file.vms).map((f) => [f.kind, f.subject])).toEqual([['no-eligible-host', 'vm arm'], ['no-eligible-host', 'tenant pub']]);
  });

  it('a host whose VM has nowhere else to go, and a cluster that cannot restart a failed host\'s VMs', () => {
    const state = stateFrom(dcYaml(`${TWO_RACKS}  vms:
    - { name: box, kind: container, cpus: 1, memory: 1GiB, host: c1 }
    - { name: big, cpus: 8, memory: 12GiB, host: h1 }
    - { name: big2, cpus: 8, memory: 12GiB, host: h2 }
`));
    const findings = stateFindings(state);
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([
      ['cannot-evacuate', 'host h1'], ['cannot-evacuate', 'host h2'], ['cannot-evacuate', 'host c1'],
      ['no-failover-headroom', 'cluster r1'], ['no-failover-headroom', 'cluster edge'],
    ]);
    expect(findings[2]!.message).toBe('c1 cannot be emptied for maintenance: box: no other host takes it (hypervisor: h1, h2)');
    expect(findings[4]!.message).toBe('edge has no N+1 headroom: losing c1 strands box');
  });
});
