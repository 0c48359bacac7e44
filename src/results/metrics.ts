/**
 * Every figure a cell's `metrics` record can hold, in one place: its heading, unit, which way is
 * better and how to print it. Writers (src/workloads, src/bench, src/import) and readers (report
 * tables and charts, claims, decide) name metrics by MetricName, so a misspelt name is a compile
 * error instead of a column or a check that silently never appears.
 *
 * A new metric is added here first; the results table, the terminal columns and the charts then
 * read its heading and format from its entry.
 */
import { formatInteger, formatMs, formatPercent, formatRate } from '../util/format.js';

export interface MetricSpec {
  /**
   * Its heading in the report's results table. Figures that were never given a heading there
   * (imported counts, wrk's own percentiles, some diagnostics) keep their recorded name.
   */
  label: string;
  /** A shorter heading for the terminal's narrow level tables, when one is shown there. */
  column?: string;
  /** What one unit is: 'ms', 'KiB', 'req/s', 'count', '%' (of one core), 's', 'MB', 'flag' (1 = yes). */
  unit: string;
  /** Which way is better; 'neither' for settings and facts of the run (the offered rate, the stub's delay). */
  better: 'higher' | 'lower' | 'neither';
  /** The value as the terminal and the decide page print it, unit included. */
  format(value: number): string;
  /**
   * True when it is read from the server's own process (its memory or CPU): a targets run, whose
   * servers verdict did not start, cannot know it and records null.
   */
  serverProcess?: boolean;
  /**
   * Its bar chart in the HTML report (memory per connection, delivery latency): the chart's id prefix, title and y
   * axis.
   */
  chart?: { id: string; title: string; axis: string };
}

const kib = (value: number) => `${value.toFixed(1)} KiB`;
const count = (value: number) => formatInteger(value);
const seconds = (value: number) => `${value.toFixed(1)} s`;
const mb = (value: number) => `${value.toFixed(1)} MB`;

export const METRICS = {
  // Every HTTP cell (src/workloads/http-measurement.ts).
  unfinishedRequests: { label: 'unfinishedRequests', unit: 'count', better: 'lower', format: count },
  // The bench, when it watched the generator's core (src/bench/run.ts).
  generatorCoreBusyPercent: { label: 'generatorCoreBusyPercent', unit: '%', better: 'lower', format: formatPercent },

  // fanout
  downstreamCallsPerRequest: {
    label: 'calls/request',
    column: 'calls/request',
    unit: 'calls',
    better: 'neither',
    format: (value) => value.toFixed(2),
  },
  downstreamDelayMs: { label: 'downstream delay ms', unit: 'ms', better: 'neither', format: formatMs },
  stubCpuPercent: { label: 'stub CPU %', column: 'stub CPU', unit: '%', better: 'lower', format: formatPercent },

  // compute
  cpuMsPerRequest: {
    label: 'cpuMsPerRequest',
    column: 'CPU/request',
    unit: 'ms',
    better: 'lower',
    format: formatMs,
    serverProcess: true,
  },
  drainSeconds: { label: 'drainSeconds', unit: 's', better: 'lower', format: seconds },

  // users-open, user-by-id-open
  targetRate: { label: 'target req/s', column: 'target req/s', unit: 'req/s', better: 'neither', format: formatRate },
  achievedRate: { label: 'achieved req/s', unit: 'req/s', better: 'higher', format: formatRate },
  rateHeld: {
    label: 'rate held',
    column: 'held',
    unit: 'flag',
    better: 'higher',
    format: (value) => (value >= 1 ? 'yes' : value <= 0 ? 'no' : 'some trials'),
  },
  sentRate: { label: 'sent req/s', unit: 'req/s', better: 'neither', format: formatRate },
  sockets: { label: 'sockets', unit: 'count', better: 'neither', format: count },
  maxInFlight: { label: 'most outstanding', unit: 'count', better: 'neither', format: count },
  queuedSends: { label: 'sends that waited for a socket', unit: 'count', better: 'lower', format: count },
  sendLagP99Ms: {
    label: 'send lag p99 ms',
    column: 'generator lag p99',
    unit: 'ms',
    better: 'lower',
    format: formatMs,
  },
  sendLagMaxMs: { label: 'send lag max ms', unit: 'ms', better: 'lower', format: formatMs },
  warmupSeconds: { label: 'warm-up s (unrecorded)', unit: 's', better: 'neither', format: seconds },

  // websocket and sse (held connections)
  connectErrors: { label: 'connect errors', column: 'refused', unit: 'count', better: 'lower', format: count },
  dropped: { label: 'dropped', unit: 'count', better: 'lower', format: count },
  rssBeforeMb: { label: 'RSS before MB', unit: 'MB', better: 'lower', format: mb, serverProcess: true },
  rssAfterMb: { label: 'RSS after MB', unit: 'MB', better: 'lower', format: mb, serverProcess: true },
  connectSeconds: { label: 'connect s', unit: 's', better: 'lower', format: seconds },

  // websocket
  kbPerConnection: {
    label: 'KiB/conn',
    column: 'KiB/conn',
    unit: 'KiB',
    better: 'lower',
    format: kib,
    serverProcess: true,
    chart: { id: 'memory', title: 'Server memory per websocket connection', axis: 'KiB per connection (RSS growth)' },
  },
  messagesPerSecond: { label: 'msg/s', unit: 'msg/s', better: 'higher', format: formatRate },
  deliveryP50Ms: { label: 'delivery p50 ms', unit: 'ms', better: 'lower', format: formatMs },
  deliveryP99Ms: {
    label: 'delivery p99 ms',
    unit: 'ms',
    better: 'lower',
    format: formatMs,
    chart: { id: 'delivery', title: 'Websocket broadcast delivery latency, p99', axis: 'ms' },
  },
  broadcasts: { label: 'broadcasts', unit: 'count', better: 'neither', format: count },
  lostDeliveries: { label: 'lost deliveries', unit: 'count', better: 'lower', format: count },
  serverBroadcastCpuPercent: {
    label: 'server CPU % (broadcasts)',
    unit: '%',
    better: 'neither',
    format: formatPercent,
    serverProcess: true,
  },
  generatorBroadcastCpuPercent: {
    label: 'generator CPU % (broadcasts)',
    unit: '%',
    better: 'neither',
    format: formatPercent,
  },
  permessageDeflate: {
    label: 'permessage-deflate (0 = off)',
    unit: 'flag',
    better: 'neither',
    format: (value) => (value >= 1 ? 'on' : 'off'),
  },

  // sse
  lagP50Ms: { label: 'lag p50 ms', unit: 'ms', better: 'lower', format: formatMs },
  lagP99Ms: {
    label: 'lag p99 ms',
    unit: 'ms',
    better: 'lower',
    format: formatMs,
    chart: { id: 'lag', title: 'Server-sent events delivery lag, p99', axis: 'ms' },
  },
  missedEvents: { label: 'missed events', column: 'missed', unit: 'count', better: 'lower', format: count },
  eventsDelivered: { label: 'events', unit: 'count', better: 'higher', format: count },
  kbPerClient: {
    label: 'KiB/client',
    column: 'KiB/client',
    unit: 'KiB',
    better: 'lower',
    format: kib,
    serverProcess: true,
    chart: { id: 'memory', title: 'Server memory per SSE client', axis: 'KiB per client (RSS growth)' },
  },
  sequenceGaps: { label: 'sequence gaps', unit: 'count', better: 'lower', format: count },
  lateEvents: { label: 'late events', unit: 'count', better: 'lower', format: count },
  windowEvents: { label: 'events in window', unit: 'count', better: 'neither', format: count },
  serverWindowCpuPercent: {
    label: 'server CPU % (window)',
    unit: '%',
    better: 'neither',
    format: formatPercent,
    serverProcess: true,
  },
  generatorWindowCpuPercent: { label: 'generator CPU % (window)', unit: '%', better: 'neither', format: formatPercent },

  // `verdict import k6` (src/import/cells.ts)
  failedRequests: { label: 'failedRequests', unit: 'count', better: 'lower', format: count },
  checksPassed: { label: 'checksPassed', unit: 'count', better: 'higher', format: count },
  checksFailed: { label: 'checksFailed', unit: 'count', better: 'lower', format: count },
  runners: { label: 'runners', unit: 'count', better: 'neither', format: count },

  // `verdict import wrk` from wrk's text summary (no p99.9): its own percentiles (src/import/wrk.ts).
  latencyP50Ms: { label: 'latencyP50Ms', unit: 'ms', better: 'lower', format: formatMs },
  latencyP75Ms: { label: 'latencyP75Ms', unit: 'ms', better: 'lower', format: formatMs },
  latencyP90Ms: { label: 'latencyP90Ms', unit: 'ms', better: 'lower', format: formatMs },
  latencyP99Ms: { label: 'latencyP99Ms', unit: 'ms', better: 'lower', format: formatMs },
  latencyMeanMs: { label: 'latencyMeanMs', unit: 'ms', better: 'lower', format: formatMs },
  latencyMaxMs: { label: 'latencyMaxMs', unit: 'ms', better: 'lower', format: formatMs },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

/** What a workload, the bench or an import writes into a cell's `metrics`. */
export type MetricValues = Partial<Record<MetricName, number | null>>;

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function metricSpec(name: MetricName): MetricSpec {
  return METRICS[name];
}

/** A metric's table heading; a name not in the registry (a file from elsewhere) is its own heading. */
export function metricLabel(name: string): string {
  return isMetricName(name) ? METRICS[name].label : name;
}

/** One metric of a cell: undefined when the cell did not record it, null when it could not know. */
export function metricOf(
  cell: { metrics?: Record<string, number | null> },
  name: MetricName,
): number | null | undefined {
  return cell.metrics?.[name];
}

/**
 * The results table prints every metric alike, whatever its unit (the heading carries it):
 * integers grouped by thousands, other values to three significant digits, whole from 100 up.
 */
export function formatMetricValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}
