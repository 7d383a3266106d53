// A 20-step lab run in-process against one dcctl command's start-up, and against the same 20
// commands as 20 processes (what a teacher's shell script around --json does).
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, timeCommand } from './lib.js';

const root = new URL('..', import.meta.url).pathname;
const dcctl = join(root, 'bin', 'run.js');

/** 20 steps on the pre-copy labs' datacenter: dry-run migrations (asks and checks), moves, shows, one task. */
function twentyStepLab() {
  const dir = mkdtempSync(join(tmpdir(), 'dcctl-bench-lab-'));
  cpSync(join(root, 'fixtures', 'labs', 'datacenters'), join(dir, 'datacenters'), { recursive: true });
  const commands = [];
  const steps = [];
  for (let i = 0; i < 19; i++) {
    const vm = ['m4a', 'm4b', 'm1c'][i % 3];
    const run = [`vm migrate ${vm} --to b1 --preset simgrid --dry-run`, `vm show ${vm}`, 'host list', `multiplex a1`][i % 4];
    commands.push(run);
    steps.push(i % 4 === 0
      ? `    - { name: s${i}, run: "${run}", ask: { question: Rounds?, answer: "migrations[0].rounds" } }`
      : `    - { name: s${i}, run: "${run}", expect: { checks: [ { path: "${i % 4 === 1 ? 'vm.state' : i % 4 === 2 ? 'hosts[0].state' : 'report.host'}", exists: true } ] } }`);
  }
  steps.push('    - { name: last, task: Move m1c to a2., check: [ { run: vm show m1c, checks: [ { path: vm.host, equals: a2 } ] } ], solution: [ vm migrate m1c --to a2 ] }');
  commands.push('vm migrate m1c --to a2', 'vm show m1c');
  writeFileSync(join(dir, 'lab.yaml'), `apiVersion: dcctl/v1\nkind: Lab\nmetadata: { name: bench }\nspec:\n  topics: [live-migration]\n  datacenter: datacenters/precopy.yaml\n  params: { dirty: { choice: [75MB/s] }, mem: { choice: [4] } }\n  steps:\n${steps.join('\n')}\n`);
  return { file: join(dir, 'lab.yaml'), commands };
}

export function runLabBench() {
  const { file, commands } = twentyStepLab();
  const state = mkdtempSync(join(tmpdir(), 'dcctl-bench-'));
  timeCommand([dcctl, 'dc', 'apply', join(root, 'fixtures', 'labs', 'datacenters', 'carve.yaml')], { env: { DCCTL_STATE_DIR: state }, runs: 1 });
  const one = timeCommand([dcctl, 'host', 'list', '--json'], { env: { DCCTL_STATE_DIR: state }, runs: 9 });
  // One variant with the reference answers (every ask answered, the task's solution run): a passing 20-step run.
  const lab = timeCommand([dcctl, 'lab', 'verify', file, '--seeds', '1', '--json'], { runs: 5 });
  // The same commands, one process each, as a shell script would run them.
  const script = timeCommand(['-e', `const { execFileSync } = require('node:child_process'); const env = { ...process.env, DCCTL_STATE_DIR: ${JSON.stringify(mkdtempSync(join(tmpdir(), 'dcctl-bench-')))} };
execFileSync(process.execPath, [${JSON.stringify(dcctl)}, 'dc', 'apply', ${JSON.stringify(join(root, 'fixtures', 'migration-lab.yaml'))}, '--json'], { env });
for (const c of ${JSON.stringify(commands.map((c) => c.replace(/m4a|m4b|m1c/, 'web').replace(/b1|a2/, 'dst')))}) { try { execFileSync(process.execPath, [${JSON.stringify(dcctl)}, ...c.split(' '), '--json'], { env, stdio: 'pipe' }); } catch {} }`], { runs: 3 });
  const verify = timeCommand([dcctl, 'lab', 'verify', 'precopy-basics', '--seeds', '20', '--json'], { runs: 3 });
  console.log('labs (median wall time)');
  console.log(`  one dcctl command (host list --json)         ${fmt(one)}   (baseline)`);
  console.log(`  a 20-step lab, reference answers (in-process) ${fmt(lab)}   ${(lab / one).toFixed(2)}x one command`);
  console.log(`  its 21 commands + apply, a process each      ${fmt(script)}   ${(script / one).toFixed(2)}x one command`);
  console.log(`  lab verify precopy-basics, 20 seeds          ${fmt(verify)}   ${(verify / one).toFixed(2)}x one command`);
  return { oneMs: one, labMs: lab, scriptMs: script, verifyMs: verify };
}

if (import.meta.url === `file://${process.argv[1]}`) runLabBench();
