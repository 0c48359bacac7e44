/**
 * The results file: the one contract between `verdict bench` and everything that reads its
 * measurements (claims, reports, compare, decide, serve). Versioned and validated on write and read.
 */
import { z } from 'zod';
import { calibrationSummarySchema } from './calibration-schema.js';
import { profilesSchema } from './profile-schema.js';

export const RESULTS_SCHEMA_ID = 'verdict-results';
/**
 * 3: cells are a union on `outcome`: a completed cell has every measured figure, an errored one its
 * reason, log tail and only what was measured before the error (no zeros for "not measured"), a
 * skipped one a typed reason ({ code, sentence }); the plan describes each workload
 * (plan.workloadFacts: its level's name, query counting, charts, columns). Version 2 files (one cell shape with zeroed
 * and
 * null fields, skip reasons as bare sentences) and version 1 files are refused.
 * 2: cells are measured in interleaved rounds (round, position, block, aa replaced trial); the plan
 * records the seed, rounds, looks, alpha and budget. Version 1 files (blocked trials) are refused.
 */
export const RESULTS_VERSION = 3;

const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const latencySchema = z.object({
  p50: nonNegative,
  p90: nonNegative,
  p99: nonNegative,
  p999: nonNegative,
  max: nonNegative,
  mean: nonNegative.optional(),
});
export type Latency = z.infer<typeof latencySchema>;

/**
 * What a server is: the guide's code (seed), its production note (pool), the best realistic
 * version (tuned), or a runtime's ceiling without a framework (reference: measured and drawn,
 * never a side of the guide's claims). Added values are additive: older files still read.
 */
export const variantSchema = z.enum(['seed', 'pool', 'tuned', 'reference']);
export type Variant = z.infer<typeof variantSchema>;

/**
 * What names a cell, whatever became of it: the server, the workload and level, and its place in
 * the interleaved rounds. Every kind of cell carries these.
 */
const cellIdentityFields = {
  server: z.string().min(1),
  runtime: z.enum(['node', 'python']),
  variant: variantSchema,
  /** `users` is GET /api/users; other workloads are added by later issues. */
  workload: z.string().min(1),
  /** Workload-specific knobs that define the cell besides connections, e.g. { k: 10 } for fan-out. */
  parameters: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** The level: connections, clients, or (open model) the offered rate in requests per second. */
  connections: count,
  /** The round this trial belongs to; in a round every arm of the block runs one trial. */
  round: z.number().int().positive(),
  /** Its place in the round's seeded random order (1 = first). */
  position: z.number().int().positive(),
  /**
   * The interleaving block: cells of one block and round were measured in the same round, so
   * any two of them form a pair (e.g. "users@100": the users and users-unvalidated arms at 100).
   */
  block: z.string().min(1),
  /** The second arm of the A/A pair: the same server measured again in the same round (the noise floor). */
  aa: z.boolean().default(false),
  /** When the trial started (or, for a cell that never ran, when it was recorded). */
  startedAt: z.string(),
};

const metricsSchema = z.record(z.string(), z.number().finite().nullable());

/**
 * What a trial measures. A null here means "this run cannot know", never "not measured because
 * the trial failed": that is what errored and skipped cells are for.
 */
const measuredFields = {
  durationSeconds: nonNegative,
  /** Responses received (any status). */
  requests: count,
  /** Null when the load ran for no measurable time. */
  requestsPerSecond: nonNegative.nullable(),
  /** Null when no response arrived. */
  latencyMs: latencySchema.nullable(),
  errors: count,
  timeouts: count,
  non2xx: count,
  /**
   * Share of one CPU used by the server's whole process tree (100 = one core busy); null when the
   * process is out of verdict's reach (targets, imported runs).
   */
  serverCpuPercent: nonNegative.nullable(),
  /** Peak resident memory of the server's whole process tree during the cell; null as above. */
  serverRssMb: nonNegative.nullable(),
  /** Null when the generator's CPU was not read (imported runs, some drivers). */
  generatorCpuPercent: nonNegative.nullable(),
  /**
   * What generated the load: the closed-model driver (wrk, lean, autocannon) or the Node
   * generator's own (open-model, websocket, sse); absent in files written before it was recorded.
   */
  driver: z.enum(['wrk', 'lean', 'autocannon', 'open-model', 'websocket', 'sse', 'k6']).optional(),
  /** The generator's CPU time per response in microseconds (its CPU seconds over the run / responses). */
  generatorCpuUsPerRequest: nonNegative.nullable().optional(),
  /** Statements PostgreSQL executed per request, from pg_stat_statements; null when not countable. */
  queriesPerRequest: nonNegative.nullable(),
  /** Workload-specific figures (e.g. kbPerConnection, deliveryP99Ms), each with a documented unit. */
  metrics: metricsSchema.default({}),
};

/** The same figures, each present only when it was measured before the error. */
const measuredBeforeErrorFields = z
  .object(measuredFields)
  .omit({ metrics: true })
  .partial()
  .extend({ metrics: metricsSchema.optional() }).shape;

/** A trial that ran to its end: every figure as measured. */
export const completedCellSchema = z.object({
  ...cellIdentityFields,
  outcome: z.literal('completed'),
  ...measuredFields,
});
export type CompletedCell = z.infer<typeof completedCellSchema>;

/**
 * A trial that failed: why, the server's last log lines, and only what was measured before the
 * error (e.g. the responses counted before the server exited). An absent figure was not measured.
 */
export const erroredCellSchema = z.object({
  ...cellIdentityFields,
  outcome: z.literal('errored'),
  reason: z.string({ error: 'an errored cell needs a reason' }).min(1, { error: 'an errored cell needs a reason' }),
  /** The server's last log lines. */
  logTail: z.array(z.string()).default([]),
  ...measuredBeforeErrorFields,
});
export type ErroredCell = z.infer<typeof erroredCellSchema>;

/**
 * Why a cell was not measured, as a code readers act on and a sentence people read:
 * - not-implemented: the server does not implement the workload (tables leave such servers out);
 * - sweep-stopped: a lower level already ended the workload's sweep (the open model: a server no
 *   longer held the offered rate);
 * - not-measurable: the workload cannot measure this cell here (e.g. per-process websocket rooms
 *   with --workers above 1, or an open-model rate with no closed-model cell to derive it from);
 * - interrupted: the run was stopped before the trial started.
 */
export const skipCodeSchema = z.enum(['not-implemented', 'sweep-stopped', 'not-measurable', 'interrupted']);
export type SkipCode = z.infer<typeof skipCodeSchema>;
export const skipReasonSchema = z.object(
  { code: skipCodeSchema, sentence: z.string().min(1) },
  { error: 'a skipped cell needs a reason: { "code", "sentence" }' },
);
export type SkipReason = z.infer<typeof skipReasonSchema>;

/** A cell that was planned but not measured, and why. */
export const skippedCellSchema = z.object({
  ...cellIdentityFields,
  outcome: z.literal('skipped'),
  reason: skipReasonSchema,
});
export type SkippedCell = z.infer<typeof skippedCellSchema>;

/** One trial of one server at one workload and level; readers narrow on `outcome`. */
export const cellSchema = z.discriminatedUnion('outcome', [completedCellSchema, erroredCellSchema, skippedCellSchema]);
export type Cell = z.infer<typeof cellSchema>;
export type Outcome = Cell['outcome'];

export const isCompleted = (cell: Cell): cell is CompletedCell => cell.outcome === 'completed';
export const isErrored = (cell: Cell): cell is ErroredCell => cell.outcome === 'errored';
export const isSkipped = (cell: Cell): cell is SkippedCell => cell.outcome === 'skipped';

/** Why a cell that did not complete has no figures: the errored cell's reason or the skipped cell's sentence. */
export function whyNotCompleted(cell: ErroredCell | SkippedCell): string {
  return cell.outcome === 'errored' ? cell.reason : cell.reason.sentence;
}

export const serverInfoSchema = z.object({
  name: z.string(),
  runtime: z.enum(['node', 'python']),
  variant: variantSchema,
  description: z.string(),
  poolSize: z.number().int().positive().nullable(),
  poolLibrary: z.string().nullable(),
  libraries: z.record(z.string(), z.string()),
  notes: z.record(z.string(), z.string()).default({}),
  workers: z.number().int().positive(),
  pinnedTo: z.string().nullable(),
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const ceilingSchema = z.object({
  workload: z.string(),
  connections: count,
  method: z.enum(['pgbench', 'node-loop']),
  transactionsPerSecond: nonNegative.nullable(),
  latencyMs: nonNegative.nullable(),
  reason: z.string().nullable(),
});
export type Ceiling = z.infer<typeof ceilingSchema>;

export const environmentSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  memoryMb: z.number().int().positive(),
  os: z.string(),
  kernel: z.string(),
  node: z.string(),
  python: z.string().nullable(),
  postgres: z.string(),
  database: z.object({
    embedded: z.boolean(),
    /** null when verdict could not reach the database (a targets run without --database-url). */
    maxConnections: z.number().int().positive().nullable(),
    rows: count,
    queryCounting: z.boolean(),
  }),
  pinning: z.object({
    available: z.boolean(),
    servers: z.string().nullable(),
    generator: z.string().nullable(),
    database: z.string().nullable(),
    note: z.string(),
  }),
  /** k6 only in imported runs (`verdict import k6`): verdict never drives k6 itself. */
  loadGenerator: z.object({ driver: z.enum(['autocannon', 'wrk', 'lean', 'k6']), version: z.string() }),
  processModel: z.string(),
  /** Facts about helpers the workloads started, e.g. the fan-out stub's delay. */
  facts: z.record(z.string(), z.string()).default({}),
});
export type Environment = z.infer<typeof environmentSchema>;

/** The generic columns of a level table in the terminal summary, in order. */
export const GENERIC_COLUMNS = ['server', 'rate', 'p50', 'p99', 'errors', 'non2xx', 'cpu', 'rss', 'ceiling'] as const;
export const genericColumnSchema = z.enum(GENERIC_COLUMNS);
export type GenericColumn = z.infer<typeof genericColumnSchema>;

/**
 * The report's chart families: closed-model req/s against connections, latency percentiles per
 * level, latency against the offered rate (open model), bars of one metric per level (memory per
 * connection, delivery latency: `metric` names it), fan-out latency against K, compute latency
 * per implementation.
 */
export const chartFamilySchema = z.enum([
  'throughput',
  'latency-percentiles',
  'offered-load',
  'memory',
  'delivery',
  'fanout',
  'compute',
]);
export type ChartFamily = z.infer<typeof chartFamilySchema>;

/**
 * What a reader needs to know about a workload, written by whoever wrote the file (the bench
 * from src/workloads, an import, a targets run) so that no reader guesses it from the name.
 */
export const workloadFactsSchema = z.object({
  /** The name of its level as printed: "connections", "clients", "req/s offered". */
  levelLabel: z.string().min(1),
  /** True when each request runs one query on the users table and queries per request are counted. */
  countsQueries: z.boolean(),
  /** The charts it is drawn in; a metric chart names its metric (src/results/metrics.ts). */
  charts: z.array(z.object({ family: chartFamilySchema, metric: z.string().min(1).optional() })),
  /** How its table in the terminal summary differs from the generic one. */
  columns: z.object({
    /** Generic columns under another heading (a websocket's req/s is deliveries per second). */
    rename: z.partialRecord(genericColumnSchema, z.string().min(1)),
    /** Generic columns that mean nothing here (no database ceiling behind a websocket). */
    hide: z.array(genericColumnSchema),
    /** Columns added after the generic ones: a metric, or a latency percentile the generic ones leave out. */
    extra: z.array(
      z.union([z.object({ metric: z.string().min(1) }), z.object({ latency: z.enum(['p90', 'p999', 'max']) })]),
    ),
    /**
     * False when a server below its CPU share is expected (a paced load, idle phases), so an
     * underused CPU is no sign of waiting.
     */
    keepsServerBusy: z.boolean(),
    /** False when the pace fixes the rate, so relative throughput lines mean nothing. */
    relativeThroughput: z.boolean(),
  }),
});
export type WorkloadFacts = z.infer<typeof workloadFactsSchema>;
export type ExtraColumn = WorkloadFacts['columns']['extra'][number];

export const planSchema = z.object({
  servers: z.array(z.string()).min(1),
  workloads: z.array(z.string()).min(1),
  levels: z.record(z.string(), z.array(count)),
  durationSeconds: nonNegative,
  warmupSeconds: nonNegative,
  /** Planned rounds per block (before any extra rounds of the sequential looks). */
  rounds: z.number().int().positive(),
  /** Per workload, where a default run plans fewer rounds or other cell durations than the plan's. */
  roundsByWorkload: z.record(z.string(), z.number().int().positive()).default({}),
  /** The seed of the random order within rounds: the same seed gives the same order. */
  seed: z.number().int().nonnegative(),
  /** The confidence level of every interval (0.95), before corrections. */
  confidence: z.number().gt(0).lt(1),
  /**
   * Where undecided comparisons get extra rounds: after `rounds` rounds, a look judges at `level`;
   * the levels spend the family's alpha across the looks, so stopping early costs no false verdicts.
   */
  looks: z.array(z.object({ rounds: z.number().int().positive(), level: z.number().gt(0).lt(1) })).min(1),
  /** Seconds the extra rounds may take in all; 0 turns them off. */
  budgetSeconds: nonNegative,
  /** The server measured twice in every round of the A/A workload's blocks; null when none. */
  aaServer: z.string().nullable(),
  /** The workload whose blocks carry the A/A pair. */
  aaWorkload: z.string().nullable(),
  durationByWorkload: z.record(z.string(), nonNegative).default({}),
  workers: z.number().int().positive(),
  driver: z.enum(['autocannon', 'wrk', 'lean', 'k6']),
  quick: z.boolean(),
  rows: count,
  /** Seconds a request may take before it counts as a timeout. */
  timeoutSeconds: nonNegative,
  /** Per workload of the run, what readers need to know about it (levels, queries, charts, columns). */
  workloadFacts: z.record(z.string(), workloadFactsSchema),
});
export type Plan = z.infer<typeof planSchema>;

/**
 * Where the measurements came from when verdict did not start the servers itself: servers it was
 * pointed at (`verdict bench --target`), or another engine's output (`verdict import k6|wrk`).
 * Absent for an ordinary run. Additive: files without it read as before.
 */
export const targetSchema = z.object({
  name: z.string().min(1),
  url: z.string().url(),
  runtime: z.enum(['node', 'python']),
  label: z.string(),
});
export type Target = z.infer<typeof targetSchema>;

export const sourceSchema = z.object({
  kind: z.enum(['targets', 'import']),
  /** The engine that generated the load: verdict's own drivers, or k6 / wrk for imported runs. */
  engine: z.object({ name: z.enum(['verdict', 'k6', 'wrk']), version: z.string() }),
  /** Load generators whose samples were merged into each cell (k6-operator's `parallelism`). */
  runners: z.number().int().positive(),
  targets: z.array(targetSchema),
  /** Measurements this run could not take, each as a sentence (e.g. no server CPU from afar). */
  notAvailable: z.array(z.string()).default([]),
});
export type Source = z.infer<typeof sourceSchema>;

export const resultsSchema = z.object({
  schema: z.literal(RESULTS_SCHEMA_ID),
  version: z.literal(RESULTS_VERSION),
  id: z.string(),
  tool: z.object({ name: z.literal('verdict'), version: z.string() }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** `running` while cells are still being added; `interrupted` after Ctrl-C. */
  status: z.enum(['running', 'completed', 'interrupted', 'failed']),
  environment: environmentSchema,
  plan: planSchema,
  servers: z.array(serverInfoSchema),
  ceilings: z.array(ceilingSchema),
  cells: z.array(cellSchema),
  /** Extra rounds run at the looks, and the seconds they took. */
  extraRounds: z
    .array(
      z.object({
        block: z.string(),
        look: z.number().int().positive(),
        rounds: z.number().int().positive(),
        arms: z.array(z.string()),
        why: z.string(),
      }),
    )
    .default([]),
  /**
   * The load generator's ceiling and fidelity on this machine (src/results/calibration-schema.ts); absent in older
   * files.
   */
  calibration: calibrationSummarySchema.optional(),
  /**
   * CPU profiles of the tuned and reference servers (`verdict bench --profile`, src/results/profile-schema.ts); absent
   * when not profiled.
   */
  profiles: profilesSchema.optional(),
  /** Servers verdict did not start, or an imported run (see sourceSchema); absent otherwise. */
  source: sourceSchema.optional(),
});
export type Results = z.infer<typeof resultsSchema>;
export type ResultsInput = z.input<typeof resultsSchema>;
