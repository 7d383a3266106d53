import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';

const dc = (vms: string) => `apiVersion: dcctl/v1
kind: Datacenter
metadata: { name: f }
spec:
  clusters:
    - name: r1
      hypervisor: { product: kvm }
      hosts:
        - { name: h1, cpu: { cores: 4 }, memory: 16GiB }
        - { name: h2, cpu: { cores: 4 }, memory: 16GiB }
  vms:
${vms}`;

describe('dc validate findings (real binary)', () => {
  it('warnings by default (exit 0), exit 1 with --strict; JSON findings with kind, severity, subject, message', async () => {
    const state = tempDir();
    const plain = await run(['dc', 'validate', fixture('lab-dc.yaml'), '--json'], state);
    expect(plain.code).toBe(0);
    expect(plain.json.findings.map((f: { kind: string; subject: string }) => [f.kind, f.subject])).toEqual([['cannot-evacuate', 'host c1'], ['no-failover-headroom', 'cluster edge']]);
    expect(plain.json.findings[0]).toEqual({ kind: 'cannot-evacuate', severity: 'warning', subject: 'host c1', message: expect.stringContaining('cache-1: no other host takes it') });
    const strict = await run(['dc', 'validate', fixture('lab-dc.yaml'), '--strict'], state);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^warning \(no-failover-headroom\): edge has no N\+1 headroom: losing c1 strands cache-1$/m);
  });

  it('a file whose VMs cannot be placed because a rule can never hold says so in the hint (exit 1)', async () => {
    const dir = tempDir();
    const file = join(dir, 'dc.yaml');
    writeFileSync(file, dc(['w1', 'w2', 'w3'].map((w) => `    - { name: ${w}, cpus: 1, memory: 1GiB, group: { name: web, rule: anti-affinity } }\n`).join('')));
    const result = await run(['dc', 'validate', file, '--json'], dir);
    expect(result.code).toBe(1);
    expect(result.json.error.hint).toMatch(/^must anti-affinity group web has 3 members \(w1, w2, w3\) but only 2 can have a host of their own/);
    expect(result.json.error.findings[0].kind).toBe('unsatisfiable-rule');
  });
});
