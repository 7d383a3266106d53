import { describe, expect, it } from 'vitest';
import { loadLab, quoteFlowPaths } from '../../src/config/lab-load.js';
import { DcctlError } from '../../src/core/errors.js';

const HEAD = `apiVersion: dcctl/v1
kind: Lab
metadata: { name: tiny, title: Tiny }
spec:
  topics: [live-migration]
  datacenter: dc.yaml
  steps:
`;

const bytes = (text: string) => new TextEncoder().encode(text);
const failure = (text: string) => {
  try {
    loadLab(bytes(text), 'lab.yaml');
  } catch (error) {
    return error as DcctlError;
  }
  throw new Error('the lab loaded');
};

describe('loading a lab file', () => {
  it('takes paths with brackets unquoted inside a flow mapping, as the contract writes them', () => {
    const text = `${HEAD}    - name: first-move
      run: vm migrate m4a --to b1
      expect:
        checks:
          - { path: migrations[0].converged, equals: true }
          - { path: migrations[*].downtimeMs, lessThan: 300 }
          - { path: "vms[name=a].host", equals: b1 }
`;
    const { lab, sha256 } = loadLab(bytes(text), 'lab.yaml');
    expect(lab.spec.steps[0]!.expect!.checks!.map((c) => c.path)).toEqual(['migrations[0].converged', 'migrations[*].downtimeMs', 'vms[name=a].host']);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('quotes only paths in a flow mapping, keeping the rest of the line', () => {
    expect(quoteFlowPaths('- { path: a[0].b, equals: 1 }')).toBe('- { path: "a[0].b", equals: 1 }');
    expect(quoteFlowPaths('- { path: "a[0].b", equals: 1 }')).toBe('- { path: "a[0].b", equals: 1 }');
    expect(quoteFlowPaths('answer: a[0].b')).toBe('answer: a[0].b');
  });

  it('names the file, line and column of a rule broken deep in a step, exit 2, code invalid-lab', () => {
    const error = failure(`${HEAD}    - name: first-move
      run: vm migrate m4a --to b1
      expect:
        checks:
          - { path: migrations[0].converged, equals: true, lessThan: 3 }
`);
    expect(error).toBeInstanceOf(DcctlError);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('invalid-lab');
    expect(error.message).toMatch(/^lab\.yaml:12:\d+ /);
  });

  it('reports a YAML syntax error and an unknown key with their place', () => {
    expect(failure(`${HEAD}    - name: [oops\n`).message).toMatch(/^lab\.yaml:(8|9):\d+ YAML: /);
    const unknown = failure(`${HEAD}    - name: a\n      run: vm list\n      pionts: 2\n`);
    expect(unknown.message).toMatch(/^lab\.yaml:10:7 /);
    expect(unknown.code).toBe('invalid-lab');
  });

  it('an empty file is a lab error with a hint to start from a bundled lab', () => {
    const error = failure('# nothing\n');
    expect(error.code).toBe('invalid-lab');
    expect(error.hint).toMatch(/lab list/);
  });
});

describe('params in a lab file', () => {
  it('${name} inside flow collections and paths parses, and comes back as written', () => {
    const text = `${HEAD.replace('  steps:\n', '  params:\n    cpus: { choice: [1, 2] }\n    h: { choice: [a1] }\n  steps:\n')}    - name: t
      task: Do it.
      check:
        - run: vm show x
          checks: [ { path: hosts[name=\${h}].cpus, equals: \${cpus} } ]
      solution: [ vm create x --cpus \${cpus} --memory 1GiB ]
`;
    const step = loadLab(bytes(text), 'lab.yaml').lab.spec.steps[0]!;
    expect(step.solution).toEqual(['vm create x --cpus ${cpus} --memory 1GiB']);
    expect(step.check![0]!.checks[0]).toEqual({ path: 'hosts[name=${h}].cpus', equals: '${cpus}' });
  });
});
