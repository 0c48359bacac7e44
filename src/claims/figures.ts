/**
 * The figures a claim can be judged on, read from one cell. Each says its unit and which way is
 * better, so a ratio can always be oriented "better side over worse side".
 */
import type { Cell } from '../results/schema.js';

export type FigureId =
  | 'goodput'
  | 'latency-p99'
  | 'failure-share'
  | 'kb-per-connection'
  | 'connect-error-share'
  | 'messages-per-second'
  | 'delivery-p99'
  | 'lag-p99'
  | 'missed-share';

export interface Figure {
  id: FigureId;
  /** As printed in tables: "2xx req/s". */
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  pick(cell: Cell): number | null;
}

const metric = (cell: Cell, name: string): number | null => {
  const value = cell.metrics[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

export const FIGURES: Record<FigureId, Figure> = {
  goodput: {
    id: 'goodput',
    label: '2xx req/s',
    unit: 'req/s',
    better: 'higher',
    // Successful responses per second: a server answering fast with 500s must not look fast.
    pick: (c) => (c.requestsPerSecond === null ? null : c.requests > 0 ? (c.requestsPerSecond * (c.requests - c.non2xx)) / c.requests : 0),
  },
  'latency-p99': { id: 'latency-p99', label: 'p99 latency', unit: 'ms', better: 'lower', pick: (c) => c.latencyMs?.p99 ?? null },
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
  'kb-per-connection': { id: 'kb-per-connection', label: 'KiB per connection', unit: 'KiB', better: 'lower', pick: (c) => metric(c, 'kbPerConnection') },
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
  'messages-per-second': { id: 'messages-per-second', label: 'deliveries/s', unit: 'msg/s', better: 'higher', pick: (c) => metric(c, 'messagesPerSecond') ?? c.requestsPerSecond },
  'delivery-p99': { id: 'delivery-p99', label: 'delivery p99', unit: 'ms', better: 'lower', pick: (c) => metric(c, 'deliveryP99Ms') },
  'lag-p99': { id: 'lag-p99', label: 'SSE lag p99', unit: 'ms', better: 'lower', pick: (c) => metric(c, 'lagP99Ms') },
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
