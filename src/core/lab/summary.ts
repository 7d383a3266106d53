import { formatBytes, formatDuration } from '../units.js';

/**
 * One line that says what a command's JSON result was, for a lab report's checklist. It reads
 * the result kinds dcctl's commands return (a migration, a VM, a list, an error); anything else
 * is summarised by its exit code.
 */
export function summarizeResult(document: unknown, exitCode: number): string {
  const doc = (document ?? {}) as Record<string, unknown>;
  const error = doc.error as { code?: string; message?: string } | undefined;
  if (error) return `exit ${exitCode}: ${error.message ?? error.code ?? 'error'}`;
  const migrations = doc.migrations as Record<string, unknown>[] | undefined;
  if (Array.isArray(migrations)) {
    if (migrations.length === 0) return `exit ${exitCode}: no migrations`;
    const lines = migrations.slice(0, 3).map(migrationLine);
    return `${lines.join('; ')}${migrations.length > 3 ? `; and ${migrations.length - 3} more` : ''}${exitCode ? ` (exit ${exitCode})` : ''}`;
  }
  const vm = doc.vm as Record<string, unknown> | undefined;
  if (vm && typeof vm === 'object' && typeof vm.name === 'string') {
    return `${vm.name}: ${String(vm.state)}${vm.host ? ` on ${String(vm.host)}` : ''}, ${String(vm.cpus)} vCPU, ${formatBytes(Number(vm.memoryBytes))}`;
  }
  if (typeof doc.vm === 'string' && typeof doc.action === 'string') return `${doc.vm}: ${doc.action}, ${String(doc.from)} -> ${String(doc.to)}`;
  const plan = doc.plan as { strategy?: string; moves?: unknown[]; before?: { activeHosts?: number }; after?: { activeHosts?: number } } | undefined;
  if (plan && Array.isArray(plan.moves)) {
    return `${plan.strategy ?? 'plan'}: ${plan.moves.length} move${plan.moves.length === 1 ? '' : 's'}, active hosts ${plan.before?.activeHosts ?? '?'} -> ${plan.after?.activeHosts ?? '?'}${exitCode ? ` (exit ${exitCode})` : ''}`;
  }
  const host = doc.host as { name?: string; state?: string; hypervisor?: { product?: string; type?: number | null; kernel?: string | null; level?: string } } | undefined;
  if (host && typeof host.name === 'string' && host.hypervisor) {
    const hv = host.hypervisor;
    const design = hv.level === 'os' ? 'OS level' : [hv.type ? `type ${hv.type}` : null, hv.kernel].filter(Boolean).join(', ');
    return `${host.name}: ${hv.product ?? '?'}${design ? ` (${design})` : ''}, ${host.state ?? '?'}`;
  }
  if (typeof doc.mode === 'string' && doc.mode === 'carve') return `carved ${String(doc.fit)} of ${String(doc.requested)} on ${String(doc.host)}; stopped by ${String(doc.limitedBy)}`;
  const report = doc.report as { host?: string; cpu?: { vcpusAllocated?: number; vcpuLimit?: number }; memory?: { ratio?: number } } | undefined;
  if (report && typeof report.host === 'string' && report.cpu) {
    return `${report.host}: ${String(report.cpu.vcpusAllocated)} of ${String(report.cpu.vcpuLimit)} vCPUs allocated, memory ${Math.round((report.memory?.ratio ?? 0) * 1000) / 10}% allocated`;
  }
  for (const key of ['vms', 'hosts', 'events', 'created']) {
    if (Array.isArray(doc[key])) return `exit ${exitCode}: ${(doc[key] as unknown[]).length} ${key}`;
  }
  return `exit ${exitCode}`;
}

function migrationLine(m: Record<string, unknown>): string {
  const head = `${String(m.vm)} ${String(m.from)} -> ${String(m.to)} (${String(m.mode)})`;
  const outcome = String(m.outcome ?? m.stopReason ?? '');
  const parts = [outcome];
  if (typeof m.rounds === 'number' && m.mode === 'live') parts.push(`${m.rounds} round${m.rounds === 1 ? '' : 's'}`);
  if (typeof m.downtimeMs === 'number') parts.push(`downtime ${formatDuration(m.downtimeMs / 1000)}`);
  if (typeof m.totalTimeSec === 'number') parts.push(`total ${formatDuration(m.totalTimeSec)}`);
  return `${head}: ${parts.filter(Boolean).join(', ')}`;
}
