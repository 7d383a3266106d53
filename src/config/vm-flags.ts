import type { VmSpec } from '../core/model.js';
import { badInput } from '../core/errors.js';
import { IssueList, type Path } from './issues.js';
import type { VmEntry } from './schema.js';
import { vmEntrySchema } from './schema.js';
import { vmSpecFromEntry } from './vm-entry.js';
import { zodIssueToField } from './zod-issues.js';

/** Flag values of `vm create` / `multiplex` as typed (units still text). */
export interface VmFlagValues {
  cpus?: number;
  memory?: string;
  host?: string;
  tenant?: string;
  kind?: string;
  io?: string;
  os?: string;
  arch?: string;
  paravirtualized?: boolean;
  'workload-cpu'?: string;
  profile?: string;
  'dirty-rate'?: string;
  'working-set'?: string;
  'max-downtime'?: string;
  group?: string;
  'group-rule'?: string;
  enforcement?: string;
  pinned?: boolean;
}

const FLAG_FOR_PATH: Record<string, string> = {
  name: 'NAME', cpus: '--cpus', memory: '--memory', host: '--host', tenant: '--tenant', kind: '--kind', io: '--io',
  pinned: '--pinned', 'guest.os': '--os', 'guest.arch': '--arch', 'guest.paravirtualized': '--paravirtualized',
  'workload.cpu': '--workload-cpu', 'workload.profile': '--profile', 'workload.dirtyRate': '--dirty-rate',
  'workload.workingSet': '--working-set', 'sla.maxDowntime': '--max-downtime', 'group.name': '--group',
  'group.rule': '--group-rule', 'group.enforcement': '--enforcement', group: '--group',
};

function definedOnly<T extends Record<string, unknown>>(object: T): T | undefined {
  const entries = Object.entries(object).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/** Flags -> the same entry shape a YAML file has, so both go through one schema and one converter. */
export function vmEntryFromFlags(name: string, flags: VmFlagValues): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name, cpus: flags.cpus, memory: flags.memory, host: flags.host, tenant: flags.tenant, kind: flags.kind, io: flags.io, pinned: flags.pinned,
    guest: definedOnly({ os: flags.os, arch: flags.arch, paravirtualized: flags.paravirtualized }),
    workload: definedOnly({ cpu: flags['workload-cpu'], profile: flags.profile, dirtyRate: flags['dirty-rate'], workingSet: flags['working-set'] }),
    sla: definedOnly({ maxDowntime: flags['max-downtime'] }),
    group: flags.group ? { name: flags.group, rule: flags['group-rule'] ?? 'anti-affinity', enforcement: flags.enforcement } : undefined,
  };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

/** Validate flags as a VM entry; the first problem becomes a bad-input error naming the flag. */
export function vmSpecFromFlags(name: string, flags: VmFlagValues): VmSpec {
  const entry = vmEntryFromFlags(name, flags);
  const parsed = vmEntrySchema.safeParse(entry);
  const issues = new IssueList();
  if (!parsed.success) issues.items.push(...parsed.error.issues.map((i) => zodIssueToField(i, entry, vmEntrySchema)));
  const spec = parsed.success ? vmSpecFromEntry(parsed.data as VmEntry, [], issues) : undefined;
  const first = issues.items[0];
  if (first || !spec) {
    const flag = flagFor(first?.path ?? []);
    const message = first?.message ?? 'invalid VM';
    throw badInput('bad-flag', `${flag}: ${message}`, first?.hint ?? 'see dcctl vm create --help', { flag });
  }
  return spec;
}

function flagFor(path: Path): string {
  const key = path.filter((p) => typeof p === 'string').join('.');
  return FLAG_FOR_PATH[key] ?? FLAG_FOR_PATH[key.split('.')[0]!] ?? `--${key}`;
}
