/**
 * What an import accumulates for one cell (a server, a workload and a level) while it reads the
 * runners' outputs. Every latency goes into one HDR histogram per cell, recorded exactly as
 * verdict's own drivers record them (src/load/histogram.ts: microseconds, 3 significant digits),
 * so samples split across any number of runner files give the same histogram as all of them read
 * by one: recording is a count per bucket, and counts add up in any order.
 */
import { createLatencyRecorder, type LatencyRecorder } from '../load/histogram.js';
import type { Latency } from '../results/schema.js';

export interface CellKey {
  server: string;
  workload: string;
  level: number;
}

export const cellKeyText = (key: CellKey): string => `${key.server}|${key.workload}|${key.level}`;

export interface CellTally {
  key: CellKey;
  /** The runtime a tag named, when one did. */
  runtimeTag: string | undefined;
  /** Where the requests went (scheme, host and port), when the engine said. */
  origin: string | undefined;
  latency: LatencyRecorder;
  /** Responses received (any HTTP status): requests that ended without a response are errors. */
  responses: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Requests that got no response (connection refused, reset), timeouts apart. */
  errors: number;
  timeouts: number;
  /** Requests the engine itself counted as failed (k6's http_req_failed). */
  failed: number;
  checksPassed: number;
  checksFailed: number;
  /** First and last response time, microseconds since the epoch: the span the rate is computed over. */
  firstUs: number;
  lastUs: number;
  /** The runner files that contributed samples to this cell. */
  runners: Set<number>;
}

export function newTally(key: CellKey): CellTally {
  return {
    key,
    runtimeTag: undefined,
    origin: undefined,
    latency: createLatencyRecorder(),
    responses: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    failed: 0,
    checksPassed: 0,
    checksFailed: 0,
    firstUs: Number.POSITIVE_INFINITY,
    lastUs: Number.NEGATIVE_INFINITY,
    runners: new Set(),
  };
}

export function noteTime(tally: CellTally, us: number): void {
  if (us < tally.firstUs) tally.firstUs = us;
  if (us > tally.lastUs) tally.lastUs = us;
}

/** Seconds between the first and the last sample; 0 with fewer than two. */
export function spanSeconds(tally: CellTally): number {
  return tally.lastUs > tally.firstUs ? (tally.lastUs - tally.firstUs) / 1e6 : 0;
}

/**
 * Responses per second over the samples' own time span. n responses stamped between the first and
 * the last one are n - 1 intervals, so the rate is (n - 1) / span: counting n over that span would
 * overstate short runs (2 samples 1 s apart are 1 req/s, not 2). Null when there is no span.
 */
export function ratePerSecond(tally: CellTally): number | null {
  const span = spanSeconds(tally);
  return span > 0 && tally.responses > 1 ? (tally.responses - 1) / span : null;
}

export function latencyOf(tally: CellTally): Latency | null {
  return tally.latency.summary();
}
