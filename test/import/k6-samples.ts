/**
 * Seeded k6 runs for the import tests, written as k6 writes them with `--out json=FILE`: Metric
 * declarations, then one Point a line for every sample of every metric (http_reqs, http_req_duration,
 * http_req_failed, checks, and the vus and data metrics an import must skip), times in RFC 3339
 * with nanoseconds. The test keeps every sample it wrote, so what the import computes can be
 * checked against the samples themselves.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { gaussian, seededRandom } from '../../src/measure/random.js';

export interface Sample {
  server: string;
  workload: string;
  level: number;
  /** Milliseconds, as k6 reports http_req_duration. */
  durationMs: number;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** k6's error code when no response arrived (1050 is a timeout). */
  errorCode?: string;
  /** Completion time, nanoseconds since the epoch (as a bigint: k6 writes nanoseconds). */
  timeNs: bigint;
  checkPassed: boolean;
  runner: number;
}

export interface CellSpec {
  server: string;
  workload: string;
  level: number;
  requests: number;
  /** Median latency in ms; the spread is log-normal (sigma 0.6) with a slow tail. */
  medianMs: number;
  ratePerSecond: number;
}

const START_NS = 1_796_000_000_000_000_000n; // 2026-11-29, in nanoseconds

/** Samples for each cell, spread at random over `runners` runners; a few 500s, refusals and timeouts. */
export function seededSamples(cells: CellSpec[], runners: number, seed: number): Sample[] {
  const random = seededRandom(seed);
  const samples: Sample[] = [];
  for (const cell of cells) {
    const intervalNs = BigInt(Math.round(1e9 / cell.ratePerSecond));
    for (let i = 0; i < cell.requests; i++) {
      const roll = random();
      const status = roll < 0.004 ? 0 : roll < 0.01 ? 500 : 200;
      // Log-normal body and, for 1% of requests, a tail up to 40x the median.
      const tail = random() < 0.01 ? 5 + 35 * random() : 1;
      const durationMs = Math.max(0.05, cell.medianMs * Math.exp(0.6 * gaussian(random)) * tail);
      samples.push({
        server: cell.server,
        workload: cell.workload,
        level: cell.level,
        durationMs: Math.round(durationMs * 1e6) / 1e6,
        status,
        ...(status === 0 ? { errorCode: random() < 0.5 ? '1050' : '1212' } : {}),
        timeNs: START_NS + BigInt(i) * intervalNs + BigInt(Math.floor(random() * Number(intervalNs))),
        checkPassed: status === 200,
        runner: Math.floor(random() * runners),
      });
    }
  }
  return samples;
}

/**
 * A k6 time: RFC 3339 with nanoseconds. `offsetMinutes` writes the same instant in another zone
 * (k6 writes the runner's local zone, so runners in different zones must still line up).
 */
export function k6Time(ns: bigint, offsetMinutes = 0): string {
  const shifted = ns + BigInt(offsetMinutes) * 60_000_000_000n;
  const ms = Number(shifted / 1_000_000n);
  const fraction = (shifted % 1_000_000_000n).toString().padStart(9, '0');
  const base = new Date(ms).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:` +
        `${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
  return `${base}.${fraction}${zone}`;
}

const METRICS = [
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  { name: 'checks', type: 'rate', contains: 'default' },
  { name: 'data_received', type: 'counter', contains: 'data' },
];

function point(metric: string, time: string, value: number, tags: Record<string, string> | null): string {
  return JSON.stringify({ metric, type: 'Point', data: { time, value, tags } });
}

export interface WriteOptions {
  /** The runner's time zone offset in minutes (0: UTC). */
  offsetMinutes?: number;
  /** Leave out these tags (to test the command-line fallbacks). */
  omitTags?: string[];
  /** Extra tags on every sample, e.g. { k6_version: 'v1.4.2' }. */
  extraTags?: Record<string, string>;
}

/** One runner's lines, in the order k6 writes them (its samples in time order). */
export function k6Lines(samples: readonly Sample[], options: WriteOptions = {}): string[] {
  const lines = METRICS.map((m) =>
    JSON.stringify({
      type: 'Metric',
      data: { name: m.name, type: m.type, contains: m.contains, thresholds: [], submetrics: null },
      metric: m.name,
    }),
  );
  const ordered = [...samples].sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  for (const [i, s] of ordered.entries()) {
    const time = k6Time(s.timeNs, options.offsetMinutes ?? 0);
    const url = `http://${s.server}.test:8080/api/users`;
    const all: Record<string, string> = {
      expected_response: String(s.status >= 200 && s.status < 400),
      group: '',
      method: 'GET',
      name: url,
      proto: 'HTTP/1.1',
      scenario: 'default',
      status: String(s.status),
      url,
      server: s.server,
      workload: s.workload,
      level: String(s.level),
      ...(s.errorCode ? { error_code: s.errorCode } : {}),
      ...options.extraTags,
    };
    const tags = Object.fromEntries(Object.entries(all).filter(([name]) => !options.omitTags?.includes(name)));
    if (i % 50 === 0) lines.push(point('vus', time, 10, null));
    lines.push(point('http_reqs', time, 1, tags));
    lines.push(point('http_req_duration', time, s.durationMs, tags));
    lines.push(point('http_req_failed', time, s.status === 0 || s.status >= 400 ? 1 : 0, tags));
    lines.push(point('data_received', time, 1234, tags));
    const checkTags = Object.fromEntries(
      Object.entries({
        group: '',
        scenario: 'default',
        check: 'status is 200',
        server: s.server,
        workload: s.workload,
        level: String(s.level),
        ...options.extraTags,
      }).filter(([name]) => !options.omitTags?.includes(name)),
    );
    lines.push(point('checks', time, s.checkPassed ? 1 : 0, checkTags));
  }
  return lines;
}

export function writeRunner(
  path: string,
  samples: readonly Sample[],
  options: WriteOptions & { gzip?: boolean } = {},
): void {
  const text = `${k6Lines(samples, options).join('\n')}\n`;
  writeFileSync(path, options.gzip ? gzipSync(text) : text);
}

/** The k-th smallest value with k = ceil(p/100 n), at least 1: the order statistic HDR's percentiles aim at. */
export function exactPercentile(sorted: readonly number[], percentile: number): number {
  // Less a hair, as HDR does: 99.9% of 20,000 is 19,980, not 19,981 by a floating-point ulp.
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length - 1e-7));
  return sorted[rank - 1]!;
}
