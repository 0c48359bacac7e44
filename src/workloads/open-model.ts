/**
 * Open-model latency: `users-open` and `user-by-id-open` send GET /api/users and
 * GET /api/users/{id} at a constant arrival rate (src/load/open-model.ts) of 50% and 80% of the
 * server's own closed-model maximum measured earlier in the same run (the best median req/s over
 * the levels of `users` or `user-by-id`), and record latency from each request's intended send
 * time: percentiles free of coordinated omission, as wrk2 and k6's arrival-rate executors give.
 * Without that closed-model cell in the run, the cell is skipped and says why.
 */
import { VerdictError } from '../cli/errors.js';
import type { OpenHttpResult } from '../load/open-model.js';
import type { PathSpec } from '../load/index.js';
import type { RunningServer } from '../servers/process.js';
import { CellSkipped, type CellContext, type Measurement, type Workload } from './types.js';
import { USER_BY_ID_TEMPLATE } from './user-by-id.js';

export const RATE_FRACTIONS = [0.5, 0.8] as const;
/**
 * Most sockets the driver may open. It opens them only as requests overlap (rate x latency); 256
 * covers 80% of a few thousand req/s through stalls of tens of milliseconds without the pool
 * ever making a request wait. The level is fixed: --levels does not apply.
 */
export const OPEN_MODEL_CONNECTIONS = 256;
/**
 * Each cell's schedule starts this long before its measured window (unrecorded), so the window
 * sees the steady state: without it the driver's sockets were opened during the window, and that
 * first second made up most of node-fastify's p90 and p99 at half its maximum rate.
 */
export const OPEN_MODEL_WARMUP_SECONDS = 1;

type EarlierCell = CellContext['earlierCells'][number];

/** The closed-model maximum: the best per-level median req/s of that server and workload, or undefined. */
export function closedModelMaximum(cells: readonly EarlierCell[], server: string, workload: string): number | undefined {
  const byLevel = new Map<number, number[]>();
  for (const cell of cells) {
    if (cell.server !== server || cell.workload !== workload || cell.requestsPerSecond === null || !(cell.requestsPerSecond > 0)) continue;
    byLevel.set(cell.connections, [...(byLevel.get(cell.connections) ?? []), cell.requestsPerSecond]);
  }
  const medians = [...byLevel.values()].map((values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  });
  return medians.length ? Math.max(...medians) : undefined;
}

function openModelWorkload(spec: { name: string; closed: string; summary: string; path: (rows: number) => PathSpec; probe: string }): Workload {
  return {
    name: spec.name,
    summary: spec.summary,
    levelLabel: 'connections',
    // A --levels sweep of the closed model must not resize this pool.
    fixedLevels: true,
    levels: { default: [OPEN_MODEL_CONNECTIONS], quick: [OPEN_MODEL_CONNECTIONS] },
    defaultTrials: 1,
    defaultDurationSeconds: 4,
    quickDurationSeconds: 2,
    // The closed-model cells just before it warmed the same endpoint on the same server.
    warmup: false,
    parameterSets: (quick) => (quick ? [{ rateFraction: 0.8 }] : RATE_FRACTIONS.map((rateFraction) => ({ rateFraction }))),
    appliesTo: (manifest) => manifest.workloads.includes(spec.name),
    countsQueries: true,
    // Measured: the drain of the last requests, the query count before and after, and the save.
    estimateCellSeconds: (_connections, duration) => OPEN_MODEL_WARMUP_SECONDS + duration + 0.9,
    writes: false,
    async preflight(server: RunningServer) {
      const response = await fetch(`${server.url}${spec.probe}`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new VerdictError(`${server.manifest.name} answered GET ${spec.probe} with ${response.status}, not 200`, `run 'verdict servers start ${server.manifest.name}' and check its log`);
    },
    async run(context: CellContext): Promise<Measurement> {
      const fraction = Number(context.parameters.rateFraction);
      const maximum = closedModelMaximum(context.earlierCells, context.server.manifest.name, spec.closed);
      if (maximum === undefined) {
        throw new CellSkipped(`no completed ${spec.closed} cell of ${context.server.manifest.name} earlier in this run to take the closed-model maximum from; include ${spec.closed} in --workloads`);
      }
      const rate = Math.max(1, Math.round(maximum * fraction));
      const { result, generatorCpuPercent } = await context.node.run<OpenHttpResult>({
        kind: 'open-http',
        baseUrl: context.server.url,
        path: spec.path(context.rows),
        rate,
        durationSeconds: context.durationSeconds,
        timeoutSeconds: context.timeoutSeconds,
        connections: context.connections,
        warmupSeconds: OPEN_MODEL_WARMUP_SECONDS,
      });
      const round = (value: number) => Math.round(value * 10) / 10;
      return {
        requests: result.responses,
        // The warm-up's requests ran queries too: they count in the denominator of queries per request.
        sent: result.sent + result.warmupSent,
        durationSeconds: result.durationSeconds,
        requestsPerSecond: result.achievedRate,
        latencyMs: result.latencyMs,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        generatorCpuPercent,
        metrics: {
          targetRate: result.targetRate,
          achievedRate: round(result.achievedRate),
          rateHeld: result.rateHeld ? 1 : 0,
          sentRate: round(result.sentRate),
          closedModelMaxRate: round(maximum),
          maxInFlight: result.maxInFlight,
          queuedSends: result.queuedSends,
          sendLagP99Ms: result.sendLagMs ? result.sendLagMs.p99 : null,
          sendLagMaxMs: result.sendLagMs ? result.sendLagMs.max : null,
          warmupSeconds: OPEN_MODEL_WARMUP_SECONDS,
        },
      };
    },
  };
}

export const usersOpenWorkload = openModelWorkload({
  name: 'users-open',
  closed: 'users',
  summary: 'GET /api/users at a constant arrival rate (50% and 80% of the closed-model maximum), latency from the intended send time',
  path: () => ({ kind: 'fixed', path: '/api/users' }),
  probe: '/api/users',
});

export const userByIdOpenWorkload = openModelWorkload({
  name: 'user-by-id-open',
  closed: 'user-by-id',
  summary: 'GET /api/users/{id} at a constant arrival rate (50% and 80% of the closed-model maximum), latency from the intended send time',
  path: (rows) => ({ kind: 'random-id', template: USER_BY_ID_TEMPLATE, min: 1, max: rows }),
  probe: '/api/users/1',
});
