/**
 * The numbers that turn the guide's words into checkable predicates. Each is a reading of a phrase
 * of the guide; the comment says which phrase and why this number. Change one here and every
 * predicate, report and test that states it follows.
 */

/**
 * "thousands of requests per second": read generously as at least 1,000 successful responses per
 * second. The report prints the actual figure, so a reader who wants the plural ("2,000+") can
 * check it against the numbers.
 */
export const THOUSANDS_PER_SECOND = 1_000;

/**
 * "normal REST API traffic" / "typical REST API traffic under a few hundred concurrent
 * connections" (FAQ): every measured level up to 300 connections. The default sweep's 10, 50,
 * 100 and 250 are normal; 1,000 is not.
 */
export const NORMAL_TRAFFIC_MAX_CONNECTIONS = 300;

/**
 * "the very high end of concurrent I/O" / "thousands of simultaneous connections" (the guide's
 * decision table): the highest measured level, which must be at least 1,000 connections.
 */
export const HIGH_END_MIN_CONNECTIONS = 1_000;

/**
 * "negligible" / "small enough to be irrelevant": the faster server is less than 1.25x the slower.
 * A 25% throughput gap is what one extra instance per four absorbs, far below the 2x step between
 * machine sizes, and about the spread between frameworks of the same runtime. (verdict decide uses
 * the same 1.25 for "negligible".)
 */
export const NEGLIGIBLE_RATIO = 1.25;

/**
 * "wins", "advantage", "cannot match", "should use ... so connections are reused": the better side
 * is at least 1.10x the other. Below 10% a difference is inside typical run-to-run noise on a
 * shared machine (the same 10% as the "noisy" warning), so it is no win a user would notice.
 */
export const WIN_RATIO = 1.1;

/**
 * An advantage is refuted only when the whole interval says the claimed side is not better at all
 * (its high end at most 1.00); between 1.00 and 1.10 the claim is inconclusive, never refuted:
 * "cannot match" is not disproved by a win smaller than the noise.
 */
export const NO_ADVANTAGE_RATIO = 1.0;

/**
 * "competitive with Node.js": Python reaches at least 80% of Node's throughput, i.e. Node is
 * less than 1.25x Python (the negligible band, read from Python's side).
 */
export const COMPETITIVE_FRACTION = 1 / NEGLIGIBLE_RATIO;

/**
 * "validation from type hints at no extra cost": the validated endpoint keeps at least 95% of the
 * unvalidated endpoint's throughput. 5% is half the noise limit: a cost below it could not be
 * told apart from noise in one run, which is as close to "no cost" as a measurement gets.
 */
export const NO_EXTRA_COST_FRACTION = 0.95;

/**
 * "tens of thousands of concurrent connections": at least 10,000 held connections (where "tens of
 * thousands" begins, and the websocket workload's default top level).
 */
export const TENS_OF_THOUSANDS_CONNECTIONS = 10_000;

/**
 * "low memory overhead": at most 50 KiB of server memory per held connection, so 20,000
 * connections fit in 1 GB. A thread per connection costs at least a stack (glibc reserves 8 MiB,
 * commits tens of KiB) plus kernel structures, which is what the event loop claim is set against.
 */
export const LOW_MEMORY_KB_PER_CONNECTION = 50;

/**
 * "handles real-time workloads well": broadcast delivery and SSE lag p99 at most 100 ms. About
 * 100 ms is where people stop perceiving an update as instant (Nielsen's response-time limits),
 * and SSE events arrive every 100 ms, so a larger lag means falling a whole event behind.
 */
export const REALTIME_P99_MS = 100;

/**
 * "most real-time applications" as opposed to "extreme concurrency" (where the guide grants Node
 * an edge): levels up to 5,000 held connections or clients.
 */
export const REALTIME_MAX_LEVEL = 5_000;

/** Connections refused or events missed: at most 0.1%, one in a thousand (a real-time app notices more). */
export const REALTIME_LOSS_SHARE = 0.001;

/** "handle thousands of concurrent connections": at most 1% of requests fail (errors, timeouts, non-2xx). */
export const HTTP_FAILURE_SHARE = 0.01;

/**
 * Every interval is a 95% interval before corrections: the level benchstat and criterion.rs report.
 * A claim with k judged checks refutes on 1 - 0.05/k (Bonferroni), and the sequential looks split
 * the 5% across the looks (src/measure/sequential.ts).
 */
export const CONFIDENCE = 0.95;

/**
 * "Native advantage" for websockets and SSE is one a user would notice: besides the ratio, the
 * tail latency (delivery or lag p99) must be at least 50 ms apart, half the 100 ms within which an
 * update still feels instant (REALTIME_P99_MS). A smaller gap leaves both feeds feeling the same.
 */
export const NOTICEABLE_REALTIME_MS = 50;

/**
 * "Normal REST API traffic": the open model's offered rates up to 1,000 requests per second on
 * one core. The guide says both runtimes "handle thousands of requests per second"; a service
 * offered a few hundred to a thousand a second is the everyday load of an API instance, and every
 * tuned server here holds it with room to spare, so latency there is the service time, not a queue.
 */
export const NORMAL_TRAFFIC_MAX_RATE = 1_000;

/**
 * "small enough to be irrelevant" in latency: within 25% (NEGLIGIBLE_RATIO), or within 10 ms at
 * the median and 50 ms at p99, absolute gaps a caller does not notice next to the 100 ms within
 * which a response feels instant (Nielsen) once the network and the client take their share.
 */
export const NEGLIGIBLE_P50_MS = 10;
export const NEGLIGIBLE_P99_MS = 50;
