/**
 * A workload is what the benchmark asks of a server: what to send, what counts as success, which
 * servers implement it and at which levels it runs. The bench loop does everything else
 * (starting servers, sampling resources, counting queries, saving cells).
 */
import type { Database } from '../database/index.js';
import type { LoadGenerator } from '../load/index.js';
import type { MetricValues, MetricName } from '../results/metrics.js';
import type { Cell, ChartFamily, GenericColumn, Latency } from '../results/schema.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { RunningServer } from '../servers/process.js';

export type Parameters = Record<string, string | number>;

export interface CellContext {
  server: RunningServer;
  database: Database;
  /** The generator for request/response HTTP load (autocannon or wrk, as chosen). */
  http: LoadGenerator;
  /** The Node generator, for jobs only it implements (websockets, SSE, open model). */
  node: LoadGenerator;
  connections: number;
  parameters: Parameters;
  durationSeconds: number;
  timeoutSeconds: number;
  rows: number;
  /** Earlier cells of this run (narrow on `outcome`), e.g. to derive an open-model rate from a closed-model maximum. */
  earlierCells: readonly Cell[];
}

export interface SetupContext {
  /** CPUs of the load generator: helper processes run there, away from the servers. */
  generatorCpus: string | null;
  quick: boolean;
}

export interface WorkloadResources {
  env: Record<string, string>;
  /** Facts for the results file, e.g. the stub's delay; recorded under the run's environment. */
  facts?: Record<string, string>;
  stop(): Promise<void>;
}

/** What a workload measured in one cell; the bench adds server resources and query counts. */
export interface Measurement {
  requests: number;
  /** Requests written, including those in flight at the end: the denominator for queries per request. */
  sent: number;
  durationSeconds: number;
  requestsPerSecond: number | null;
  latencyMs: Latency | null;
  errors: number;
  timeouts: number;
  non2xx: number;
  generatorCpuPercent: number | null;
  metrics?: MetricValues;
}

/**
 * How the report shows a workload, recorded in every results file's plan (plan.workloadFacts) so
 * that readers need not know workloads by name. By default: no chart, the generic columns.
 */
export interface WorkloadReport {
  /** The charts it is drawn in; a memory or delivery chart names its metric. */
  charts?: { family: ChartFamily; metric?: MetricName }[];
  columns?: {
    rename?: Partial<Record<GenericColumn, string>>;
    hide?: GenericColumn[];
    extra?: ({ metric: MetricName } | { latency: 'p90' | 'p999' | 'max' })[];
    /** False when a server below its CPU share is expected (paced load, idle phases), not waiting on anything. */
    keepsServerBusy?: boolean;
    /** False when the pace fixes the rate: relative throughput lines mean nothing. */
    relativeThroughput?: boolean;
  };
}

export interface Workload {
  name: string;
  summary: string;
  /** The name of the level this workload sweeps, as printed: "connections", "clients", ... */
  levelLabel: string;
  levels: { default: number[]; quick: number[] };
  /**
   * Rounds and seconds per cell in a default run when they differ from the plan's (to keep the
   * full default run within its time budget); an explicit --rounds or --duration always wins.
   */
  defaultRounds?: number;
  /** Measured in the rounds of this workload's stage, at the levels they share (users-unvalidated joins users). */
  joins?: string;
  /**
   * The stage this workload joins in --quick (when that workload is in the run): its servers are
   * then started once and warm from the stage's cells, instead of started again for a stage of its own.
   */
  quickJoins?: string;
  /**
   * The parameters that define a block of paired arms; by default all of them. Compute names
   * `operation` so that every implementation of one operation runs in the same rounds.
   */
  pairedBy?: string[];
  /**
   * After every round of a level: why the sweep stops there (the open model: a server no longer
   * holds the offered rate), or null to go on. Higher levels are then recorded as skipped.
   */
  stopsSweep?(cellsAtLevel: readonly import('../results/schema.js').Cell[]): string | null;
  defaultDurationSeconds?: number;
  /**
   * True when --levels does not apply: the levels are part of what the workload measures, and a
   * higher one would only queue slow requests past the timeout (compute's 1 and 4 connections).
   */
  fixedLevels?: boolean;
  /** False when an earlier workload of the run already warmed the same endpoint: no warm-up runs. */
  warmup?: boolean;
  /**
   * For --quick (one round of short trials): seconds per cell when they differ from the plan's,
   * and false to skip the warm-up (the server is warm from the workloads before it in its stage).
   * An explicit --duration or --warmup wins.
   */
  quickDurationSeconds?: number;
  quickWarmup?: boolean;
  /**
   * True when every cell needs a newly started server: the cell measures the server's memory
   * growth, which memory freed by earlier cells (and kept by the allocator) would hide.
   */
  freshServer?: boolean;
  /**
   * Seconds one cell takes in all, when it is more than its duration plus the usual overhead
   * (opening and closing thousands of connections, say): used for the time estimate.
   */
  estimateCellSeconds?(connections: number, durationSeconds: number, runtime: ServerManifest['runtime']): number;
  /**
   * Extra cell dimensions, e.g. fan-out width K; one cell per parameter set per level. They may
   * depend on the server (its manifest says which compute implementations it has, say).
   */
  parameterSets(quick: boolean, manifest: ServerManifest): Parameters[];
  /** Whether a server implements it; by default, servers whose manifest lists the workload. */
  appliesTo(manifest: ServerManifest): boolean;
  /** True when a request reads the users table, so queries per request are counted. */
  countsQueries: boolean;
  /** Its charts and terminal columns in the report. */
  report?: WorkloadReport;
  /** True when the workload could change rows, so the seed is checked and restored after it. */
  writes: boolean;
  /**
   * Starts what the workload needs for the whole run before any server starts (e.g. the fan-out
   * downstream stub) and returns environment variables every server receives. Stopped at the end.
   */
  setup?(context: SetupContext): Promise<WorkloadResources>;
  /** Checks once, before any timing, that the server answers this workload correctly. */
  preflight(server: RunningServer, rows: number): Promise<void>;
  run(context: CellContext): Promise<Measurement>;
}

/**
 * Thrown by run() when a cell cannot be measured for a reason that is not a failure (the open
 * model's rate needs a closed-model cell this run did not measure): the cell is recorded as skipped.
 */
export class CellSkipped extends Error {}
