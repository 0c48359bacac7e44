/**
 * The measured figures as tables, one per workload and parameter set, one row per server and
 * level: the data behind the Markdown and HTML reports. Cells are plain text (not escaped);
 * each renderer escapes them for its format.
 */
import type { Results } from '../results/schema.js';
import { levelLabel } from '../claims/select.js';
import { formatMb, formatMs, formatPercent, formatRate, type Align } from '../util/format.js';
import { fieldSpread, groupCells, parameterKey, serverOrder, type CellGroup } from '../results/groups.js';

export interface TableData {
  workload: string;
  /** "users", "fanout (k=10)". */
  title: string;
  headers: string[];
  align: Align[];
  rows: string[][];
}

/** Metric names as column headings; unknown metrics keep their own name. */
const METRIC_LABELS: Record<string, string> = {
  kbPerConnection: 'KiB/conn',
  connectErrors: 'connect errors',
  messagesPerSecond: 'msg/s',
  deliveryP50Ms: 'delivery p50 ms',
  deliveryP99Ms: 'delivery p99 ms',
  rssBeforeMb: 'RSS before MB',
  rssAfterMb: 'RSS after MB',
  lagP50Ms: 'lag p50 ms',
  lagP99Ms: 'lag p99 ms',
  missedEvents: 'missed events',
  eventsDelivered: 'events',
  kbPerClient: 'KiB/client',
  dropped: 'dropped',
  broadcasts: 'broadcasts',
  lostDeliveries: 'lost deliveries',
  connectSeconds: 'connect s',
  serverBroadcastCpuPercent: 'server CPU % (broadcasts)',
  generatorBroadcastCpuPercent: 'generator CPU % (broadcasts)',
  permessageDeflate: 'permessage-deflate (0 = off)',
  sequenceGaps: 'sequence gaps',
  lateEvents: 'late events',
  windowEvents: 'events in window',
  serverWindowCpuPercent: 'server CPU % (window)',
  generatorWindowCpuPercent: 'generator CPU % (window)',
  targetRate: 'target req/s',
  achievedRate: 'achieved req/s',
  rateHeld: 'rate held',
  sentRate: 'sent req/s',
  closedModelMaxRate: 'closed-model max req/s',
  maxInFlight: 'most outstanding',
  queuedSends: 'sends that waited for a socket',
  sendLagP99Ms: 'send lag p99 ms',
  sendLagMaxMs: 'send lag max ms',
  warmupSeconds: 'warm-up s (unrecorded)',
  downstreamCallsPerRequest: 'calls/request',
  downstreamDelayMs: 'downstream delay ms',
  stubCpuPercent: 'stub CPU %',
};

export function metricLabel(name: string): string {
  return METRIC_LABELS[name] ?? name;
}

function formatMetric(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

/** What a group's trials came to when none completed. */
export function groupStatus(group: CellGroup): string | undefined {
  if (group.completed.length > 0) return undefined;
  const first = group.trials.find((c) => c.outcome !== 'completed');
  return `${first?.outcome ?? 'no trials'}${first?.reason ? `: ${first.reason}` : ''}`;
}

export function resultTables(results: Results): TableData[] {
  const groups = groupCells(results.cells);
  const order = serverOrder(results);
  const workloads = [...new Set([...results.plan.workloads, ...groups.map((g) => g.workload)])];
  const tables: TableData[] = [];
  for (const workload of workloads) {
    const own = groups.filter((g) => g.workload === workload);
    const sets = [...new Map(own.map((g) => [parameterKey(g.parameters), g.parameters])).keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const key of sets) {
      const these = own
        .filter((g) => parameterKey(g.parameters) === key)
        .sort((a, b) => order.indexOf(a.server) - order.indexOf(b.server) || a.connections - b.connections);
      const metrics = [...new Set(these.flatMap((g) => g.completed.flatMap((c) => Object.keys(c.metrics))))];
      const headers = ['server', levelLabel(workload), 'trials', 'req/s median (min–max)', 'p50', 'p99', 'errors', 'non-2xx', 'CPU', 'RSS', ...metrics.map(metricLabel)];
      const rows = these.map((g) => {
        const status = groupStatus(g);
        const median = (pick: Parameters<typeof fieldSpread>[1]) => fieldSpread(g, pick)?.median;
        if (status) return [g.server, String(g.connections), `0 of ${g.trials.length}`, status, ...Array<string>(6 + metrics.length).fill('–')];
        const rps = fieldSpread(g, (c) => c.requestsPerSecond);
        return [
          g.server,
          String(g.connections),
          g.completed.length === g.trials.length ? String(g.trials.length) : `${g.completed.length} of ${g.trials.length}`,
          rps ? (rps.n > 1 ? `${formatRate(rps.median)} (${formatRate(rps.min)}–${formatRate(rps.max)})` : formatRate(rps.median)) : '–',
          formatMs(median((c) => c.latencyMs?.p50)),
          formatMs(median((c) => c.latencyMs?.p99)),
          String(g.completed.reduce((sum, c) => sum + c.errors + c.timeouts, 0)),
          String(g.completed.reduce((sum, c) => sum + c.non2xx, 0)),
          formatPercent(median((c) => c.serverCpuPercent)),
          formatMb(median((c) => c.serverRssMb)),
          ...metrics.map((m) => {
            const value = median((c) => c.metrics[m]);
            return value === undefined ? '–' : formatMetric(value);
          }),
        ];
      });
      tables.push({ workload, title: key ? `${workload} (${key.replaceAll(',', ', ')})` : workload, headers, align: headers.map((_, i) => (i === 0 ? 'left' : 'right')), rows });
    }
  }
  return tables;
}

export interface ErroredCell {
  server: string;
  workload: string;
  parameters: string;
  connections: number;
  trial: number;
  reason: string;
  /** The server's last log lines, as captured (untrusted text: escape before showing). */
  logTail: string[];
}

/** Every errored trial with its reason and the server's last log lines. */
export function erroredCells(results: Results): ErroredCell[] {
  return results.cells
    .filter((c) => c.outcome === 'errored')
    .map((c) => ({ server: c.server, workload: c.workload, parameters: parameterKey(c.parameters), connections: c.connections, trial: c.round, reason: c.reason ?? '', logTail: c.logTail }));
}
