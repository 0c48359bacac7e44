/**
 * The results file: the one contract between `verdict bench` and everything that reads its
 * measurements (claims, reports, compare, decide, serve). Versioned and validated on write and read.
 */
import { z } from 'zod';

export const RESULTS_SCHEMA_ID = 'verdict-results';
export const RESULTS_VERSION = 1;

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

export const outcomeSchema = z.enum(['completed', 'errored', 'skipped']);
export type Outcome = z.infer<typeof outcomeSchema>;

export const cellSchema = z
  .object({
    server: z.string().min(1),
    runtime: z.enum(['node', 'python']),
    variant: z.enum(['seed', 'pool', 'tuned']),
    /** `users` is GET /api/users; other workloads are added by later issues. */
    workload: z.string().min(1),
    /** Workload-specific knobs that define the cell besides connections, e.g. { k: 10 } for fan-out. */
    parameters: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
    connections: count,
    trial: z.number().int().positive(),
    outcome: outcomeSchema,
    /** Why a cell errored or was skipped; null when completed. */
    reason: z.string().nullable(),
    /** The server's last log lines when it errored. */
    logTail: z.array(z.string()).default([]),
    startedAt: z.string(),
    durationSeconds: nonNegative,
    /** Responses received (any status). */
    requests: count,
    requestsPerSecond: nonNegative.nullable(),
    latencyMs: latencySchema.nullable(),
    errors: count,
    timeouts: count,
    non2xx: count,
    /** Share of one CPU used by the server's whole process tree (100 = one core busy). */
    serverCpuPercent: nonNegative.nullable(),
    /** Peak resident memory of the server's whole process tree during the cell. */
    serverRssMb: nonNegative.nullable(),
    generatorCpuPercent: nonNegative.nullable(),
    /** Statements PostgreSQL executed per request, from pg_stat_statements; null when not countable. */
    queriesPerRequest: nonNegative.nullable(),
    /** Workload-specific figures (e.g. kbPerConnection, deliveryP99Ms), each with a documented unit. */
    metrics: z.record(z.string(), z.number().finite().nullable()).default({}),
  })
  .superRefine((cell, ctx) => {
    if (cell.outcome !== 'completed' && !cell.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `an ${cell.outcome} cell needs a reason` });
    }
  });
export type Cell = z.infer<typeof cellSchema>;

export const serverInfoSchema = z.object({
  name: z.string(),
  runtime: z.enum(['node', 'python']),
  variant: z.enum(['seed', 'pool', 'tuned']),
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
    maxConnections: z.number().int().positive(),
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
  loadGenerator: z.object({ driver: z.enum(['autocannon', 'wrk']), version: z.string() }),
  processModel: z.string(),
  /** Facts about helpers the workloads started, e.g. the fan-out stub's delay. */
  facts: z.record(z.string(), z.string()).default({}),
});
export type Environment = z.infer<typeof environmentSchema>;

export const planSchema = z.object({
  servers: z.array(z.string()).min(1),
  workloads: z.array(z.string()).min(1),
  levels: z.record(z.string(), z.array(count)),
  durationSeconds: nonNegative,
  warmupSeconds: nonNegative,
  trials: z.number().int().positive(),
  /** Per workload, where a default run uses fewer trials or other cell durations than the plan's. */
  trialsByWorkload: z.record(z.string(), z.number().int().positive()).default({}),
  durationByWorkload: z.record(z.string(), nonNegative).default({}),
  workers: z.number().int().positive(),
  driver: z.enum(['autocannon', 'wrk']),
  quick: z.boolean(),
  rows: count,
  /** Seconds a request may take before it counts as a timeout. */
  timeoutSeconds: nonNegative,
});
export type Plan = z.infer<typeof planSchema>;

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
});
export type Results = z.infer<typeof resultsSchema>;
export type ResultsInput = z.input<typeof resultsSchema>;
