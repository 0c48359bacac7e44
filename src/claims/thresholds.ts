/**
 * The numbers that turn the guide's words into checkable predicates. Each is a reading of a phrase
 * of the guide; the comment says which phrase and why this number. Change one here and every
 * predicate, report and test that states it follows.
 */
import { NOISY_CV } from '../report/warnings.js';

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

/** A figure that varies more than this (coefficient of variation) between trials is not trusted. */
export const MAX_CV = NOISY_CV;
