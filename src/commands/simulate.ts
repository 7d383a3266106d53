import { Flags } from '@oclif/core';
import { DcctlCommand } from '../base-command.js';
import { badInput } from '../core/errors.js';
import { ALL_POLICIES, parsePolicy } from '../core/simulate/policy.js';
import { DEFAULT_CLUSTER_HOSTS } from '../core/simulate/clusters.js';
import { REFERENCE_HOSTS } from '../core/simulate/scenario.js';
import { planFleet } from '../core/simulate/fleet-size.js';
import { checkRunSize, runIntervals } from '../core/simulate/limits.js';
import { rankForComparison } from '../core/simulate/ranking.js';
import { yellow } from '../render/style.js';
import { toTerminal } from '../render/terminal.js';
import { SIM_MODELS } from '../core/simulate/simulate.js';
import type { SimModel } from '../core/simulate/simulate.js';
import { parseDurationSec } from '../core/units.js';
import { positive, unitFlag } from '../flag-units.js';
import type { ComparisonReport, SimulationReport } from '../render/simulation.js';
import { renderComparison, renderSimulation } from '../render/simulation.js';
import { progressBar } from '../simulation/progress.js';
import { loadDatacenterHosts, loadTraces, TRACE_INTERVAL_SEC } from '../simulation/inputs.js';
import { writeRunFiles } from '../simulation/outputs.js';
import { peakMemoryMiB } from '../simulation/peak-memory.js';
import type { RunSpec } from '../simulation/run.js';
import { runOne } from '../simulation/run.js';

export default class Simulate extends DcctlCommand<typeof Simulate> {
  static override summary = "A day of trace-driven dynamic consolidation: CloudSim's PlanetLab experiment (Beloglazov & Buyya) with its metrics";
  static override description = [
    'Runs one overload-detection / VM-selection policy (or all of them with --compare) over CPU-utilization traces,',
    'on the reference fleet (800 HP ProLiant G4/G5 hosts) or the hosts of a datacenter file. --model cloudsim',
    'reproduces CloudSim 3.0.3 exactly, quirks included; --model precopy times migrations with dcctl\'s pre-copy',
    'engine and keeps idle VMs. Policies: npa, dvfs, {thr,iqr,mad,lr,lrr}-{mmt,mc,mu,rs}.',
  ].join(' ');
  static override examples = [
    '<%= config.bin %> simulate --trace fixtures/planetlab-mini --policy thr-mmt',
    '<%= config.bin %> simulate --trace fixtures/planetlab-mini --policy lr-mmt --json',
    '<%= config.bin %> simulate --trace fixtures/planetlab-mini --compare --plot day.svg',
    '<%= config.bin %> simulate --synthetic --vms 2000 --policy thr-mmt',
  ];
  static override flags = {
    trace: Flags.string({ description: 'folder of traces, one file per VM (PlanetLab format: one CPU % per line, every 5 min)', exclusive: ['synthetic'] }),
    synthetic: Flags.boolean({ description: 'generate PlanetLab-like traces instead (--vms, --seed)' }),
    vms: Flags.integer({ description: 'number of VMs: with --synthetic, how many to generate; with --trace, use the first N traces', min: 1, max: 10_000_000 }),
    hosts: Flags.integer({ description: `hosts in the reference fleet (alternating G4/G5; default ${REFERENCE_HOSTS}, or as many as every VM needs at creation)`, min: 1, exclusive: ['datacenter'] }),
    'cluster-hosts': Flags.integer({ description: `hosts per consolidation domain when the reference fleet is larger (0: one domain; with --datacenter its clusters are the domains)`, default: DEFAULT_CLUSTER_HOSTS, min: 0 }),
    policy: Flags.string({ description: 'npa, dvfs or DETECTOR-SELECTOR, e.g. thr-mmt, lr-mc, mad-rs', default: 'thr-mmt' }),
    param: Flags.string({ description: 'detector parameter (thr 0.8, iqr 1.5, mad 2.5, lr/lrr 1.2 by default)' }),
    seed: Flags.integer({ description: 'seed for RS selection and synthetic traces', default: 1 }),
    interval: Flags.string({ description: 'scheduling interval', default: '300s' }),
    duration: Flags.string({ description: 'simulated time', default: '24h' }),
    model: Flags.option({ description: 'cloudsim (3.0.3, exact) or precopy (dcctl migration engine)', options: SIM_MODELS, default: 'cloudsim' as SimModel })(),
    datacenter: Flags.string({ description: 'use the hosts (and their power models) of this datacenter file' }),
    csv: Flags.string({ description: 'write one row per interval (time, active hosts, power W, overloaded hosts, migrations) to this file' }),
    plot: Flags.string({ description: 'write an SVG of active hosts and power over time to this file' }),
    compare: Flags.boolean({ description: 'run several policies on worker threads and print one table sorted by ESV' }),
    policies: Flags.string({ description: 'with --compare: comma-separated policies (default: all 22)' }),
    series: Flags.boolean({ description: 'include the per-interval series in --json output' }),
  };

  async run(): Promise<SimulationReport | ComparisonReport> {
    const f = this.flags;
    const intervalSec = unitFlag('interval', f.interval, parseDurationSec, positive('the interval'))!;
    const durationSec = unitFlag('duration', f.duration, parseDurationSec, positive('the duration'))!;
    if (intervalSec > durationSec) throw badInput('bad-flag', `--interval ${f.interval} is longer than --duration ${f.duration}`, 'the interval is how often consolidation runs within the simulated time', { flag: '--interval' });
    const ticks = runIntervals(durationSec, intervalSec, f);
    if (f.synthetic && f.vms !== undefined) checkRunSize(f.vms, ticks); // before generating anything
    const parameter = f.param === undefined ? undefined : Number(f.param);
    if (parameter !== undefined && !Number.isFinite(parameter)) throw badInput('bad-flag', `--param: not a number: "${f.param}"`, 'e.g. --param 0.9 for THR, 2 for MAD', { flag: '--param' });
    if (f.compare && parameter !== undefined) throw badInput('bad-flag', '--param applies to one --policy, not to --compare', 'each compared policy uses its reference parameter', { flag: '--param' });
    if (!f.compare && f.policies) throw badInput('bad-flag', '--policies needs --compare', 'use --policy for a single run', { flag: '--policies' });
    // Checked here rather than by oclif's `exclusive` (which drew --cluster-hosts as "[--cluster-hosts <value> | ]" in the usage line).
    if (f.datacenter && this.argv.some((a) => a === '--cluster-hosts' || a.startsWith('--cluster-hosts='))) {
      throw badInput('bad-flag', '--cluster-hosts applies to the reference fleet, not to --datacenter', 'a datacenter file\'s clusters are its consolidation domains; drop --cluster-hosts', { flag: '--cluster-hosts' });
    }
    const policies = f.compare ? (f.policies ? f.policies.split(',').map((p) => p.trim()).filter(Boolean) : ALL_POLICIES) : [f.policy];
    const specs = policies.map((p) => parsePolicy(p, f.compare ? undefined : parameter, f.compare ? '--policies' : '--policy'));
    const progress = this.interactive() ? progressBar(f.compare ? (done, total) => `${done}/${total} policies` : (done, total) => `${(done / 3600).toFixed(1)} / ${(total / 3600).toFixed(1)} h simulated`) : null;

    progress?.status(f.synthetic ? `generating ${f.vms ?? ''} synthetic traces` : `reading traces from ${f.trace ?? ''}`);
    const { traces, source } = loadTraces({ trace: f.trace, synthetic: f.synthetic, vms: f.vms, seed: f.seed, durationText: f.duration, durationSec });
    checkRunSize(traces.length, ticks);
    const datacenterHosts = f.datacenter ? await loadDatacenterHosts(f.datacenter) : undefined;
    progress?.status(`placing ${traces.length} VMs at creation`);
    const fleet = planFleet({ vms: traces.length, policies: specs, hosts: f.hosts, clusterHosts: f['cluster-hosts'], datacenter: datacenterHosts && { file: f.datacenter!, hosts: datacenterHosts } });
    progress?.clear();
    // Said before the run, not after: VMs that will never run, or the fleet chosen to fit them.
    for (const w of fleet.warnings) if (!this.jsonEnabled()) process.stderr.write(`${toTerminal(yellow(`warning: ${w}`))}\n`);
    const base: Omit<RunSpec, 'policy'> = {
      model: f.model, seed: f.seed, intervalSec, durationSec, traceIntervalSec: TRACE_INTERVAL_SEC, hosts: fleet.hosts, clusterHosts: f['cluster-hosts'],
      ...(parameter !== undefined ? { parameter } : {}),
      ...(datacenterHosts ? { datacenterHosts } : {}),
    };
    const hosts = datacenterHosts?.length ?? fleet.hosts;

    if (f.compare) {
      progress?.update(0, policies.length);
      const { runCompare } = await import('../simulation/compare.js');
      const outcomes = await runCompare(policies.map((policy) => ({ ...base, policy })), traces, (done, total) => progress?.update(done, total));
      progress?.clear();
      const { ranked, baselines } = rankForComparison(outcomes);
      const files = await writeRunFiles(ranked, f, `${ranked.length} policies on ${traces.length} VMs, ${hosts} hosts (${f.model})`, durationSec);
      const report: ComparisonReport = {
        model: f.model, sortedBy: 'esv', baselines,
        results: ranked.map((o) => ({ policy: o.policy, label: o.label, metrics: o.result.metrics, wallTimeSec: o.wallTimeSec })),
        hosts, warnings: fleet.warnings, files,
        wallTimeSec: performance.now() / 1000,
        peakMemoryMB: peakMemoryMiB(),
      };
      this.show(() => renderComparison(report));
      return report;
    }

    progress?.update(0, durationSec);
    const outcome = runOne({ ...base, policy: f.policy }, traces, progress ? (t) => progress.update(t, durationSec) : undefined);
    progress?.clear();
    const r = outcome.result;
    const files = await writeRunFiles([outcome], f, `${outcome.label.toUpperCase()} on ${traces.length} VMs, ${hosts} hosts (${f.model})`, durationSec);
    const report: SimulationReport = {
      policy: outcome.policy, label: outcome.label, parameter: outcome.parameter, model: f.model, seed: f.seed,
      traces: { source, vms: traces.length, samplesPerVm: Math.min(...traces.map((t) => t.samples.length)) },
      hosts, clusters: r.clusters ?? 1, intervalSec, durationSec, ticks: r.ticks,
      metrics: r.metrics,
      vmsAtEnd: r.vmsAtEnd, unplacedVms: r.unplacedVms, downtimeSec: r.downtimeSec,
      timePerVmTickUs: r.vmTicks > 0 ? (outcome.wallTimeSec * 1e6) / r.vmTicks : 0,
      // The whole command, from process start (start-up, reading or generating traces, the run, files).
      wallTimeSec: performance.now() / 1000,
      peakMemoryMB: peakMemoryMiB(),
      warnings: fleet.warnings, files,
      ...(f.series ? { series: r.series } : {}),
    };
    this.show(() => renderSimulation(report, r.series));
    return report;
  }
}
