/**
 * How a workload's table in the terminal summary differs from the generic one (req/s, p50, p99,
 * errors, non-2xx, CPU, RSS, of ceiling): columns added from each cell's metrics, generic columns
 * renamed (a websocket's "req/s" is broadcast deliveries per second) or hidden (no database
 * ceiling behind a websocket), the word for its level, and whether a cell keeps the server busy
 * throughout (a paced load, such as a fixed event rate or an open-model schedule, or a cell that
 * spends part of its time holding idle connections, does not: an underused CPU is expected
 * there). A workload with nothing special needs no entry. Add yours here.
 */
import type { Cell } from '../results/schema.js';
import { formatInteger, formatMs, formatPercent, formatRate, type Align } from '../util/format.js';
import { fieldSpread, type CellGroup } from '../results/groups.js';

/** The generic columns of a level table, in order. */
export const GENERIC_COLUMNS = ['server', 'rate', 'p50', 'p99', 'errors', 'non2xx', 'cpu', 'rss', 'ceiling'] as const;
export type GenericColumn = (typeof GENERIC_COLUMNS)[number];

export interface ExtraColumn {
  header: string;
  /** The figure of one trial; the table shows the median over the group's completed trials. */
  pick(cell: Cell): number | null | undefined;
  format(value: number): string;
}

export interface WorkloadColumns {
  /** "clients" instead of "connections" in the table's title. */
  levelLabel?: string;
  rename?: Partial<Record<GenericColumn, string>>;
  hide?: GenericColumn[];
  extra?: ExtraColumn[];
  /** False when a server below its CPU share is expected (paced load, idle phases), not waiting on anything. */
  keepsServerBusy?: boolean;
  /** Relative throughput lines mean nothing when the pace fixes the rate. */
  relativeThroughput?: boolean;
}

const metric = (name: string) => (cell: Cell) => cell.metrics[name];
const kib = (value: number) => `${value.toFixed(1)} KiB`;
const count = (value: number) => formatInteger(value);

/**
 * The open model: the generic req/s is the achieved rate and p50/p99 run from the intended send
 * time (free of coordinated omission); beside them the rate asked for, whether it was held (within
 * 2%), the rest of the tail, and how late the generator itself sent (its share of the latency).
 * The schedule paces the load, so an idle server CPU is expected; no database ceiling applies.
 */
const openModel: WorkloadColumns = {
  rename: { rate: 'achieved req/s (min–max)', p50: 'p50 (CO-free)', p99: 'p99 (CO-free)' },
  // Memory is not what the open model asks about; the table is wide enough without it.
  hide: ['rss', 'ceiling'],
  extra: [
    { header: 'target req/s', pick: metric('targetRate'), format: formatRate },
    { header: 'held', pick: metric('rateHeld'), format: (value) => (value >= 1 ? 'yes' : value <= 0 ? 'no' : 'some trials') },
    { header: 'p90', pick: (cell) => cell.latencyMs?.p90, format: formatMs },
    { header: 'p99.9', pick: (cell) => cell.latencyMs?.p999, format: formatMs },
    { header: 'max', pick: (cell) => cell.latencyMs?.max, format: formatMs },
    { header: 'generator lag p99', pick: metric('sendLagP99Ms'), format: formatMs },
  ],
  keepsServerBusy: false,
  levelLabel: 'req/s offered',
  // Every server is offered the same rate: achieved rates are equal while held, so latency is the comparison.
  relativeThroughput: false,
};

export const WORKLOAD_COLUMNS: Record<string, WorkloadColumns> = {
  // A different query from the users ceiling's (pgbench runs the users query).
  'user-by-id': { hide: ['ceiling'] },
  'users-open': openModel,
  'user-by-id-open': openModel,
  fanout: {
    // No database behind it; calls per request are counted at the downstream stub (K when every
    // call was made), and the stub's CPU shows it was not the bottleneck. At small K the 20 ms
    // downstream delay, not the CPU, sets the pace, so an idle server CPU is expected.
    hide: ['ceiling'],
    extra: [
      { header: 'calls/request', pick: metric('downstreamCallsPerRequest'), format: (value) => value.toFixed(2) },
      { header: 'stub CPU', pick: metric('stubCpuPercent'), format: formatPercent },
    ],
    keepsServerBusy: false,
  },
  websocket: {
    rename: { rate: 'deliveries/s (min–max)', p50: 'delivery p50', p99: 'delivery p99' },
    hide: ['non2xx', 'ceiling'],
    extra: [
      { header: 'KiB/conn', pick: metric('kbPerConnection'), format: kib },
      { header: 'refused', pick: metric('connectErrors'), format: count },
    ],
    // Connecting, holding and reading memory take most of a cell; the broadcasts' own CPU is in
    // metrics.serverBroadcastCpuPercent.
    keepsServerBusy: false,
  },
  sse: {
    levelLabel: 'clients',
    rename: { rate: 'events/s (min–max)', p50: 'lag p50', p99: 'lag p99' },
    hide: ['non2xx', 'ceiling'],
    extra: [
      { header: 'missed', pick: metric('missedEvents'), format: count },
      { header: 'KiB/client', pick: metric('kbPerClient'), format: kib },
      { header: 'refused', pick: metric('connectErrors'), format: count },
    ],
    keepsServerBusy: false,
    relativeThroughput: false,
  },
  compute: {
    // No database behind it. The server's CPU per request (over the load and the drain of the
    // requests it had accepted) is the figure the machine's other load moves least.
    hide: ['ceiling'],
    extra: [{ header: 'CPU/request', pick: metric('cpuMsPerRequest'), format: formatMs }],
  },
};

export function workloadColumns(workload: string): WorkloadColumns {
  return WORKLOAD_COLUMNS[workload] ?? {};
}

/**
 * Applies a workload's columns to a generic level table whose columns are GENERIC_COLUMNS in
 * order and whose rows belong to `groups`, in the same order.
 */
export function shapeTable(workload: string, table: { headers: string[]; align: Align[]; rows: string[][] }, groups: readonly CellGroup[]): { headers: string[]; align: Align[]; rows: string[][] } {
  const spec = workloadColumns(workload);
  const keep = GENERIC_COLUMNS.map((column) => !spec.hide?.includes(column));
  const headers = table.headers.map((h, i) => spec.rename?.[GENERIC_COLUMNS[i]!] ?? h).filter((_, i) => keep[i]);
  const align = table.align.filter((_, i) => keep[i]);
  const rows = table.rows.map((row) => row.filter((_, i) => keep[i]));
  for (const column of spec.extra ?? []) {
    headers.push(column.header);
    align.push('right');
    rows.forEach((row, i) => {
      const value = groups[i] ? fieldSpread(groups[i]!, column.pick)?.median : undefined;
      row.push(value === undefined ? '–' : column.format(value));
    });
  }
  return { headers, align, rows };
}
