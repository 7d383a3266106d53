import { z } from 'zod';
import {
  DEPLOYMENT_MODELS, ENFORCEMENTS, GROUP_RULES, HOST_STATES, HYPERVISOR_PRODUCTS, IO_MODES, KERNELS, OVERHEAD_MODES,
  PAGING_MODES, VIRTUALIZATION_MODES, VM_KINDS, VM_STATES, WORKLOAD_PROFILES,
} from '../core/model.js';
import { MIGRATION_MODES, STOP_REASONS } from '../core/migration/types.js';
import { NAME_RULE } from '../config/schema.js';

/**
 * The state document as `state export` writes it, in base units. `state import` holds a file to
 * the same rules a datacenter file and every command keep (names, enums, positive finite sizes);
 * cross-references and host limits are checked after it (core/state-invariants.ts).
 */

// Names a file or a command gave; expanded ones (count: N, multiplex --prefix) add a "-N" suffix.
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, NAME_RULE);
const word = z.string().regex(/^[a-z0-9_-]{2,16}$/, 'a lowercase word such as linux or x86_64');
const bytes = z.number().int('a whole number of bytes').positive().max(Number.MAX_SAFE_INTEGER);
const bytesOrZero = z.number().int('a whole number of bytes').min(0).max(Number.MAX_SAFE_INTEGER);
const rate = z.number().positive().max(1e15);
const seconds = z.number().min(0).max(1e12);
const fraction = z.number().min(0).max(1);
const watts = z.number().min(0).max(1e7);

const hypervisor = z.strictObject({
  product: z.enum(HYPERVISOR_PRODUCTS),
  level: z.enum(['hardware', 'os']),
  type: z.union([z.literal(1), z.literal(2), z.null()]),
  kernel: z.enum(KERNELS).nullable(),
  virtualization: z.enum(VIRTUALIZATION_MODES).nullable(),
  paging: z.enum(PAGING_MODES).nullable(),
});

const overcommit = z.strictObject({ cpu: z.number().positive().max(1000), memory: z.number().positive().max(100) });

const power = z.union([
  z.strictObject({ kind: z.literal('linear'), idleW: watts, maxW: watts, standbyW: watts }),
  z.strictObject({ kind: z.literal('table'), tableW: z.array(watts).length(11), standbyW: watts }),
]).nullable();

const host = z.strictObject({
  name,
  cluster: name,
  cores: z.number().int().min(1).max(4096),
  mhz: z.number().positive().max(100_000).nullable(),
  arch: z.string().regex(/^[a-z0-9_]{2,16}$/),
  memoryBytes: bytes,
  diskBytes: bytes.nullable(),
  nicBytesPerSec: rate,
  os: word,
  containers: z.boolean(),
  hypervisor,
  overcommit,
  reserve: z.strictObject({ cores: z.number().min(0).max(4096), memoryBytes: bytesOrZero }),
  power,
  state: z.enum(HOST_STATES),
});

const datacenter = z.strictObject({
  name,
  defaults: z.strictObject({ overcommit, placement: z.string(), overhead: z.enum(OVERHEAD_MODES) }),
  network: z.strictObject({
    bandwidthBytesPerSec: rate,
    links: z.array(z.strictObject({ between: z.tuple([name, name]), bytesPerSec: rate })),
  }),
  clusters: z.array(z.strictObject({ name, hypervisor, hosts: z.array(name) })).min(1),
  hosts: z.array(host).min(1),
  tenants: z.array(z.strictObject({ name, deployment: z.enum(DEPLOYMENT_MODELS), clusters: z.array(name), community: name.nullable() })),
});

const vm = z.strictObject({
  name,
  tenant: name.nullable(),
  kind: z.enum(VM_KINDS),
  cpus: z.number().int().min(1).max(1024),
  memoryBytes: bytes,
  io: z.enum(IO_MODES),
  guest: z.strictObject({ os: word, arch: z.string().regex(/^[a-z0-9_]{2,16}$/).nullable(), paravirtualized: z.boolean() }),
  workload: z.strictObject({
    cpu: fraction,
    profile: z.enum(WORKLOAD_PROFILES),
    dirtyRateBytesPerSec: z.number().min(0).max(1e15).nullable(),
    workingSetBytes: bytes.nullable(),
  }),
  sla: z.strictObject({ maxDowntimeSec: z.number().positive().max(1e9).nullable() }),
  group: z.strictObject({ name, rule: z.enum(GROUP_RULES), enforcement: z.enum(ENFORCEMENTS) }).nullable(),
  requestedHost: name.nullable(),
  pinned: z.boolean(),
  state: z.enum(VM_STATES),
  host: name.nullable(),
  origin: z.enum(['file', 'cli']),
  createdAtSec: seconds,
});

const event = z.strictObject({
  id: z.number().int().positive(),
  atSec: seconds,
  type: z.string().max(64),
  message: z.string().max(10_000),
  vm: z.string().max(64).optional(),
  host: z.string().max(64).optional(),
  command: z.string().max(20_000).optional(),
  by: z.literal('lab').optional(),
});

/** Migration records: the summary fields commands read (stages and rounds as lists of numbers). */
const migration = z.looseObject({
  id: z.string().max(64),
  vm: name,
  from: name,
  to: name,
  mode: z.enum(MIGRATION_MODES),
  atSec: seconds,
  totalTimeSec: seconds,
  downtimeMs: z.number().min(0).max(1e15),
  bytesSent: z.number().min(0).max(1e18),
  rounds: z.number().int().min(0),
  converged: z.boolean(),
  stopReason: z.enum(STOP_REASONS),
  outcome: z.enum(['completed', 'aborted']),
  stages: z.array(z.looseObject({ name: z.string(), startSec: seconds, durationSec: seconds })),
  iterations: z.array(z.looseObject({ round: z.number().int().min(0), startSec: seconds, durationSec: seconds, bytes: z.number().min(0) })),
});

/** A hands-on lab session (core/lab/session.ts); step reports are the lab's own shape, checked loosely. */
const labSessionSchema = z.strictObject({
  lab: z.string().max(64),
  title: z.string().max(200),
  ref: z.string().max(4096),
  file: z.string().max(4096),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.number().int().min(0),
  student: z.string().max(200).nullable(),
  params: z.record(z.string().max(64), z.union([z.string().max(200), z.number()])),
  dcctlVersion: z.string().max(64),
  epoch: z.string().max(32).nullable(),
  startEventId: z.number().int().min(0),
  current: z.number().int().min(0),
  steps: z.array(z.strictObject({
    name: z.string().max(64),
    attempts: z.number().int().min(0),
    hintsAsked: z.number().int().min(0),
    endEventId: z.number().int().min(0).nullable(),
    report: z.looseObject({ name: z.string(), status: z.string(), score: z.number(), points: z.number() }).nullable(),
  })).max(200),
}).refine((s) => s.current <= s.steps.length, 'the current step is past the last');

export const stateDocumentSchema = z.strictObject({
  schemaVersion: z.number().int().min(1),
  datacenter: datacenter.nullable(),
  source: z.strictObject({ file: z.string().max(4096), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
  vms: z.array(vm),
  clockSec: seconds,
  events: z.array(event).optional(), // absent in state.json: the journal holds them (store/journal.ts)
  nextEventId: z.number().int().positive(),
  placementCursor: z.number().int().min(-1),
  migrations: z.array(migration).optional(),
  nextMigrationId: z.number().int().positive().optional(),
  journal: z.strictObject({ epoch: z.string().regex(/^[0-9a-z]{1,32}$/), segment: z.number().int().positive(), bytes: z.number().int().min(0) }).optional(),
  hostHistory: z.array(z.strictObject({ atSec: seconds, host: name, on: z.boolean(), utilization: z.number().min(0).max(1e6) })).optional(),
  declaredHostStates: z.record(name, z.enum(HOST_STATES)).optional(),
  lab: labSessionSchema.optional(),
});
