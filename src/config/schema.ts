import { z } from 'zod';
import { fileJsonSchema } from './json-schema.js';
import {
  DEPLOYMENT_MODELS, ENFORCEMENTS, GROUP_RULES, HOST_STATES, HYPERVISOR_PRODUCTS, IO_MODES, KERNELS,
  OVERHEAD_MODES, PAGING_MODES, VIRTUALIZATION_MODES, VM_KINDS, WORKLOAD_PROFILES,
} from '../core/model.js';
import { POLICY_NAMES } from '../core/placement/policies.js';
import { PATTERNS } from '../core/units.js';

/**
 * The datacenter file as written (units still as text). This one schema validates files and,
 * through `dcctl schema`, is the JSON Schema editors use. Semantic checks (references between
 * sections, hypervisor combinations) live in normalize.ts.
 */

export const NAME_RULE = 'a name: ASCII letters, digits, ".", "_" or "-", starting with a letter or digit, at most 63 characters';
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, NAME_RULE)
  .describe('a name such as web-1 or db.prod_2: ASCII letters (no accents), digits, ".", "_" or "-", a letter or digit first, at most 63 characters');
const bytes = z.string().regex(new RegExp(PATTERNS.bytes), 'a size with a unit, such as 4GiB or 512MiB')
  .describe('a size with a unit: B, KiB, MiB, GiB, TiB (binary) or kB, MB, GB, TB (decimal), e.g. 4GiB');
const bandwidth = z.string().regex(new RegExp(PATTERNS.bandwidth), 'a bandwidth with a unit, such as 10Gbit/s or 40MiB/s')
  .describe('a bandwidth: bit/s to Tbit/s (10Gbit/s) or bytes per second (40MiB/s, 125MB/s)');
const duration = z.string().regex(new RegExp(PATTERNS.duration), 'a duration with a unit, such as 300ms or 2s')
  .describe('a duration: ms, s, min or h, e.g. 300ms');
const watts = z.string().regex(new RegExp(PATTERNS.power), 'a power with a unit, such as 86W').describe('watts, e.g. 86W');
const fraction = z.union([
  z.string().regex(new RegExp(PATTERNS.percent), 'a percentage such as 40%'),
  z.number().min(0).max(1),
]).describe('a percentage (40%) or a fraction from 0 to 1');
const frequency = z.union([
  z.number().positive().max(100_000),
  z.string().regex(new RegExp(PATTERNS.frequency), 'a frequency such as 2600 or 2.6GHz'),
]).describe('MHz per core as a number (2600) or with a unit (2.6GHz)');

const overcommit = z.strictObject({
  cpu: z.number().positive().max(1000).optional().describe('vCPUs allowed per physical core'),
  memory: z.number().positive().max(100).optional().describe('allocated memory allowed per byte of physical memory'),
});

const hypervisor = z.strictObject({
  product: z.enum(HYPERVISOR_PRODUCTS),
  type: z.union([z.literal(1), z.literal(2)]).optional().describe('1 = native (bare metal), 2 = hosted'),
  kernel: z.enum(KERNELS).optional(),
  virtualization: z.enum(VIRTUALIZATION_MODES).optional().describe('full (binary translation), para (hypercalls), hardware-assisted (VT-x/AMD-V)'),
  paging: z.enum(PAGING_MODES).optional().describe('memory virtualization: shadow page tables, nested (EPT/RVI) or direct (Xen PV)'),
});

const power = z.strictObject({
  idle: watts.optional(),
  max: watts.optional(),
  table: z.array(watts).length(11).optional().describe('SPECpower: watts at 0%, 10%, ... 100% load'),
  standby: watts.optional().describe('drawn while the host is off'),
});

const host = z.strictObject({
  name,
  count: z.number().int().min(1).max(20_000).optional().describe('expands to NAME-1 .. NAME-count (a file holds at most 20,000 hosts in all)'),
  cpu: z.strictObject({
    cores: z.number().int().min(1).max(4096),
    mhz: frequency.optional(),
    arch: z.string().regex(/^[a-z0-9_]{2,16}$/).optional().describe('instruction set, default x86_64'),
  }),
  memory: bytes,
  disk: bytes.optional(),
  nic: bandwidth.optional(),
  os: z.string().regex(/^[a-z0-9_-]{2,16}$/).optional().describe('host OS family (linux, windows); containers must match it'),
  containers: z.boolean().optional().describe('an OS-level container runtime runs on this host'),
  state: z.enum(HOST_STATES).optional(),
  overcommit: overcommit.optional(),
  reserve: z.strictObject({ cores: z.number().min(0).max(4096).optional(), memory: bytes.optional() }).optional(),
  power: power.optional(),
});

const cluster = z.strictObject({
  name,
  hypervisor: hypervisor.optional(),
  overcommit: overcommit.optional(),
  hosts: z.array(host).min(1),
});

const tenant = z.strictObject({
  name,
  deployment: z.enum(DEPLOYMENT_MODELS),
  clusters: z.array(name).optional(),
  community: name.optional().describe('for deployment: community, the community the tenant belongs to'),
});

export const vmEntrySchema = z.strictObject({
  name,
  tenant: name.optional(),
  kind: z.enum(VM_KINDS).optional().describe('vm (hardware level), container (OS level), emulated (ISA level)'),
  cpus: z.number().int().min(1).max(1024),
  memory: bytes,
  host: name.optional(),
  pinned: z.boolean().optional(),
  state: z.enum(['active', 'inactive']).optional(),
  io: z.enum(IO_MODES).optional(),
  guest: z.strictObject({
    os: z.string().regex(/^[a-z0-9_-]{2,16}$/).optional(),
    arch: z.string().regex(/^[a-z0-9_]{2,16}$/).optional(),
    paravirtualized: z.boolean().optional(),
  }).optional(),
  workload: z.strictObject({
    cpu: fraction.optional(),
    profile: z.enum(WORKLOAD_PROFILES).optional(),
    dirtyRate: bandwidth.optional(),
    workingSet: bytes.optional(),
  }).optional(),
  sla: z.strictObject({ maxDowntime: duration.optional() }).optional(),
  group: z.strictObject({
    name,
    rule: z.enum(GROUP_RULES),
    enforcement: z.enum(ENFORCEMENTS).optional(),
  }).optional(),
});

export const datacenterFileSchema = z.strictObject({
  apiVersion: z.literal('dcctl/v1'),
  kind: z.literal('Datacenter'),
  metadata: z.strictObject({ name }),
  spec: z.strictObject({
    defaults: z.strictObject({
      overcommit: overcommit.optional(),
      placement: z.enum(POLICY_NAMES).optional(),
      overhead: z.enum(OVERHEAD_MODES).optional().describe('modelled: charge virtualization overhead; none: textbook arithmetic'),
      hypervisor: hypervisor.optional(),
    }).optional(),
    network: z.strictObject({
      bandwidth: bandwidth.optional(),
      links: z.array(z.strictObject({ between: z.tuple([name, name]), bandwidth })).optional(),
    }).optional(),
    clusters: z.array(cluster).min(1),
    tenants: z.array(tenant).optional(),
    vms: z.array(vmEntrySchema).optional(),
  }),
});

export type DatacenterFile = z.infer<typeof datacenterFileSchema>;
export type VmEntry = z.infer<typeof vmEntrySchema>;
export type HostEntry = z.infer<typeof host>;
export type HypervisorEntry = z.infer<typeof hypervisor>;
export type OvercommitEntry = z.infer<typeof overcommit>;

export function datacenterJsonSchema(): Record<string, unknown> {
  return fileJsonSchema(datacenterFileSchema, 'datacenter', 'dcctl datacenter (apiVersion dcctl/v1)');
}
