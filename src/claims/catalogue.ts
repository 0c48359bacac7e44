/**
 * Every claim of the guide that a measurement on this machine can test, as data: the exact quote,
 * where it is, what tests it and the predicate in words. The evaluation (evaluate.ts) reads only
 * this; the thresholds and why they are what they are live in thresholds.ts.
 *
 * Where the guide speaks of "well-configured" services, the judged servers are the tuned ones (and
 * python-fastapi-pool, the guide's own production note); the guide's code as written (the seed
 * servers) is shown beside them, never counted.
 */
import { formatInteger } from '../util/format.js';
import {
  COMPETITIVE_FRACTION,
  HIGH_END_MIN_CONNECTIONS,
  HTTP_FAILURE_SHARE,
  LOW_MEMORY_KB_PER_CONNECTION,
  NEGLIGIBLE_P50_MS,
  NEGLIGIBLE_P99_MS,
  NEGLIGIBLE_RATIO,
  NORMAL_TRAFFIC_MAX_RATE,
  NOTICEABLE_REALTIME_MS,
  NO_ADVANTAGE_RATIO,
  NO_EXTRA_COST_FRACTION,
  NORMAL_TRAFFIC_MAX_CONNECTIONS,
  REALTIME_LOSS_SHARE,
  REALTIME_MAX_LEVEL,
  REALTIME_P99_MS,
  TENS_OF_THOUSANDS_CONNECTIONS,
  THOUSANDS_PER_SECOND,
  WIN_RATIO,
} from './thresholds.js';
import type { Claim } from './types.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';
const POOL = 'python-fastapi-pool';
const EXPRESS_SEED = 'node-express-seed';
const FASTAPI_SEED = 'python-fastapi-seed';

/**
 * The part each server named in the claims plays, by runtime and variant: in a file of servers
 * verdict did not start (`verdict bench --target`), the one server of that runtime and variant
 * plays it (src/claims/cast.ts).
 */
export const ROLES: Readonly<Record<string, { runtime: 'node' | 'python'; variant: 'seed' | 'pool' | 'tuned' }>> = {
  [NODE]: { runtime: 'node', variant: 'tuned' },
  [PYTHON]: { runtime: 'python', variant: 'tuned' },
  [POOL]: { runtime: 'python', variant: 'pool' },
  [EXPRESS_SEED]: { runtime: 'node', variant: 'seed' },
  [FASTAPI_SEED]: { runtime: 'python', variant: 'seed' },
};

const PERFORMANCE = 'Performance: Where Each Runtime Wins';
const FAQ = 'Frequently Asked Questions';
const percent = (share: number) => `${+(share * 100).toFixed(2)}%`;
const x = (ratio: number) => `${+ratio.toFixed(2)}x`;

const NOISE_RULE =
  'Servers are measured in interleaved rounds (a seeded random order in each). A comparison is the geometric ' +
  'mean of the per-round ratios with its 95% interval (Student t on the log ratios, bootstrap from 10 rounds); ' +
  "a single trial a side is widened by the run's A/A noise floor; a bound reads the interval of the mean. An " +
  'advantage is supported when the interval clears 1.10x and refuted only when it lies at or below 1.00x; a ' +
  'negligible gap is supported only when the whole interval lies inside its band and refuted when wholly ' +
  'outside; anything between is inconclusive. A claim with k judged checks refutes on Bonferroni-corrected ' +
  'intervals; extra rounds at the looks spend alpha across the looks.';

export const CLAIMS: readonly Claim[] = [
  {
    id: 'thousands-rps',
    quote:
      'A well-configured FastAPI or Express service will both handle thousands of requests per second on modest ' +
      'hardware.',
    section: PERFORMANCE,
    predicate:
      `Supported when ${NODE}, ${PYTHON} and ${POOL} each serve at least ${formatInteger(THOUSANDS_PER_SECOND)} ` +
      `successful (2xx) requests per second on the users workload at every measured level up to ` +
      `${NORMAL_TRAFFIC_MAX_CONNECTIONS} connections; refuted when any of them stays below it.`,
    rationale:
      `"Thousands" read generously as ${formatInteger(THOUSANDS_PER_SECOND)}; each server runs as one process on ` +
      `one pinned core, which is modest hardware. ${EXPRESS_SEED} (the guide's Express, already pooled) and ` +
      `${FASTAPI_SEED} are shown beside.`,
    tests: [
      {
        kind: 'bound',
        workload: 'users',
        figure: 'goodput',
        servers: [NODE, PYTHON, POOL],
        beside: [EXPRESS_SEED, FASTAPI_SEED],
        min: THOUSANDS_PER_SECOND,
        levels: { kind: 'up-to', max: NORMAL_TRAFFIC_MAX_CONNECTIONS },
      },
    ],
  },
  {
    id: 'normal-traffic-gap',
    quote:
      'at normal REST API traffic patterns the throughput difference is small enough to be irrelevant for most teams',
    section: PERFORMANCE,
    alsoQuoted: [
      { quote: 'the performance gap at normal API traffic is negligible', section: 'TL;DR' },
      { quote: 'at normal API traffic volumes the performance difference is negligible', section: 'Key Takeaways' },
      {
        quote:
          'For typical REST API traffic under a few hundred concurrent connections, the difference is small ' +
          'enough that other factors should drive the decision.',
        section: FAQ,
      },
    ],
    predicate:
      `Measured at the same offered rates for both servers (users-open, up to ` +
      `${formatInteger(NORMAL_TRAFFIC_MAX_RATE)} req/s). Supported when, at every such rate, ${NODE}'s and ` +
      `${PYTHON}'s p50 and p99 latencies are within ${x(NEGLIGIBLE_RATIO)} of each other or within ` +
      `${NEGLIGIBLE_P50_MS} ms (p50) and ${NEGLIGIBLE_P99_MS} ms (p99) of each other, the whole interval inside; ` +
      `refuted when, at some such rate, the whole interval lies outside both.`,
    rationale:
      `Normal traffic is a rate a service is offered, not saturation: at the same offered rate both servers ` +
      `answer every request, and what differs is how long a caller waits. "Negligible" is a ratio under ` +
      `${x(NEGLIGIBLE_RATIO)} or a gap a caller does not notice (${NEGLIGIBLE_P50_MS} ms at the median, ` +
      `${NEGLIGIBLE_P99_MS} ms at p99). Throughput at saturation is the high-end claim's.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'users-open',
        figure: 'latency-p50',
        a: { server: NODE },
        b: { server: PYTHON },
        expect: { kind: 'negligible', ratio: NEGLIGIBLE_RATIO, absolute: NEGLIGIBLE_P50_MS },
        levels: { kind: 'up-to', max: NORMAL_TRAFFIC_MAX_RATE },
      },
      {
        kind: 'ratio',
        workload: 'users-open',
        figure: 'latency-p99',
        a: { server: NODE },
        b: { server: PYTHON },
        expect: { kind: 'negligible', ratio: NEGLIGIBLE_RATIO, absolute: NEGLIGIBLE_P99_MS },
        levels: { kind: 'up-to', max: NORMAL_TRAFFIC_MAX_RATE },
      },
    ],
  },

  {
    id: 'fastapi-competitive',
    quote: 'performance that is competitive with Node.js at typical API workloads',
    section: 'What Python Actually Is',
    alsoQuoted: [{ quote: 'Python async is genuinely competitive for standard API traffic.', section: PERFORMANCE }],
    predicate:
      `Measured at the same offered rates for both servers (users-open, up to ` +
      `${formatInteger(NORMAL_TRAFFIC_MAX_RATE)} req/s). Supported when, at every such rate, ${PYTHON}'s p50 and ` +
      `p99 latencies are at most ${x(NEGLIGIBLE_RATIO)} ${NODE}'s (ratio ≥ ${x(COMPETITIVE_FRACTION)}) or at most ` +
      `${NEGLIGIBLE_P50_MS} ms (p50) and ${NEGLIGIBLE_P99_MS} ms (p99) worse, the whole interval; refuted when, ` +
      `at some such rate, the whole interval is worse than both.`,
    rationale:
      `"Competitive" is the negligible band read from Python's side: at typical traffic a caller of the Python ` +
      `service waits less than ${x(NEGLIGIBLE_RATIO)} as long, or no noticeably longer. Python may be faster; ` +
      `that still counts.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'users-open',
        figure: 'latency-p50',
        a: { server: PYTHON },
        b: { server: NODE },
        expect: { kind: 'not-worse', ratio: COMPETITIVE_FRACTION, absolute: NEGLIGIBLE_P50_MS },
        levels: { kind: 'up-to', max: NORMAL_TRAFFIC_MAX_RATE },
      },
      {
        kind: 'ratio',
        workload: 'users-open',
        figure: 'latency-p99',
        a: { server: PYTHON },
        b: { server: NODE },
        expect: { kind: 'not-worse', ratio: COMPETITIVE_FRACTION, absolute: NEGLIGIBLE_P99_MS },
        levels: { kind: 'up-to', max: NORMAL_TRAFFIC_MAX_RATE },
      },
    ],
  },

  {
    id: 'high-end-node-wins',
    quote: 'What Python cannot match is Node’s performance at the very high end of concurrent I/O.',
    section: PERFORMANCE,
    alsoQuoted: [
      {
        quote: 'At very high concurrency Node.js has a performance advantage due to its event loop model.',
        section: FAQ,
      },
    ],
    predicate:
      `Supported when, at the highest measured level (which must be at least ` +
      `${formatInteger(HIGH_END_MIN_CONNECTIONS)} connections), ${NODE} serves at least ${x(WIN_RATIO)} ` +
      `${PYTHON}'s 2xx requests per second on the users workload, the whole interval; refuted only when Node is ` +
      `not faster at all (the interval's high end at most ${x(NO_ADVANTAGE_RATIO)}).`,
    rationale:
      `"The very high end" is the top of the sweep, and at least the ${formatInteger(HIGH_END_MIN_CONNECTIONS)} ` +
      `simultaneous connections of the guide's decision table. A win below ${x(WIN_RATIO)} is inside run-to-run ` +
      `noise.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'users',
        figure: 'goodput',
        a: { server: NODE },
        b: { server: PYTHON },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO },
        levels: { kind: 'highest', atLeast: HIGH_END_MIN_CONNECTIONS },
        beside: [
          { a: { server: EXPRESS_SEED }, b: { server: FASTAPI_SEED } },
          { a: { server: NODE }, b: { server: POOL } },
        ],
      },
    ],
  },
  {
    id: 'thousands-of-connections',
    quote: 'it can handle thousands of concurrent connections without spawning a thread per connection',
    section: 'What Node.js Actually Is',
    alsoQuoted: [
      { quote: 'its event loop handles thousands of simultaneous connections efficiently', section: 'Key Takeaways' },
    ],
    predicate:
      `Supported when ${NODE} answers the users workload at every measured level of ` +
      `${formatInteger(HIGH_END_MIN_CONNECTIONS)} connections or more with at most ${percent(HTTP_FAILURE_SHARE)} ` +
      `of requests failed (errors, timeouts, non-2xx); refuted when more fail; inconclusive when no such level ` +
      `was measured.`,
    rationale:
      `"Handle" means serve without dropping requests; ${percent(HTTP_FAILURE_SHARE)} allows the odd timeout at ` +
      `the start of a cell. ${EXPRESS_SEED} and ${PYTHON} are shown beside.`,
    tests: [
      {
        kind: 'bound',
        workload: 'users',
        figure: 'failure-share',
        servers: [NODE],
        beside: [EXPRESS_SEED, PYTHON],
        max: HTTP_FAILURE_SHARE,
        levels: { kind: 'from', min: HIGH_END_MIN_CONNECTIONS },
      },
    ],
  },
  {
    id: 'tens-of-thousands-low-memory',
    quote: 'The event loop model handles tens of thousands of concurrent connections with low memory overhead.',
    section: PERFORMANCE,
    predicate:
      `Supported when ${NODE} holds its highest measured number of websocket connections (at least ` +
      `${formatInteger(TENS_OF_THOUSANDS_CONNECTIONS)}) with at most ${percent(REALTIME_LOSS_SHARE)} refused and ` +
      `at most ${LOW_MEMORY_KB_PER_CONNECTION} KiB of server memory per connection; refuted when either bound is ` +
      `exceeded.`,
    rationale:
      `"Tens of thousands" begins at ${formatInteger(TENS_OF_THOUSANDS_CONNECTIONS)}. "Low memory overhead" is at ` +
      `most ${LOW_MEMORY_KB_PER_CONNECTION} KiB a connection, so 20,000 fit in 1 GB; a thread per connection ` +
      `costs a stack and kernel structures. ${PYTHON} is shown beside.`,
    tests: [
      {
        kind: 'bound',
        workload: 'websocket',
        figure: 'connect-error-share',
        servers: [NODE],
        beside: [PYTHON],
        max: REALTIME_LOSS_SHARE,
        levels: { kind: 'highest', atLeast: TENS_OF_THOUSANDS_CONNECTIONS },
      },
      {
        kind: 'bound',
        workload: 'websocket',
        figure: 'kb-per-connection',
        servers: [NODE],
        beside: [PYTHON],
        max: LOW_MEMORY_KB_PER_CONNECTION,
        levels: { kind: 'highest', atLeast: TENS_OF_THOUSANDS_CONNECTIONS },
      },
    ],
  },
  {
    id: 'native-advantage-websocket',
    quote:
      'For websocket servers, server-sent events, or APIs that fan out to many downstream services per request, ' +
      'Node.js has a native advantage.',
    section: PERFORMANCE,
    alsoQuoted: [
      {
        quote:
          'Node.js is the stronger choice for real-time and high-concurrency I/O workloads such as websockets ' +
          'and streaming APIs',
        section: 'TL;DR',
      },
    ],
    predicate:
      `Websockets: supported when, at every measured number of held connections, ${PYTHON}'s broadcast delivery ` +
      `p99 (refused connections counted) is at least ${x(WIN_RATIO)} ${NODE}'s and at least ` +
      `${NOTICEABLE_REALTIME_MS} ms longer, the whole interval; refuted when, at some level, Node is not faster ` +
      `at all or the gap is surely under ${NOTICEABLE_REALTIME_MS} ms.`,
    rationale:
      `An advantage for websockets is one a user of a live app notices: how late a broadcast arrives, at its ` +
      `tail. It needs both a ratio beyond the noise (${x(WIN_RATIO)}) and a gap a user would notice (` +
      `${NOTICEABLE_REALTIME_MS} ms). A refused client never receives a broadcast, so refusing more than 1% ` +
      `counts the p99 as the whole cell.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'websocket',
        figure: 'delivery-p99-due',
        a: { server: NODE },
        b: { server: PYTHON },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO, noticeable: NOTICEABLE_REALTIME_MS },
        levels: { kind: 'all' },
      },
    ],
  },
  {
    id: 'native-advantage-sse',
    quote:
      'For websocket servers, server-sent events, or APIs that fan out to many downstream services per request, ' +
      'Node.js has a native advantage.',
    section: PERFORMANCE,
    predicate:
      `Server-sent events: supported when, at every measured number of clients, ${PYTHON}'s event delivery lag ` +
      `p99 is at least ${x(WIN_RATIO)} ${NODE}'s and at least ${NOTICEABLE_REALTIME_MS} ms longer, the whole ` +
      `interval; refuted when, at some level, Node is not faster at all or the gap is surely under ` +
      `${NOTICEABLE_REALTIME_MS} ms. When a server misses more than 1% of the events due, its lag p99 counts as ` +
      `at least the whole hold window (a missed event never arrives).`,
    rationale:
      `Every client gets an event every 100 ms, so throughput is fixed by design; the advantage shows as lag, the ` +
      `tail (p99) being what users of a live feed notice. Lag measured only on delivered events would flatter a ` +
      `server that refuses clients or drops events.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'sse',
        figure: 'lag-p99-due',
        a: { server: NODE },
        b: { server: PYTHON },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO, noticeable: NOTICEABLE_REALTIME_MS },
        levels: { kind: 'all' },
      },
    ],
  },
  {
    id: 'native-advantage-fanout',
    quote:
      'For websocket servers, server-sent events, or APIs that fan out to many downstream services per request, ' +
      'Node.js has a native advantage.',
    section: PERFORMANCE,
    predicate:
      `Fan-out: supported when ${NODE} serves at least ${x(WIN_RATIO)} ${PYTHON}'s 2xx requests per second for ` +
      `every fan-out width K of 10 or more; refuted when it serves less for any.`,
    rationale:
      `"Many downstream services" starts at K = 10 (K = 1 is no fan-out and is shown in the charts only). Each ` +
      `runtime uses its best pooled async HTTP client.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'fanout',
        figure: 'goodput',
        a: { server: NODE },
        b: { server: PYTHON },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO },
        levels: { kind: 'all' },
        splitBy: ['k'],
        parameterAtLeast: { name: 'k', min: 10 },
      },
    ],
  },
  {
    id: 'fastapi-realtime',
    quote: 'FastAPI with WebSocket support and asyncio handles real-time workloads well.',
    section: FAQ,
    predicate:
      `Supported when, at every measured level up to ${formatInteger(REALTIME_MAX_LEVEL)} connections or clients, ` +
      `${PYTHON} has a websocket broadcast delivery p99 and an SSE lag p99 of at most ${REALTIME_P99_MS} ms, with ` +
      `at most ${percent(REALTIME_LOSS_SHARE)} of websocket connections refused and of SSE events missed; refuted ` +
      `when any bound is exceeded.`,
    rationale:
      `${REALTIME_P99_MS} ms is about where an update stops feeling instant, and the SSE interval. Levels above ` +
      `${formatInteger(REALTIME_MAX_LEVEL)} are the "extreme concurrency" where the guide grants Node an edge. ` +
      `${NODE} is shown beside.`,
    tests: [
      {
        kind: 'bound',
        workload: 'websocket',
        figure: 'delivery-p99',
        servers: [PYTHON],
        beside: [NODE],
        max: REALTIME_P99_MS,
        levels: { kind: 'up-to', max: REALTIME_MAX_LEVEL },
      },
      {
        kind: 'bound',
        workload: 'websocket',
        figure: 'connect-error-share',
        servers: [PYTHON],
        beside: [NODE],
        max: REALTIME_LOSS_SHARE,
        levels: { kind: 'up-to', max: REALTIME_MAX_LEVEL },
      },
      {
        kind: 'bound',
        workload: 'sse',
        figure: 'lag-p99',
        servers: [PYTHON],
        beside: [NODE],
        max: REALTIME_P99_MS,
        levels: { kind: 'up-to', max: REALTIME_MAX_LEVEL },
      },
      {
        kind: 'bound',
        workload: 'sse',
        figure: 'missed-share',
        servers: [PYTHON],
        beside: [NODE],
        max: REALTIME_LOSS_SHARE,
        levels: { kind: 'up-to', max: REALTIME_MAX_LEVEL },
      },
    ],
  },
  {
    id: 'numpy-wins-cpu',
    quote:
      'Python wins on CPU-bound scientific work. NumPy, for example, offloads computation to optimised C libraries.',
    section: PERFORMANCE,
    predicate:
      `Supported when ${PYTHON} with NumPy serves at least ${x(WIN_RATIO)} the compute requests per second of ` +
      `${NODE}'s fastest implementation (typed arrays or an npm library), for every operation at every measured ` +
      `level; refuted when it serves less for any.`,
    rationale:
      `"Wins" is at least ${x(WIN_RATIO)}, beyond the noise. Node's best implementation per operation is taken, ` +
      `so Python wins against Node's strongest.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'compute',
        figure: 'goodput',
        a: { server: PYTHON, parameters: { implementation: 'numpy' } },
        b: { server: NODE, bestOver: 'implementation' },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO },
        levels: { kind: 'all' },
        splitBy: ['operation'],
      },
    ],
  },
  {
    id: 'interpreted-penalty',
    quote: 'Python’s library ecosystem turns the interpreted language penalty into an advantage.',
    section: PERFORMANCE,
    predicate:
      `Supported when, for every compute operation at every measured level, ${NODE}'s typed arrays serve at least ` +
      `${x(WIN_RATIO)} the requests per second of ${PYTHON}'s pure-Python loops (the penalty exists) and NumPy ` +
      `serves at least ${x(WIN_RATIO)} pure Python's (the library removes it); refuted when either fails.`,
    rationale:
      'The "advantage" half, NumPy against Node, is the numpy-wins-cpu claim; this one checks that there is a ' +
      'penalty to turn around.',
    tests: [
      {
        kind: 'ratio',
        workload: 'compute',
        figure: 'goodput',
        a: { server: NODE, parameters: { implementation: 'typed-array' } },
        b: { server: PYTHON, parameters: { implementation: 'pure-python' } },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO },
        levels: { kind: 'all' },
        splitBy: ['operation'],
      },
      {
        kind: 'ratio',
        workload: 'compute',
        figure: 'goodput',
        a: { server: PYTHON, parameters: { implementation: 'numpy' } },
        b: { server: PYTHON, parameters: { implementation: 'pure-python' } },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO },
        levels: { kind: 'all' },
        splitBy: ['operation'],
      },
    ],
  },
  {
    id: 'create-pool',
    quote:
      'production code should use asyncpg.create_pool() at startup (equivalent to what the Node.js example does ' +
      'with new Pool()) so connections are reused rather than opened on every request',
    section: 'Side-by-Side Code Example: Simple REST Endpoint',
    predicate:
      `Supported when ${POOL} (create_pool at startup) serves at least ${x(WIN_RATIO)} the 2xx requests per ` +
      `second of ${FASTAPI_SEED} (connect per request) on the users workload at every measured level; refuted ` +
      `when it serves less at any.`,
    rationale:
      `The two servers differ only in the pool, so the ratio prices opening a connection per request. ${PYTHON} ` +
      `against the seed is shown beside.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'users',
        figure: 'goodput',
        a: { server: POOL },
        b: { server: FASTAPI_SEED },
        expect: { kind: 'advantage', win: WIN_RATIO, none: NO_ADVANTAGE_RATIO },
        levels: { kind: 'all' },
        beside: [{ a: { server: PYTHON }, b: { server: FASTAPI_SEED } }],
      },
    ],
  },
  {
    id: 'validation-no-extra-cost',
    quote:
      'The FastAPI version gets you automatic OpenAPI docs at /docs and request/response validation from type ' +
      'hints at no extra cost.',
    section: 'Side-by-Side Code Example: Simple REST Endpoint',
    predicate:
      `Supported when ${PYTHON} with response validation (users) serves at least ` +
      `${percent(NO_EXTRA_COST_FRACTION)} of its own 2xx requests per second without it (users-unvalidated) at ` +
      `every measured level; refuted when validation costs more than ${percent(1 - NO_EXTRA_COST_FRACTION)} at ` +
      `any.`,
    rationale:
      `Same server, same query and response, validation on or off: the ratio is the price of validation. A cost ` +
      `under ${percent(1 - NO_EXTRA_COST_FRACTION)} cannot be told from noise in one run. The docs are built once ` +
      `at startup and cost nothing per request. ${NODE} with and without validation is shown beside.`,
    tests: [
      {
        kind: 'ratio',
        workload: 'users',
        figure: 'goodput',
        a: { server: PYTHON },
        b: { server: PYTHON, workload: 'users-unvalidated' },
        expect: { kind: 'not-worse', ratio: NO_EXTRA_COST_FRACTION },
        levels: { kind: 'all' },
        beside: [{ a: { server: NODE }, b: { server: NODE, workload: 'users-unvalidated' } }],
      },
    ],
  },
];

export const NOISE_NOTE = NOISE_RULE;

export function claimById(id: string): Claim | undefined {
  return CLAIMS.find((c) => c.id === id);
}
