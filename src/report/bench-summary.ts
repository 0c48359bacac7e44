/**
 * The terminal summary of a run: context, then per workload and level a table of servers, then
 * the relative lines. A pure function of the results file, so it is tested with exact text.
 */
import { palette, type Palette } from '../core/output.js';
import { indicativeNote, isIndicative } from '../claims/indicative.js';
import { calibrationRows } from '../calibrate/render.js';
import type { Results } from '../results/schema.js';
import { compareServers, describeComparison } from './comparisons.js';
import { describeFrameworkCost, frameworkCosts } from './framework-cost.js';
import { formatMb, formatMs, formatPercent, formatRate, renderTable } from '../util/format.js';
import {
  fieldSpread,
  groupCells,
  notImplemented,
  parameterKey,
  serverOrder,
  type CellGroup,
} from '../results/groups.js';
import type { Warning } from './warnings.js';
import { shapeTable, workloadColumns } from './workload-columns.js';
import { sourceRows } from './source-rows.js';

export function renderContext(results: Results): string {
  const env = results.environment;
  const pools = [...new Set(results.servers.map((s) => s.poolSize).filter((p): p is number => p !== null))];
  return [
    `${env.cpuModel}, ${env.cores} cores, ${env.memoryMb.toLocaleString('en-US')} MB · ${env.os} · Node ` +
      `${env.node} · Python ${env.python ?? '–'} · PostgreSQL ${env.postgres} (` +
      `${env.database.embedded ? 'embedded' : 'external'}, ${env.database.rows.toLocaleString('en-US')} rows)`,
    `${env.pinning.note}; load from ${env.loadGenerator.driver} ${env.loadGenerator.version}; ` +
      `${env.processModel}${pools.length ? `; pool size ${pools.join('/')}` : ''}`,
    `${roundsText(results.plan.rounds, results.plan.durationSeconds)} after ${results.plan.warmupSeconds} s ` +
      `warm-up${ownRounds(results)}; seed ${results.plan.seed}; status ${results.status}`,
    ...(results.calibration
      ? calibrationRows(results.calibration, env.loadGenerator.driver).map(([label, text]) => `${label}: ${text}`)
      : []),
    ...(isIndicative(results.plan) ? [indicativeNote(results.plan)] : []),
    ...sourceRows(results).map(([label, text]) => `${label}: ${text}`),
  ].join('\n');
}

const roundsText = (rounds: number, seconds: number) =>
  `${rounds} interleaved round${rounds === 1 ? '' : 's'} of ${seconds} s trials`;

/** The workloads whose rounds or seconds per trial differ from the plan's (kept short for the time budget). */
function ownRounds(results: Results): string {
  const { plan } = results;
  const own = plan.workloads
    .map((w) => ({
      w,
      rounds: plan.roundsByWorkload[w] ?? plan.rounds,
      seconds: plan.durationByWorkload[w] ?? plan.durationSeconds,
    }))
    .filter((x) => x.rounds !== plan.rounds || x.seconds !== plan.durationSeconds);
  return own.length ? ` (${own.map((x) => `${x.w}: ${roundsText(x.rounds, x.seconds)}`).join(', ')})` : '';
}

function rangeText(group: CellGroup): string {
  const rps = fieldSpread(group, (c) => c.requestsPerSecond);
  if (!rps) return group.trials[0]?.outcome === 'skipped' ? 'skipped' : 'errored';
  return rps.n > 1
    ? `${formatRate(rps.median)} (${formatRate(rps.min)}–${formatRate(rps.max)})`
    : formatRate(rps.median);
}

/**
 * Parameters shown in a table's rows beside the server instead of splitting tables by them. The
 * compute workload's implementations differ from server to server (NumPy on one, typed arrays on
 * the other), so one table per operation and level puts them all side by side.
 */
const ROW_PARAMETERS: Record<string, readonly string[]> = { compute: ['implementation'] };

const tableParameters = (parameters: CellGroup['parameters'], rowKeys: readonly string[]) =>
  Object.fromEntries(Object.entries(parameters).filter(([key]) => !rowKeys.includes(key)));

function levelTable(
  results: Results,
  groups: CellGroup[],
  connections: number,
  rowKeys: readonly string[] = [],
): string {
  const ceiling = results.ceilings.find((c) => c.connections === connections && c.transactionsPerSecond !== null);
  const order = serverOrder(results);
  const ordered = groups
    .filter((g) => g.connections === connections && !notImplemented(g))
    .sort((a, b) => order.indexOf(a.server) - order.indexOf(b.server));
  const rows = ordered.map((g) => {
    const median = (pick: Parameters<typeof fieldSpread>[1]) => fieldSpread(g, pick)?.median;
    const rps = median((c) => c.requestsPerSecond);
    const failures = g.completed.reduce((sum, c) => sum + c.errors + c.timeouts, 0);
    const non2xx = g.completed.reduce((sum, c) => sum + c.non2xx, 0);
    return [
      [g.server, ...rowKeys.map((key) => String(g.parameters[key] ?? '–'))].join(' · '),
      rangeText(g),
      formatMs(median((c) => c.latencyMs?.p50)),
      formatMs(median((c) => c.latencyMs?.p99)),
      g.completed.length ? String(failures) : '–',
      g.completed.length ? String(non2xx) : '–',
      formatPercent(median((c) => c.serverCpuPercent)),
      formatMb(median((c) => c.serverRssMb)),
      ceiling?.transactionsPerSecond && rps !== undefined
        ? formatPercent((rps / ceiling.transactionsPerSecond) * 100)
        : '–',
    ];
  });
  const headers = [
    ['server', ...rowKeys].join(' · '),
    'req/s median (min–max)',
    'p50',
    'p99',
    'errors',
    'non-2xx',
    'CPU',
    'RSS',
    'of ceiling',
  ];
  const table = shapeTable(
    results,
    ordered[0]?.workload ?? '',
    { headers, rows, align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] },
    ordered,
  );
  return renderTable(table.headers, table.rows, table.align);
}

function ceilingNote(results: Results, connections: number): string {
  const ceiling = results.ceilings.find((c) => c.connections === connections);
  if (!ceiling) return '';
  if (ceiling.transactionsPerSecond === null) return ` (database ceiling not measured: ${ceiling.reason})`;
  return ` (database ceiling ${formatRate(ceiling.transactionsPerSecond)} queries/s by ${ceiling.method})`;
}

export function renderBenchSummary(results: Results, color = false): string {
  const p: Palette = palette(color);
  const out: string[] = [p.bold('verdict bench'), renderContext(results)];
  const groups = groupCells(results.cells);
  for (const workload of results.plan.workloads) {
    const own = groups.filter((g) => g.workload === workload && !notImplemented(g));
    if (own.length === 0) continue;
    const rowKeys = ROW_PARAMETERS[workload] ?? [];
    const tableKey = (g: CellGroup) => parameterKey(tableParameters(g.parameters, rowKeys));
    const parameterSets = [...new Map(own.map((g) => [tableKey(g), tableParameters(g.parameters, rowKeys)])).values()];
    for (const parameters of parameterSets) {
      const key = parameterKey(parameters);
      const these = own.filter((g) => tableKey(g) === key);
      const label = key ? `${workload} (${key.replaceAll(',', ', ')})` : workload;
      for (const connections of [...new Set(these.map((g) => g.connections))].sort((a, b) => a - b)) {
        const level = workloadColumns(results, workload).levelLabel;
        out.push(
          '',
          p.bold(`${label} at ${connections} ${connections === 1 ? level.replace(/s$/, '') : level}`) +
            (workload === 'users' ? ceilingNote(results, connections) : ''),
          levelTable(results, these, connections, rowKeys),
        );
      }
    }
    const relative =
      workloadColumns(results, workload).relativeThroughput === false ? [] : compareServers(results, workload);
    if (relative.length) {
      out.push('', p.bold(`Relative throughput, ${workload}:`));
      for (const c of relative) out.push(`  ${describeComparison(c, workloadColumns(results, workload).levelLabel)}`);
    }
    const costs = workload === 'users' ? frameworkCosts(results, workload) : [];
    if (costs.length) {
      out.push('', p.bold(`Framework cost, ${workload} (reference servers: the runtime without a framework):`));
      for (const c of costs) out.push(`  ${describeFrameworkCost(c)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderWarnings(warnings: readonly Warning[], color = false): string {
  if (warnings.length === 0) return '';
  const p = palette(color);
  return (
    `${warnings.map((w) => `${p.yellow('warning')}: ${w.message}\n  ${p.dim(`remedy: ${w.remedy}`)}`).join('\n')}` +
    `\n`
  );
}
