import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/core/simulate/policy.js';
import { simulate } from '../../src/core/simulate/simulate.js';
import { parseTrace } from '../../src/core/simulate/trace.js';
import { fixture, run, tempDir } from '../helpers/cli.js';

const MINI = fixture('planetlab-mini');

describe('dcctl simulate', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('--json: the metrics of the core run, CloudSim names, ratios as fractions', async () => {
    const r = await run(['simulate', '--trace', MINI, '--policy', 'lr-mmt', '--json'], dir);
    expect(r.code).toBe(0);
    const traces = readdirSync(MINI).map((n) => parseTrace(n, readFileSync(join(MINI, n), 'utf8')));
    const expected = simulate({ traces, policy: parsePolicy('lr-mmt'), model: 'cloudsim', seed: 1, intervalSec: 300, durationSec: 86400, traceIntervalSec: 300 });
    expect(r.json.policy).toBe('lr-mmt');
    expect(r.json.label).toBe('lr-mmt-1.2');
    expect(r.json.model).toBe('cloudsim');
    expect(r.json.metrics).toEqual(expected.metrics);
    expect(r.json.metrics.slatah).toBeLessThan(1);
    expect(r.json.traces).toMatchObject({ vms: 50, samplesPerVm: 288 });
    expect(r.json.series).toBeUndefined();
    expect(r.json.wallTimeSec).toBeGreaterThan(0);
  });

  it('human output: metrics table, chart of active hosts, no progress bar without a TTY', async () => {
    const r = await run(['simulate', '--trace', MINI, '--policy', 'thr-mu', '--hosts', '60'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('THR-MU-0.8 on 50 VMs');
    expect(r.stdout).toMatch(/SLA time per active host \(SLATAH\)\s+\d+\.\d{3} %/);
    expect(r.stdout).toContain('Active hosts over the day');
    expect(r.stderr).toBe('');
  });

  it('--series, --csv and --plot', async () => {
    const csv = join(dir, 'run.csv');
    const svg = join(dir, 'run.svg');
    const r = await run(['simulate', '--trace', MINI, '--policy', 'mad-mc', '--series', '--csv', csv, '--plot', svg, '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.json.series).toHaveLength(287);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time_s,active_hosts,power_w,overloaded_hosts,migrations,vms');
    expect(rows).toHaveLength(288);
    expect(rows[1]!.split(',')[0]).toBe('300.1');
    const plot = readFileSync(svg, 'utf8');
    expect(plot).toMatch(/^<svg/);
    expect(plot.match(/<polyline/g)).toHaveLength(2);
  });

  it('--compare: one table sorted by ESV, one line per policy in the plot', async () => {
    const svg = join(dir, 'compare.svg');
    const r = await run(['simulate', '--trace', MINI, '--compare', '--policies', 'thr-mmt,lr-mmt,mad-mu,dvfs', '--plot', svg, '--json'], dir);
    expect(r.code).toBe(0);
    // Consolidating policies by ESV; dvfs (never migrates: ESV 0) last, as a baseline.
    expect(r.json.baselines).toEqual(['dvfs']);
    expect(r.json.results.at(-1).policy).toBe('dvfs');
    const esv = r.json.results.slice(0, -1).map((x: { metrics: { esv: number } }) => x.metrics.esv);
    expect(esv).toEqual([...esv].sort((a, b) => a - b));
    expect(r.json.results.map((x: { policy: string }) => x.policy).sort()).toEqual(['dvfs', 'lr-mmt', 'mad-mu', 'thr-mmt']);
    expect(readFileSync(svg, 'utf8').match(/<polyline/g)).toHaveLength(6); // dvfs is named in the caption, not drawn
    const human = await run(['simulate', '--trace', MINI, '--compare', '--policies', 'thr-mmt,dvfs'], dir);
    expect(human.stdout).toContain('ranked by ESV (energy x SLA violation), best first, among the policies that consolidate; dvfs never migrate');
    expect(human.stdout).toContain('THR-MMT-0.8');
  });

  it('--synthetic, --datacenter and --model precopy', async () => {
    const synthetic = await run(['simulate', '--synthetic', '--vms', '40', '--hosts', '30', '--duration', '2h', '--json'], dir);
    expect(synthetic.code).toBe(0);
    expect(synthetic.json.traces.vms).toBe(40);
    expect(synthetic.json.ticks).toBe(23);
    expect(synthetic.json.clusters).toBe(1);
    const split = await run(['simulate', '--synthetic', '--vms', '60', '--hosts', '40', '--cluster-hosts', '20', '--duration', '1h', '--json'], dir);
    expect(split.json.clusters).toBe(2);
    expect(split.json.hosts).toBe(40);
    const dc = await run(['simulate', '--trace', MINI, '--vms', '20', '--datacenter', fixture('consolidation-lab.yaml'), '--json'], dir);
    expect(dc.code).toBe(0);
    expect(dc.json.hosts).toBe(4);
    const precopy = await run(['simulate', '--trace', MINI, '--model', 'precopy', '--duration', '3h', '--json'], dir);
    expect(precopy.code).toBe(0);
    expect(precopy.json.model).toBe('precopy');
    expect(precopy.json.vmsAtEnd).toBe(50); // idle VMs are kept
    expect(precopy.json.downtimeSec).toBeGreaterThan(0);
  });

  it('bad input: exit 2, one line naming the file and line, no stack trace', async () => {
    const bad = join(dir, 'bad-traces');
    mkdirSync(bad);
    writeFileSync(join(bad, 'vm-a'), '12\n7\n');
    writeFileSync(join(bad, 'vm-b'), '12\nx7\n3\n');
    for (const args of [['simulate', '--trace', bad], ['trace', 'info', bad]]) {
      const r = await run(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(bad, 'vm-b')}:2:1: not a CPU utilization percentage: "x7"`);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
      const j = await run([...args, '--json'], dir);
      expect(j.json.error).toMatchObject({ code: 'trace-sample', line: 2 });
    }
    const shortDir = join(dir, 'short-traces');
    mkdirSync(shortDir);
    writeFileSync(join(shortDir, 'vm-a'), '12\n7\n');
    const short = await run(['simulate', '--trace', shortDir, '--duration', '1h'], dir);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/vm-a: 2 samples cover 0.1\d* h/);
    const cases: [string[], RegExp][] = [
      [['simulate', '--trace', MINI, '--policy', 'thr-mtt'], /unknown policy "thr-mtt"[\s\S]*did you mean "thr-mmt"/],
      [['simulate'], /give --trace DIR or --synthetic/],
      [['simulate', '--trace', join(dir, 'nope')], /no such directory/],
      [['simulate', '--trace', MINI, '--interval', '0s'], /--interval/],
      [['simulate', '--trace', MINI, '--policy', 'thr-mmt', '--param', '2'], /out of range/],
      [['simulate', '--trace', MINI, '--datacenter', fixture('issue-example.yaml')], /power model/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });
});

describe('dcctl trace info', () => {
  it('VMs, samples, mean, standard deviation, quartiles', async () => {
    const dir = tempDir();
    const r = await run(['trace', 'info', MINI, '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ vms: 50, samples: 14400, samplesPerVm: { min: 288, max: 288 } });
    expect(r.json.quartilesPercent).toHaveLength(3);
    const human = await run(['trace', 'info', MINI], dir);
    expect(human.stdout).toMatch(/Quartiles \(Q1 \/ median \/ Q3\)\s+\d+ \/ \d+ \/ \d+ %/);
    const synthetic = await run(['trace', 'info', '--synthetic', '--vms', '500', '--json'], dir);
    expect(synthetic.json.meanPercent).toBeGreaterThan(8);
    expect(synthetic.json.meanPercent).toBeLessThan(17);
  });
});
