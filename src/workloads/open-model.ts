/**
 * Open-model latency: `users-open` and `user-by-id-open` send GET /api/users and
 * GET /api/users/{id} at a constant arrival rate (src/load/open-model.ts) and record latency from
 * each request's intended send time: percentiles free of coordinated omission, as wrk2 and k6's
 * arrival-rate executors give. Every server is offered the same absolute rates (the level is the
 * rate), from normal traffic upwards, and the sweep stops after the first rate that one of them
 * no longer holds: latency against offered load, the way wrk2 and k6 users read it.
 */
import { VerdictError } from '../core/errors.js';
import type { OpenHttpResult } from '../load/open-model.js';
import type { PathSpec } from '../load/index.js';
import { metricOf } from '../results/metrics.js';
import { isCompleted, type Cell, type CompletedCell } from '../results/schema.js';
import type { RunningServer } from '../servers/process.js';
import type { CellContext, Measurement, Workload, WorkloadReport } from './types.js';
import { USER_BY_ID_TEMPLATE } from './user-by-id.js';

/**
 * The offered rates, in requests per second. 250 and 1,000 are normal REST traffic for one
 * instance (claims/thresholds.ts, NORMAL_TRAFFIC_MAX_RATE); 4,000 goes on to where one of the
 * servers stops holding the rate, which on one core is beyond the slower runtime's maximum.
 * user-by-id-open, a single-row query, starts at 1,000.
 */
export const OPEN_MODEL_RATES = { default: [250, 1_000, 4_000], quick: [1_000] } as const;
/**
 * Most sockets the driver may open. It opens them only as requests overlap (rate x latency); 256
 * covers a few thousand req/s through stalls of tens of milliseconds without the pool ever making
 * a request wait.
 */
export const OPEN_MODEL_CONNECTIONS = 256;
/**
 * Each cell's schedule starts this long before its measured window (unrecorded), so the window
 * sees the steady state: without it the driver's sockets were opened during the window, and that
 * first second made up most of node-fastify's p90 and p99 at half its maximum rate.
 */
export const OPEN_MODEL_WARMUP_SECONDS = 1;

/** The sweep stops after a rate that some server held in fewer than half of its rounds. */
export function sweepStopsAt(cellsAtLevel: readonly Cell[]): string | null {
  const byServer = new Map<string, CompletedCell[]>();
  for (const cell of cellsAtLevel)
    if (isCompleted(cell)) byServer.set(cell.server, [...(byServer.get(cell.server) ?? []), cell]);
  for (const [server, cells] of byServer) {
    const held = cells.filter((c) => metricOf(c, 'rateHeld') === 1).length;
    if (held * 2 < cells.length) return `${server} held the offered rate in ${held} of ${cells.length} rounds`;
  }
  return null;
}

/**
 * The generic req/s is the achieved rate and p50/p99 run from the intended send time (free of
 * coordinated omission); beside them the rate asked for, whether it was held (within 2%), the
 * rest of the tail, and how late the generator itself sent (its share of the latency). The
 * schedule paces the load, so an idle server CPU is expected; no database ceiling applies (and
 * memory is not what the open model asks about). Every server is offered the same rate: achieved
 * rates are equal while held, so latency is the comparison, not relative throughput.
 */
const OPEN_MODEL_REPORT: WorkloadReport = {
  charts: [{ family: 'offered-load' }],
  columns: {
    rename: { rate: 'achieved req/s (min–max)', p50: 'p50 (CO-free)', p99: 'p99 (CO-free)' },
    hide: ['rss', 'ceiling'],
    extra: [
      { metric: 'targetRate' },
      { metric: 'rateHeld' },
      { latency: 'p90' },
      { latency: 'p999' },
      { latency: 'max' },
      { metric: 'sendLagP99Ms' },
    ],
    keepsServerBusy: false,
    relativeThroughput: false,
  },
};

function openModelWorkload(spec: {
  name: string;
  summary: string;
  path: (rows: number) => PathSpec;
  probe: string;
  rates?: number[];
}): Workload {
  return {
    name: spec.name,
    summary: spec.summary,
    levelLabel: 'req/s offered',
    // The levels are rates: --levels (connections) does not apply.
    fixedLevels: true,
    levels: { default: spec.rates ?? [...OPEN_MODEL_RATES.default], quick: [...OPEN_MODEL_RATES.quick] },
    // --quick: measured in the users stage, on the servers it started and warmed.
    quickJoins: 'users',
    // The closed-model cells just before it warmed the same endpoint on the same server.
    warmup: false,
    parameterSets: () => [{}],
    stopsSweep: sweepStopsAt,
    appliesTo: (manifest) => manifest.workloads.includes(spec.name),
    countsQueries: true,
    report: OPEN_MODEL_REPORT,
    // Measured: the drain of the last requests, the query count before and after, and the save.
    estimateCellSeconds: (_connections, duration) => OPEN_MODEL_WARMUP_SECONDS + duration + 0.9,
    writes: false,
    async preflight(server: RunningServer) {
      const response = await fetch(`${server.url}${spec.probe}`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status !== 200)
        throw new VerdictError(
          `${server.manifest.name} answered GET ${spec.probe} with ${response.status}, not 200`,
          `run 'verdict servers start ${server.manifest.name}' and check its log`,
        );
    },
    async run(context: CellContext): Promise<Measurement> {
      // The level is the offered rate; the driver's socket pool is fixed.
      const rate = context.connections;
      const { result, generatorCpuPercent } = await context.node.run<OpenHttpResult>({
        kind: 'open-http',
        baseUrl: context.server.url,
        path: spec.path(context.rows),
        rate,
        durationSeconds: context.durationSeconds,
        timeoutSeconds: context.timeoutSeconds,
        connections: OPEN_MODEL_CONNECTIONS,
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
          sockets: OPEN_MODEL_CONNECTIONS,
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
  summary:
    'GET /api/users at the same constant arrival rates for every server (250 to 4,000 req/s, until one stops ' +
    'holding it), latency from the intended send time',
  path: () => ({ kind: 'fixed', path: '/api/users' }),
  probe: '/api/users',
});

export const userByIdOpenWorkload = openModelWorkload({
  name: 'user-by-id-open',
  rates: [1_000, 4_000],
  summary:
    'GET /api/users/{id} at the same constant arrival rates for every server (250 to 4,000 req/s, until one ' +
    'stops holding it), latency from the intended send time',
  path: (rows) => ({ kind: 'random-id', template: USER_BY_ID_TEMPLATE, min: 1, max: rows }),
  probe: '/api/users/1',
});
