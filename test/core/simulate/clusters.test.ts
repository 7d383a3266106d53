import { describe, expect, it } from 'vitest';
import { combineClusters, splitClusters } from '../../../src/core/simulate/clusters.js';
import { DatacenterSimulation } from '../../../src/core/simulate/engine.js';
import { parsePolicy } from '../../../src/core/simulate/policy.js';
import { referenceScenario } from '../../../src/core/simulate/scenario.js';
import { simulate } from '../../../src/core/simulate/simulate.js';
import { syntheticTraces } from '../../../src/core/simulate/synthetic.js';

describe('large fleets are consolidated per cluster', () => {
  it('VMs are shared out in proportion to cluster capacity, every cluster gets a mix of types', () => {
    const scenario = referenceScenario(8, 8);
    const parts = splitClusters(scenario, [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(parts.map((p) => p.vms)).toEqual([[0, 2, 4, 6], [1, 3, 5, 7]]);
    expect(Array.from(parts[1]!.scenario.vmTypeOf)).toEqual([0, 1, 2, 3]);
    expect(parts[1]!.scenario.hostNames).toEqual(['host-4', 'host-5', 'host-6', 'host-7']);
  });

  it('the fleet result pools the sums of the clusters before taking the ratios', () => {
    const traces = syntheticTraces(60, 24, 3);
    const request = { traces, policy: parsePolicy('thr-mmt'), model: 'cloudsim' as const, seed: 1, intervalSec: 300, durationSec: 7200, traceIntervalSec: 300 };
    const scenario = (n: number) => referenceScenario(n, 40);
    const clusterOf = () => Array.from({ length: 40 }, (_, h) => (h < 20 ? 0 : 1));
    const whole = simulate({ ...request, scenario, clusterOf });
    const parts = splitClusters(scenario(60), clusterOf());
    const runs = parts.map((p, c) => new DatacenterSimulation({
      scenario: p.scenario, traces: p.vms.map((v) => traces[v]!.samples), traceIntervalSec: 300, policy: request.policy,
      intervalSec: 300, durationSec: 7200, seed: 1 + c, deleteIdleVms: true, updateAllHostsOnMigrationEnd: true,
    }).run());
    expect(whole.clusters).toBe(2);
    expect(whole.metrics.energyKWh).toBeCloseTo(runs[0]!.metrics.energyKWh + runs[1]!.metrics.energyKWh, 12);
    expect(whole.metrics.vmMigrations).toBe(runs[0]!.metrics.vmMigrations + runs[1]!.metrics.vmMigrations);
    const t = runs.map((r) => r.totals);
    expect(whole.metrics.slatah).toBeCloseTo((t[0]!.violationSec + t[1]!.violationSec) / (t[0]!.activeSec + t[1]!.activeSec), 12);
    expect(whole.metrics.pdm).toBeCloseTo((t[0]!.underAllocatedInMigrationMipsSec + t[1]!.underAllocatedInMigrationMipsSec) / (t[0]!.requestedMipsSec + t[1]!.requestedMipsSec), 12);
    expect(whole.series.map((p) => p.activeHosts)).toEqual(runs[0]!.series.map((p, k) => p.activeHosts + runs[1]!.series[k]!.activeHosts));
    expect(combineClusters([runs[0]!], 7200).metrics).toEqual(runs[0]!.metrics);
  });

  it('the reference fleet (800 hosts) is one cluster', () => {
    const r = simulate({ traces: syntheticTraces(20, 24, 1), policy: parsePolicy('thr-mmt'), model: 'cloudsim', seed: 1, intervalSec: 300, durationSec: 3600, traceIntervalSec: 300 });
    expect(r.clusters).toBeUndefined();
  });
});
