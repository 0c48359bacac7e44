/**
 * The figures a claim can be judged on, read from one cell. Each says its unit and which way is
 * better, so a ratio can always be oriented "better side over worse side".
 */
import { METRICS, type MetricName } from '../results/metrics.js';
import type { CompletedCell } from '../results/schema.js';

export type FigureId =
  | 'goodput'
  | 'latency-p50'
  | 'latency-p99'
  | 'failure-share'
  | 'kb-per-connection'
  | 'connect-error-share'
  | 'messages-per-second'
  | 'delivery-p99'
  | 'delivery-p99-due'
  | 'lag-p99'
  | 'lag-p99-due'
  | 'missed-share';

export interface Figure {
  id: FigureId;
  /** As printed in tables: "2xx req/s". */
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  pick(cell: CompletedCell): number | null;
}

/** Above this share of missed events, a delivered-only lag p99 no longer describes the stream. */
const MISSED_EVENTS_FOR_LAG = 0.01;

const metric = (cell: CompletedCell, name: MetricName): number | null => {
  const value = cell.metrics[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/**
 * A figure read from one metric, or derived from it: its unit and direction are the metric's (src/results/metrics.ts).
 */
function fromMetric(name: MetricName): Pick<Figure, 'unit' | 'better' | 'pick'> {
  const { unit, better } = METRICS[name];
  if (better === 'neither') throw new Error(`metric ${name} has no better direction, so no claim can be judged on it`);
  return { unit, better, pick: (c) => metric(c, name) };
}

/** A tail latency over everything that was due: past 1% lost, at least the whole cell. */
function withLossAsWindow(cell: CompletedCell, p99: number | null, lostShare: number | null): number | null {
  if (p99 === null || lostShare === null) return p99;
  return lostShare > MISSED_EVENTS_FOR_LAG ? Math.max(p99, cell.durationSeconds * 1000) : p99;
}

export const FIGURES: Record<FigureId, Figure> = {
  goodput: {
    id: 'goodput',
    label: '2xx req/s',
    unit: 'req/s',
    better: 'higher',
    // Successful responses per second: a server answering fast with 500s must not look fast.
    pick: (c) =>
      c.requestsPerSecond === null
        ? null
        : c.requests > 0
          ? (c.requestsPerSecond * (c.requests - c.non2xx)) / c.requests
          : 0,
  },
  'latency-p50': {
    id: 'latency-p50',
    label: 'p50 latency',
    unit: 'ms',
    better: 'lower',
    pick: (c) => c.latencyMs?.p50 ?? null,
  },
  'latency-p99': {
    id: 'latency-p99',
    label: 'p99 latency',
    unit: 'ms',
    better: 'lower',
    pick: (c) => c.latencyMs?.p99 ?? null,
  },
  'failure-share': {
    id: 'failure-share',
    label: 'failed requests',
    unit: 'share',
    better: 'lower',
    pick: (c) => {
      const attempts = c.requests + c.errors + c.timeouts;
      return attempts > 0 ? (c.errors + c.timeouts + c.non2xx) / attempts : null;
    },
  },
  'kb-per-connection': { id: 'kb-per-connection', label: 'KiB per connection', ...fromMetric('kbPerConnection') },
  'connect-error-share': {
    id: 'connect-error-share',
    label: 'connections refused',
    unit: 'share',
    better: 'lower',
    pick: (c) => {
      const errors = metric(c, 'connectErrors');
      return errors === null || c.connections === 0 ? null : errors / c.connections;
    },
  },
  'messages-per-second': {
    id: 'messages-per-second',
    label: 'deliveries/s',
    ...fromMetric('messagesPerSecond'),
    pick: (c) => metric(c, 'messagesPerSecond') ?? c.requestsPerSecond,
  },
  'delivery-p99': { id: 'delivery-p99', label: 'delivery p99', ...fromMetric('deliveryP99Ms') },
  'delivery-p99-due': {
    id: 'delivery-p99-due',
    label: 'delivery p99, refused connections included',
    ...fromMetric('deliveryP99Ms'),
    // As lag-p99-due: a client that was refused never receives a broadcast, so once more than 1%
    // are refused the p99 over every client due a message is at least the whole cell.
    pick: (c) => {
      const refused = metric(c, 'connectErrors');
      return withLossAsWindow(
        c,
        metric(c, 'deliveryP99Ms'),
        refused === null || c.connections === 0 ? null : refused / c.connections,
      );
    },
  },
  'lag-p99': { id: 'lag-p99', label: 'SSE lag p99', ...fromMetric('lagP99Ms') },
  'lag-p99-due': {
    id: 'lag-p99-due',
    label: 'SSE lag p99, missed events included',
    ...fromMetric('lagP99Ms'),
    // The lag p99 of delivered events flatters a server that drops clients or events: it is
    // measured only on what arrived. Over every event that was due, a missed event never arrives,
    // so once more than 1% are missed the p99 is at least the whole hold window; at 1% or less the
    // delivered events' p99 stands in for it.
    pick: (c) => {
      const missed = metric(c, 'missedEvents');
      const delivered = metric(c, 'eventsDelivered');
      return withLossAsWindow(
        c,
        metric(c, 'lagP99Ms'),
        missed === null || delivered === null || missed + delivered === 0 ? null : missed / (missed + delivered),
      );
    },
  },
  'missed-share': {
    id: 'missed-share',
    label: 'events missed',
    unit: 'share',
    better: 'lower',
    pick: (c) => {
      const missed = metric(c, 'missedEvents');
      const delivered = metric(c, 'eventsDelivered');
      if (missed === null || delivered === null) return null;
      return missed + delivered > 0 ? missed / (missed + delivered) : null;
    },
  },
};
