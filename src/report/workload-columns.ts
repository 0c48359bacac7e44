/**
 * How a workload's table in the terminal summary differs from the generic one (req/s, p50, p99,
 * errors, non-2xx, CPU, RSS, of ceiling): columns added from each cell's metrics, generic columns
 * renamed (a websocket's "req/s" is broadcast deliveries per second) or hidden (no database
 * ceiling behind a websocket), the word for its level, and whether a cell keeps the server busy
 * throughout (a paced load, such as a fixed event rate or an open-model schedule, or a cell that
 * spends part of its time holding idle connections, does not: an underused CPU is expected
 * there). All of it is read from the results file's plan (plan.workloadFacts), where the bench
 * wrote it from the workload's definition (src/workloads/*, `report`).
 */
import {
  GENERIC_COLUMNS,
  type CompletedCell,
  type ExtraColumn,
  type Results,
  type WorkloadFacts,
} from '../results/schema.js';
import { isMetricName, metricSpec } from '../results/metrics.js';
import { factsOf } from '../results/workload-facts.js';
import { formatMs, type Align } from '../util/format.js';
import { fieldSpread, type CellGroup } from '../results/groups.js';

export { GENERIC_COLUMNS, type GenericColumn } from '../results/schema.js';

/** The latency percentiles an extra column may show, with their headings. */
const LATENCY_HEADERS = { p90: 'p90', p999: 'p99.9', max: 'max' } as const;

interface ColumnReader {
  header: string;
  /** The figure of one trial; the table shows the median over the group's completed trials. */
  pick(cell: CompletedCell): number | null | undefined;
  format(value: number): string;
}

function reader(column: ExtraColumn): ColumnReader {
  if ('latency' in column)
    return {
      header: LATENCY_HEADERS[column.latency],
      pick: (cell) => cell.latencyMs?.[column.latency],
      format: formatMs,
    };
  const name = column.metric;
  if (!isMetricName(name)) return { header: name, pick: (cell) => cell.metrics[name], format: String };
  const spec = metricSpec(name);
  return { header: spec.column ?? spec.label, pick: (cell) => cell.metrics[name], format: spec.format };
}

/** A workload's columns and level word, as its results file's plan records them. */
export function workloadColumns(
  results: Pick<Results, 'plan'>,
  workload: string,
): WorkloadFacts['columns'] & { levelLabel: string } {
  const facts = factsOf(results.plan, workload);
  return { ...facts.columns, levelLabel: facts.levelLabel };
}

/**
 * Applies a workload's columns to a generic level table whose columns are GENERIC_COLUMNS in
 * order and whose rows belong to `groups`, in the same order.
 */
export function shapeTable(
  results: Pick<Results, 'plan'>,
  workload: string,
  table: { headers: string[]; align: Align[]; rows: string[][] },
  groups: readonly CellGroup[],
): { headers: string[]; align: Align[]; rows: string[][] } {
  const spec = workloadColumns(results, workload);
  const keep = GENERIC_COLUMNS.map((column) => !spec.hide.includes(column));
  const headers = table.headers.map((h, i) => spec.rename[GENERIC_COLUMNS[i]!] ?? h).filter((_, i) => keep[i]);
  const align = table.align.filter((_, i) => keep[i]);
  const rows = table.rows.map((row) => row.filter((_, i) => keep[i]));
  for (const column of spec.extra.map(reader)) {
    headers.push(column.header);
    align.push('right');
    rows.forEach((row, i) => {
      const value = groups[i] ? fieldSpread(groups[i]!, column.pick)?.median : undefined;
      row.push(value === undefined ? '–' : column.format(value));
    });
  }
  return { headers, align, rows };
}
