/**
 * The measured figures as tables, one per workload and parameter set, one row per server and
 * level: the data behind the Markdown and HTML reports. Cells are plain text (not escaped);
 * each renderer escapes them for its format.
 */
import { isErrored, whyNotCompleted, type Results } from '../results/schema.js';
import { formatMetricValue, metricLabel } from '../results/metrics.js';
import { levelLabelOf } from '../results/workload-facts.js';
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

/** What a group's trials came to when none completed. */
export function groupStatus(group: CellGroup): string | undefined {
  if (group.completed.length > 0) return undefined;
  const first = group.trials.find((c) => c.outcome !== 'completed');
  return first ? `${first.outcome}: ${whyNotCompleted(first)}` : 'no trials';
}

export function resultTables(results: Results): TableData[] {
  const groups = groupCells(results.cells);
  const order = serverOrder(results);
  const workloads = [...new Set([...results.plan.workloads, ...groups.map((g) => g.workload)])];
  const tables: TableData[] = [];
  for (const workload of workloads) {
    const own = groups.filter((g) => g.workload === workload);
    const sets = [...new Map(own.map((g) => [parameterKey(g.parameters), g.parameters])).keys()].sort((a, b) =>
      a.localeCompare(b, 'en', { numeric: true }),
    );
    for (const key of sets) {
      const these = own
        .filter((g) => parameterKey(g.parameters) === key)
        .sort((a, b) => order.indexOf(a.server) - order.indexOf(b.server) || a.connections - b.connections);
      const metrics = [...new Set(these.flatMap((g) => g.completed.flatMap((c) => Object.keys(c.metrics))))];
      const headers = [
        'server',
        levelLabelOf(results.plan, workload),
        'trials',
        'req/s median (min–max)',
        'p50',
        'p99',
        'errors',
        'non-2xx',
        'CPU',
        'RSS',
        ...metrics.map(metricLabel),
      ];
      const rows = these.map((g) => {
        const status = groupStatus(g);
        const median = (pick: Parameters<typeof fieldSpread>[1]) => fieldSpread(g, pick)?.median;
        if (status)
          return [
            g.server,
            String(g.connections),
            `0 of ${g.trials.length}`,
            status,
            ...Array<string>(6 + metrics.length).fill('–'),
          ];
        const rps = fieldSpread(g, (c) => c.requestsPerSecond);
        return [
          g.server,
          String(g.connections),
          g.completed.length === g.trials.length
            ? String(g.trials.length)
            : `${g.completed.length} of ${g.trials.length}`,
          rps
            ? rps.n > 1
              ? `${formatRate(rps.median)} (${formatRate(rps.min)}–${formatRate(rps.max)})`
              : formatRate(rps.median)
            : '–',
          formatMs(median((c) => c.latencyMs?.p50)),
          formatMs(median((c) => c.latencyMs?.p99)),
          String(g.completed.reduce((sum, c) => sum + c.errors + c.timeouts, 0)),
          String(g.completed.reduce((sum, c) => sum + c.non2xx, 0)),
          formatPercent(median((c) => c.serverCpuPercent)),
          formatMb(median((c) => c.serverRssMb)),
          ...metrics.map((m) => {
            const value = median((c) => c.metrics[m]);
            return value === undefined ? '–' : formatMetricValue(value);
          }),
        ];
      });
      tables.push({
        workload,
        title: key ? `${workload} (${key.replaceAll(',', ', ')})` : workload,
        headers,
        align: headers.map((_, i) => (i === 0 ? 'left' : 'right')),
        rows,
      });
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
  return results.cells.filter(isErrored).map((c) => ({
    server: c.server,
    workload: c.workload,
    parameters: parameterKey(c.parameters),
    connections: c.connections,
    trial: c.round,
    reason: c.reason,
    logTail: c.logTail,
  }));
}
