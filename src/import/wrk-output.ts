/**
 * Reading what wrk printed (`wrk ... > run.txt`). Three parts, each optional, the most exact used:
 *
 * 1. wrk's own summary, with `--latency` its "Latency Distribution" (p50, p75, p90, p99):
 *      Running 10s test @ http://10.0.0.5:8080/api/users
 *        2 threads and 100 connections
 *        Thread Stats   Avg      Stdev     Max   +/- Stdev
 *          Latency     1.67ms  688.10us   9.48ms   73.72%
 *        Latency Distribution
 *           50%    1.33ms
 *           ...
 *        48170 requests in 10.00s, 5.70MB read
 *        Socket errors: connect 0, read 0, write 0, timeout 0
 *        Non-2xx or 3xx responses: 12
 *      Requests/sec:   4816.72
 * 2. the line verdict's wrk script prints from its `done` hook (src/load/wrk.lua, and
 *    src/import/wrk-done.lua): wrk's exact counts and percentiles, in microseconds;
 *      VERDICT_RESULT {"responses":N,"durationUs":N,"connect":N,"read":N,"write":N,"status":N,"timeout":N,
 *                      "p50":US,"p90":US,"p99":US,"p999":US,"max":US,"mean":US} (on one line)
 * 3. the whole latency record, printed by src/import/wrk-done.lua: every distinct latency in
 *    microseconds with its count;
 *      VERDICT_DISTRIBUTION {"unit":"us","counts":[[VALUE,COUNT],...]}
 */
import { UsageError } from '../core/errors.js';
import type { WrkSummary } from '../load/wrk-generator.js';

/** The same line as verdict's own wrk driver reads. */
export type WrkDoneLine = WrkSummary;

export interface WrkOutput {
  url?: string;
  threads?: number;
  connections?: number;
  /** The Thread Stats latency row, microseconds. */
  latencyRow?: { meanUs: number; maxUs: number };
  /** --latency's percentiles, microseconds by percent (50, 75, 90, 99). */
  percentilesUs: Map<number, number>;
  requests?: number;
  durationSeconds?: number;
  socketErrors?: { connect: number; read: number; write: number; timeout: number };
  /** wrk counts responses with a status of 400 or more ("Non-2xx or 3xx responses"). */
  statusErrors?: number;
  done?: WrkDoneLine;
  /** [microseconds, count] pairs. */
  distribution?: [number, number][];
  /** Why the done hook left the distribution out, when it did. */
  distributionSkipped?: string;
}

const TIME_UNITS_US: Record<string, number> = { us: 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };

/** wrk's times: "688.10us", "1.67ms", "2.00s", "1.00m". */
export function parseWrkTimeUs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  return match ? Number(match[1]) * TIME_UNITS_US[match[2]!]! : undefined;
}

const DONE_FIELDS: (keyof WrkDoneLine)[] = [
  'responses',
  'durationUs',
  'connect',
  'read',
  'write',
  'status',
  'timeout',
  'p50',
  'p90',
  'p99',
  'p999',
  'max',
  'mean',
];

function jsonAfter(line: string, marker: string, where: string): unknown {
  try {
    return JSON.parse(line.slice(marker.length));
  } catch (error) {
    throw new UsageError(
      `${where}: the ${marker.trim()} line is not valid JSON (${(error as Error).message})`,
      'the output was cut short or edited; run wrk again',
    );
  }
}

function doneLine(raw: unknown, where: string): WrkDoneLine {
  const object = raw as Record<string, unknown>;
  const missing = DONE_FIELDS.filter(
    (field) => typeof object?.[field] !== 'number' || !Number.isFinite(object[field]) || (object[field] as number) < 0,
  );
  if (missing.length > 0)
    throw new UsageError(
      `${where}: VERDICT_RESULT lacks ${missing.join(', ')}`,
      'print it with the done hook of src/import/wrk-done.lua',
    );
  return object as unknown as WrkDoneLine;
}

function distributionLine(raw: unknown, where: string): [number, number][] {
  const object = raw as { unit?: unknown; counts?: unknown };
  if (object?.unit !== 'us' || !Array.isArray(object.counts))
    throw new UsageError(
      `${where}: VERDICT_DISTRIBUTION needs "unit":"us" and "counts"`,
      'print it with the done hook of src/import/wrk-done.lua',
    );
  const counts = object.counts as unknown[];
  for (const pair of counts) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      !pair.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
    ) {
      throw new UsageError(
        `${where}: VERDICT_DISTRIBUTION has an entry ${JSON.stringify(pair)}; each must be [microseconds, ` +
          `count] in whole numbers`,
        'print it with the done hook of src/import/wrk-done.lua',
      );
    }
  }
  return counts as [number, number][];
}

export function parseWrkOutput(text: string, where: string): WrkOutput {
  const output: WrkOutput = { percentilesUs: new Map() };
  let inDistribution = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('VERDICT_RESULT ')) {
      output.done = doneLine(jsonAfter(line, 'VERDICT_RESULT ', where), where);
      continue;
    }
    if (line.startsWith('VERDICT_DISTRIBUTION ')) {
      output.distribution = distributionLine(jsonAfter(line, 'VERDICT_DISTRIBUTION ', where), where);
      continue;
    }
    if (line.startsWith('VERDICT_DISTRIBUTION_SKIPPED ')) {
      output.distributionSkipped = line.slice('VERDICT_DISTRIBUTION_SKIPPED '.length);
      continue;
    }
    let match: RegExpExecArray | null;
    if ((match = /^Running \S+ test @ (\S+)/.exec(line))) output.url = match[1];
    else if ((match = /^\s*(\d+) threads? and (\d+) connections?/.exec(line)))
      [output.threads, output.connections] = [Number(match[1]), Number(match[2])];
    else if (/^\s*Latency Distribution/.test(line)) inDistribution = true;
    else if ((match = /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+%/.exec(line))) {
      const [mean, max] = [parseWrkTimeUs(match[1]!), parseWrkTimeUs(match[3]!)];
      if (mean !== undefined && max !== undefined) output.latencyRow = { meanUs: mean, maxUs: max };
    } else if (inDistribution && (match = /^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$/.exec(line))) {
      const us = parseWrkTimeUs(match[2]!);
      if (us !== undefined) output.percentilesUs.set(Number(match[1]), us);
    } else if ((match = /^\s*(\d+) requests in (\S+), /.exec(line))) {
      inDistribution = false;
      output.requests = Number(match[1]);
      const us = parseWrkTimeUs(match[2]!);
      if (us !== undefined) output.durationSeconds = us / 1e6;
    } else if ((match = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(line))) {
      output.socketErrors = {
        connect: Number(match[1]),
        read: Number(match[2]),
        write: Number(match[3]),
        timeout: Number(match[4]),
      };
    } else if ((match = /Non-2xx or 3xx responses: (\d+)/.exec(line))) output.statusErrors = Number(match[1]);
  }
  if (output.requests === undefined && output.done === undefined) {
    throw new UsageError(
      `${where} is not wrk output: no "N requests in T" line and no VERDICT_RESULT line`,
      'save what wrk prints (wrk ... > run.txt) and pass that file',
    );
  }
  return output;
}
