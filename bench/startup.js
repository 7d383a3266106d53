// Start-up time of dcctl against oclif's own floor: a bare one-command oclif CLI built in a
// temporary directory with the same @oclif/core. Also `vm list --json` with 10,000 VMs in state.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDatacenter } from '../dist/core/apply.js';
import { loadDatacenter } from '../dist/config/load.js';
import { emptyState } from '../dist/core/state.js';
import { fmt, timeCommand } from './lib.js';

const root = new URL('..', import.meta.url).pathname;
const dcctl = join(root, 'bin', 'run.js');

function bareOclif() {
  const dir = mkdtempSync(join(tmpdir(), 'oclif-floor-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'commands'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'floor', version: '1.0.0', type: 'module', oclif: { bin: 'floor', commands: './commands' } }));
  writeFileSync(join(dir, 'bin', 'run.js'), "import { execute } from '@oclif/core';\nawait execute({ dir: import.meta.url });\n");
  writeFileSync(join(dir, 'commands', 'hello.js'), "import { Command } from '@oclif/core';\nexport default class Hello extends Command { async run() { this.log('hi'); } }\n");
  return join(dir, 'bin', 'run.js');
}

function stateWithVms(count) {
  const hosts = Math.ceil(count / 10);
  const yaml = `apiVersion: dcctl/v1\nkind: Datacenter\nmetadata: { name: bench }\nspec:\n  clusters:\n    - name: r\n      hypervisor: { product: kvm }\n      hosts: [ { name: h, count: ${hosts}, cpu: { cores: 32 }, memory: 256GiB } ]\n  vms:\n${Array.from({ length: count }, (_, i) => `    - { name: vm-${i}, cpus: 2, memory: 4GiB, workload: { cpu: 30% } }`).join('\n')}\n`;
  const outcome = applyDatacenter(emptyState(), loadDatacenter(Buffer.from(yaml), 'bench.yaml'));
  if (outcome.refused) throw new Error(outcome.message);
  const dir = mkdtempSync(join(tmpdir(), 'dcctl-bench-'));
  writeFileSync(join(dir, 'state.json'), JSON.stringify(outcome.state));
  return dir;
}

export function runStartup() {
  const floor = timeCommand([bareOclif(), '--version']);
  const version = timeCommand([dcctl, '--version']);
  const empty = mkdtempSync(join(tmpdir(), 'dcctl-bench-'));
  const help = timeCommand([dcctl, 'vm', 'list', '--help'], { env: { DCCTL_STATE_DIR: empty } });
  const stateDir = stateWithVms(10_000);
  const list = timeCommand([dcctl, 'vm', 'list', '--json'], { env: { DCCTL_STATE_DIR: stateDir }, runs: 9 });
  const node = timeCommand(['-e', '0']);
  console.log('start-up (median wall time)');
  console.log(`  node -e 0                        ${fmt(node)}`);
  console.log(`  bare oclif CLI --version         ${fmt(floor)}   (baseline)`);
  console.log(`  dcctl --version                  ${fmt(version)}   ${(version / floor).toFixed(2)}x baseline   target < 300 ms`);
  console.log(`  dcctl vm list --help             ${fmt(help)}   ${(help / floor).toFixed(2)}x baseline`);
  console.log(`  dcctl vm list --json, 10,000 VMs ${fmt(list)}   ${(list / floor).toFixed(2)}x baseline   target < 500 ms`);
  return { nodeMs: node, floorMs: floor, versionMs: version, helpMs: help, list10kMs: list };
}

if (import.meta.url === `file://${process.argv[1]}`) runStartup();
