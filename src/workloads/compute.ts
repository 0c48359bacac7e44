/**
 * CPU-bound numeric work, the guide's "Python wins on CPU-bound scientific work" and its
 * "interpreted language penalty": GET /api/compute/{operation}?implementation=NAME for a 192 x 192
 * float64 matrix product ("matmul") and mean, standard deviation and p50/p90/p99 of 1,000,000
 * floats ("stats"), on fixed inputs every runtime generates identically. Each server implements
 * the operations in the ways its manifest lists (workloadParameters.compute.implementation):
 * NumPy and pure Python; typed arrays and mathjs. One cell per operation x implementation x level.
 *
 * Before any timing, every implementation's answer is compared with verdict's own reference
 * (compute-reference.ts); a difference beyond the tolerance fails the preflight, so that server's
 * compute cells are errored with the differences as the reason.
 *
 * Levels are 1 connection (latency = one computation plus HTTP) and 4 (a queue: each server
 * computes one request at a time per process, so latency grows about fourfold and req/s stays);
 * --levels does not change them. The slowest implementations (pure Python, mathjs statistics)
 * take 0.3 to 0.6 s a request on an idle core and up to three times that on a shared machine, so
 * at 4 connections a request waits 1.5 to 5 s, inside the 8 s request timeout. A slower one counts
 * as a timeout (the cell records it and its goodput drops). A 3 s cell holds only a few requests
 * of those implementations: at 4 connections their latency shows the queue filling (one to four
 * computations) more than a steady state, and req/s is the figure to compare.
 * After each run the workload waits until the server's CPU is idle again: a synchronous handler
 * finishes the requests it had accepted even after their clients left (the load generator's
 * last requests, and any that timed out), and the next cell must not queue behind them. The
 * server's CPU time over load and drain per request sent is metrics.cpuMsPerRequest, the cost of
 * one request, which other programs on a shared machine move far less than req/s and latency
 * (they still can: a process sharing the core evicts the server's cache).
 * --quick runs one 1 s trial at 1 connection of the implementations the claims read.
 */
import { z } from 'zod';
import { VerdictError } from '../core/errors.js';
import { groupCpuSeconds, waitUntilIdle } from '../measure/idle.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { RunningServer } from '../servers/process.js';
import {
  compareMatmul,
  compareStats,
  computeReference,
  describeDifference,
  type ComputeReference,
  type Difference,
} from './compute-reference.js';
import { closedHttpLoad, httpMeasurement } from './http-measurement.js';
import type { CellContext, Measurement, Parameters, Workload } from './types.js';

export const OPERATIONS = ['matmul', 'stats'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The implementations a server's manifest lists for this workload, in its order. */
export function computeImplementations(manifest: ServerManifest): string[] {
  return (manifest.workloadParameters?.compute?.implementation ?? []).map(String);
}

export const computePath = (operation: string, implementation: string) =>
  `/api/compute/${operation}?implementation=${encodeURIComponent(implementation)}`;

const sample = z.object({ row: z.number().int(), column: z.number().int(), value: z.number() });
const matmulAnswer = z.object({
  operation: z.literal('matmul'),
  implementation: z.string(),
  size: z.number().int(),
  sum: z.number(),
  trace: z.number(),
  samples: z.array(sample),
});
const statsAnswer = z.object({
  operation: z.literal('stats'),
  implementation: z.string(),
  count: z.number().int(),
  mean: z.number(),
  std: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
});

export interface ImplementationCheck {
  operation: Operation;
  implementation: string;
  /** Wall time of the one checking request, first use included (data and libraries load then). */
  elapsedMs: number;
  /** Why the answer is unusable (status, shape), or undefined. */
  problem?: string;
  differences: Difference[];
}

/** Asks every implementation of every operation once and compares each answer with the reference. */
export async function checkComputeAnswers(
  server: Pick<RunningServer, 'url' | 'manifest'>,
  reference: ComputeReference = computeReference(),
): Promise<ImplementationCheck[]> {
  const checks: ImplementationCheck[] = [];
  for (const operation of OPERATIONS) {
    for (const implementation of computeImplementations(server.manifest)) {
      const started = performance.now();
      const check: ImplementationCheck = { operation, implementation, elapsedMs: 0, differences: [] };
      checks.push(check);
      let response: Response;
      let text: string;
      try {
        // The first request loads the data (and NumPy or mathjs): allow far more than one computation.
        response = await fetch(`${server.url}${computePath(operation, implementation)}`, {
          signal: AbortSignal.timeout(60_000),
        });
        text = await response.text();
      } catch (error) {
        check.problem = `no answer (${(error as Error).message})`;
        continue;
      }
      check.elapsedMs = performance.now() - started;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (response.status !== 200) {
        check.problem = `status ${response.status}: ${text.slice(0, 160)}`;
        continue;
      }
      const parsed = (operation === 'matmul' ? matmulAnswer : statsAnswer).safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        check.problem = `answer without a valid '${issue.path.join('.') || 'body'}': ${text.slice(0, 160)}`;
        continue;
      }
      const answer = parsed.data;
      if (answer.implementation !== implementation) {
        check.problem = `answered for implementation '${answer.implementation}'`;
        continue;
      }
      check.differences =
        answer.operation === 'matmul' ? compareMatmul(reference.matmul, answer) : compareStats(reference.stats, answer);
    }
  }
  return checks;
}

/** One line per failed implementation, at most a few differences each. */
export function describeFailedChecks(checks: readonly ImplementationCheck[]): string | undefined {
  const failed = checks.filter((c) => c.problem || c.differences.length > 0);
  if (failed.length === 0) return undefined;
  return failed
    .map(
      (c) =>
        `${c.implementation} ${c.operation}: ` +
        `${c.problem ?? c.differences.slice(0, 3).map(describeDifference).join('; ')}`,
    )
    .join(' | ');
}

/**
 * The implementations the claims decide on (WORKLOADS.md): --quick runs only these, so a quick
 * run still answers "NumPy wins" and "the interpreted language penalty" in about 20 s.
 */
const CLAIMED_IMPLEMENTATIONS: ReadonlySet<string> = new Set(['numpy', 'pure-python', 'typed-array']);

export const computeWorkload: Workload = {
  name: 'compute',
  summary:
    'GET /api/compute/{matmul,stats}?implementation=NAME: a 192 x 192 float64 matrix product and statistics of ' +
    '1,000,000 floats, per implementation',
  levelLabel: 'connections',
  // One request at a time: the cost of the computation itself. (--levels does not apply; a queue of
  // 4 on one process measured the same per-request cost, only slower.)
  levels: { default: [1], quick: [1] },
  fixedLevels: true,
  // One 3 s trial per cell keeps the default run's compute cells under 90 s for the two tuned
  // servers. The implementations differ by factors of 3 to 500; more trials back to back would
  // not remove the larger noise of a shared machine, whose load changes between one server's
  // cells and the other's: metrics.cpuMsPerRequest is the figure that load moves least.
  defaultRounds: 1,
  // Every implementation of one operation runs in the same rounds: NumPy is compared with typed arrays.
  pairedBy: ['operation'],
  defaultDurationSeconds: 2,
  // --quick keeps the plan's 1 s: one to three pure-Python requests (0.3 to 0.6 s each on an idle
  // core) against hundreds of NumPy ones, enough to show factors of 3 to 500; a trial that answers
  // none counts as one response, a lower bound (results/pairs.ts). It runs in the users stage
  // there, on servers already started.
  quickJoins: 'users',
  // The preflight has already run every implementation once (data, libraries, V8's optimised
  // loops); the workload's own warm-up would add seconds per server and measure nothing new.
  warmup: false,
  estimateCellSeconds(connections, durationSeconds) {
    // Measured on 2 shared cores: the load, then the drain (about 0.45 s at 1 connection and 1 s
    // at 4, the queue of the slow implementations), and each server's preflight (3 to 5 s: data,
    // NumPy or mathjs, one pure-Python request per operation) spread over its cells.
    return durationSeconds + 0.8 + 0.25 * connections;
  },
  parameterSets(quick: boolean, manifest: ServerManifest): Parameters[] {
    const all = computeImplementations(manifest);
    const claimed = all.filter((implementation) => CLAIMED_IMPLEMENTATIONS.has(implementation));
    const implementations = quick ? (claimed.length ? claimed : all.slice(0, 1)) : all;
    return OPERATIONS.flatMap((operation) => implementations.map((implementation) => ({ operation, implementation })));
  },
  appliesTo: (manifest) => manifest.workloads.includes('compute') && computeImplementations(manifest).length > 0,
  countsQueries: false,
  report: {
    charts: [{ family: 'compute' }],
    // No database behind it. The server's CPU per request (over the load and the drain of the
    // requests it had accepted) is the figure the machine's other load moves least.
    columns: { hide: ['ceiling'], extra: [{ metric: 'cpuMsPerRequest' }] },
  },
  writes: false,
  async preflight(server: RunningServer) {
    const failed = describeFailedChecks(await checkComputeAnswers(server));
    if (failed) {
      throw new VerdictError(
        `${server.manifest.name}'s compute answers differ from verdict's reference: ${failed}`,
        `fix the implementation in servers/${server.manifest.name}; every implementation must compute the same ` +
          `inputs to within a relative 1e-9`,
      );
    }
  },
  async run(context: CellContext): Promise<Measurement> {
    const { operation, implementation } = context.parameters;
    const cpuBefore = groupCpuSeconds(context.server.pid);
    const { result, generatorCpuPercent } = await closedHttpLoad(context, {
      kind: 'fixed',
      path: computePath(String(operation), String(implementation)),
    });
    // At most the requests that could still be queued, each bounded by the timeout.
    const drain = await waitUntilIdle(context.server.pid, {
      maxSeconds: Math.min(30, context.timeoutSeconds * context.connections),
    });
    // Every request sent was computed by the time the server is idle again (answered or not), so
    // the server's CPU time over load and drain divided by the requests sent is the CPU cost of
    // one request: unlike req/s, it hardly changes when other programs take part of the CPU.
    const cpuSeconds = groupCpuSeconds(context.server.pid) - cpuBefore;
    const cpuMsPerRequest = drain.idle && result.sent > 0 && cpuSeconds > 0 ? (cpuSeconds * 1000) / result.sent : null;
    return httpMeasurement(result, generatorCpuPercent, { cpuMsPerRequest, drainSeconds: drain.seconds });
  },
};
