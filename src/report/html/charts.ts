/**
 * The report's charts, built from a results file: throughput against connections, latency
 * percentiles, memory per connection, real-time delivery, fan-out latency against K and compute
 * latency per implementation. Each function returns an HTML fragment (the web page reuses them);
 * a chart whose workload is absent says so instead of drawing nothing.
 */
import type { ChartFamily, CompletedCell, Results } from '../../results/schema.js';
import { isMetricName, metricOf, metricSpec, type MetricName } from '../../results/metrics.js';
import { chartedWorkloads, factsOf } from '../../results/workload-facts.js';
import { formatMs, formatRate } from '../../util/format.js';
import { fieldSpread, groupCells, parameterKey, serverOrder, type CellGroup } from '../../results/groups.js';
import { escapeHtml as h } from '../escape.js';
import { barChart, chartFigure, lineChart, type BarGroup, type LegendEntry, type LineSeries } from './svg.js';

/** Tableau 10: distinguishable, and readable on white. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export function colorOf(results: Results, server: string): string {
  const order = serverOrder(results);
  const index = order.includes(server)
    ? order.indexOf(server)
    : order.length + [...server].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  return PALETTE[index % PALETTE.length]!;
}

export function notMeasured(what: string): string {
  return `<p class="not-measured">${h(what)}: not measured in this run.</p>`;
}

/** Bar labels are narrow: three significant digits, the unit is on the axis. */
const compact = (v: number) => (v >= 1000 ? `${+(v / 1000).toPrecision(3)}k` : String(+v.toPrecision(3)));

const median = (group: CellGroup, pick: (c: CompletedCell) => number | null | undefined) =>
  fieldSpread(group, pick)?.median;
const byNumber = (a: string | number, b: string | number) =>
  String(a).localeCompare(String(b), 'en', { numeric: true });
/** The workloads the results file's plan draws in a chart family (plan.workloadFacts), in its order. */
const workloadsIn = (results: Results, family: ChartFamily) =>
  chartedWorkloads(results.plan, family).map((c) => c.workload);

function withData(results: Results, workload: string): CellGroup[] {
  const order = serverOrder(results);
  return groupCells(results.cells)
    .filter((g) => g.workload === workload && g.completed.length > 0)
    .sort((a, b) => order.indexOf(a.server) - order.indexOf(b.server) || a.connections - b.connections);
}

function servers(groups: CellGroup[]): string[] {
  return [...new Set(groups.map((g) => g.server))];
}

function serverLegend(results: Results, names: string[]): LegendEntry[] {
  return names.map((name) => ({ name, color: colorOf(results, name) }));
}

export function throughputCharts(results: Results): string {
  const figures: string[] = [];
  for (const workload of workloadsIn(results, 'throughput')) {
    const groups = withData(results, workload).filter((g) => parameterKey(g.parameters) === '');
    if (groups.length === 0) continue;
    const levels = [...new Set(groups.map((g) => g.connections))].sort((a, b) => a - b);
    // Reference servers (no framework) are drawn dashed: a runtime's ceiling beside the servers it prices.
    const reference = (server: string) => groups.some((g) => g.server === server && g.variant === 'reference');
    const series: LineSeries[] = servers(groups).map((server) => ({
      name: server,
      color: colorOf(results, server),
      ...(reference(server) ? { dashed: true } : {}),
      points: groups
        .filter((g) => g.server === server)
        .flatMap((g) => {
          const rps = fieldSpread(g, (c) => c.requestsPerSecond);
          return rps
            ? [
                {
                  category: String(g.connections),
                  y: rps.median,
                  low: rps.min,
                  high: rps.max,
                  title:
                    `${server}: ${formatRate(rps.median)} req/s at ${g.connections} connections (${rps.n} trial` +
                    `${rps.n === 1 ? '' : 's'}, ${formatRate(rps.min)}–${formatRate(rps.max)})`,
                },
              ]
            : [];
        }),
    }));
    const frame = {
      id: `throughput-${workload}`,
      title: `${workload}: requests per second against connections`,
      xLabel: 'concurrent connections',
      yLabel: 'req/s (median, min–max)',
      categories: levels.map(String),
    };
    const entries = servers(groups).map((name) =>
      reference(name)
        ? { name: `${name} (reference)`, color: colorOf(results, name), dashed: true }
        : { name, color: colorOf(results, name) },
    );
    const caption = servers(groups).some(reference)
      ? 'Dashed: reference servers, a runtime without a framework (its ceiling for this query); never a side of ' +
        'the guide’s claims.'
      : undefined;
    figures.push(chartFigure(frame, lineChart(frame, series), entries, caption));
  }
  return figures.length
    ? `<div class="charts">${figures.join('')}</div>`
    : notMeasured('Throughput (users, users-unvalidated, user-by-id)');
}

/**
 * The open model as wrk2 and k6 users read it: p50 and p99 against the offered rate, every server
 * offered the same rates, up to where one of them stops holding it.
 */
export function offeredLoadCharts(results: Results): string {
  const figures: string[] = [];
  for (const workload of workloadsIn(results, 'offered-load')) {
    const groups = withData(results, workload).filter((g) => g.completed.some((c) => c.latencyMs));
    if (groups.length === 0) continue;
    const rates = [...new Set(groups.map((g) => g.connections))].sort((a, b) => a - b);
    const series: LineSeries[] = servers(groups).flatMap((server) =>
      (['p50', 'p99'] as const).map((label) => ({
        name: `${server} ${label}`,
        color: colorOf(results, server),
        ...(label === 'p99' ? { dashed: true } : {}),
        points: groups
          .filter((g) => g.server === server)
          .flatMap((g) => {
            const value = median(g, (c) => c.latencyMs?.[label]);
            const held = g.completed.every((c) => metricOf(c, 'rateHeld') === 1);
            return value === undefined
              ? []
              : [
                  {
                    category: g.connections.toLocaleString('en-US'),
                    y: value,
                    title:
                      `${server}: ${label} ${formatMs(value)} at ${formatRate(g.connections)} req/s offered` +
                      `${held ? '' : ' (rate not held: overload)'}`,
                  },
                ];
          }),
      })),
    );
    const frame = {
      id: `offered-${workload}`,
      title: `${workload}: latency against offered load`,
      xLabel: 'offered rate, req/s (the same for every server)',
      yLabel: 'latency, ms (median of rounds; p99 dashed)',
      categories: rates.map((r) => r.toLocaleString('en-US')),
      log: true,
    };
    figures.push(
      chartFigure(
        frame,
        lineChart(frame, series),
        serverLegend(results, servers(groups)),
        'Latency from the intended send time (no coordinated omission). Past the rate a server holds, its ' +
          'latency is a queue that grows for as long as the load lasts.',
      ),
    );
  }
  return figures.length
    ? `<div class="charts">${figures.join('')}</div>`
    : notMeasured('Latency against offered load (users-open, user-by-id-open)');
}

const PERCENTILES: [string, (c: CompletedCell) => number | undefined][] = [
  ['p50', (c) => c.latencyMs?.p50],
  ['p90', (c) => c.latencyMs?.p90],
  ['p99', (c) => c.latencyMs?.p99],
  ['p99.9', (c) => c.latencyMs?.p999],
  ['max', (c) => c.latencyMs?.max],
];

export function latencyCharts(results: Results): string {
  const figures: string[] = [];
  for (const workload of workloadsIn(results, 'latency-percentiles')) {
    const groups = withData(results, workload).filter((g) => g.completed.some((c) => c.latencyMs));
    const sets = [...new Set(groups.map((g) => parameterKey(g.parameters)))].sort(byNumber);
    for (const key of sets) {
      for (const level of [
        ...new Set(groups.filter((g) => parameterKey(g.parameters) === key).map((g) => g.connections)),
      ].sort((a, b) => a - b)) {
        const here = groups.filter((g) => parameterKey(g.parameters) === key && g.connections === level);
        const series: LineSeries[] = here.map((g) => ({
          name: g.server,
          color: colorOf(results, g.server),
          points: PERCENTILES.flatMap(([label, pick]) => {
            const value = median(g, pick);
            return value === undefined
              ? []
              : [
                  {
                    category: label,
                    y: value,
                    title: `${g.server}: ${label} ${formatMs(value)} at ${level} connections`,
                  },
                ];
          }),
        }));
        const what = `${workload}${key ? ` (${key})` : ''} at ${level} connections`;
        const frame = {
          id: `latency-${workload}${key ? `-${key.replace(/[^a-z0-9.]+/gi, '-')}` : ''}-${level}`,
          title: `Latency percentiles, ${what}`,
          xLabel: 'percentile (median of trials)',
          yLabel: 'latency, ms',
          categories: PERCENTILES.map(([l]) => l),
          log: true,
        };
        figures.push(
          chartFigure(
            frame,
            lineChart(frame, series),
            serverLegend(results, servers(here)),
            openModel(results, workload)
              ? 'Open model: latency measured from the intended send time (no coordinated omission).'
              : undefined,
          ),
        );
      }
    }
  }
  return figures.length ? `<div class="charts small">${figures.join('')}</div>` : notMeasured('Latency percentiles');
}

/** An open-model workload: its latency runs from the intended send time. */
const openModel = (results: Results, workload: string) =>
  factsOf(results.plan, workload).charts.some((c) => c.family === 'offered-load');

/**
 * Bars of one metric per server at each level of a workload; its title and axis are the metric's
 * (src/results/metrics.ts).
 */
function metricBars(results: Results, workload: string, metric: MetricName): string | undefined {
  const { chart, format } = metricSpec(metric);
  if (!chart) return undefined;
  const levelLabel = factsOf(results.plan, workload).levelLabel;
  const groups = withData(results, workload).filter((g) => median(g, (c) => metricOf(c, metric)) !== undefined);
  if (groups.length === 0) return undefined;
  const levels = [...new Set(groups.map((g) => g.connections))].sort((a, b) => a - b);
  const bars: BarGroup[] = levels.map((level) => ({
    category: level.toLocaleString('en-US'),
    bars: groups
      .filter((g) => g.connections === level)
      .map((g) => {
        const value = median(g, (c) => metricOf(c, metric))!;
        return {
          series: g.server,
          color: colorOf(results, g.server),
          value,
          label: compact(value),
          title: `${g.server}: ${format(value)} at ${level} ${levelLabel}`,
        };
      }),
  }));
  const frame = {
    id: `${chart.id}-${workload}`,
    title: chart.title,
    xLabel: `${levelLabel} held`,
    yLabel: chart.axis,
    categories: levels.map((l) => l.toLocaleString('en-US')),
  };
  return chartFigure(frame, barChart(frame, bars), serverLegend(results, servers(groups)));
}

/** The bar charts of one family (memory, delivery), one per workload that names a metric for it. */
function metricFamilyCharts(results: Results, family: ChartFamily): string[] {
  return chartedWorkloads(results.plan, family)
    .map(({ workload, metric }) =>
      metric !== undefined && isMetricName(metric) ? metricBars(results, workload, metric) : undefined,
    )
    .filter((f): f is string => f !== undefined);
}

export function memoryCharts(results: Results): string {
  const figures = metricFamilyCharts(results, 'memory');
  return figures.length
    ? `<div class="charts">${figures.join('')}</div>`
    : notMeasured('Memory per connection (websocket, sse)');
}

export function realtimeCharts(results: Results): string {
  const figures = metricFamilyCharts(results, 'delivery');
  return figures.length
    ? `<div class="charts">${figures.join('')}</div>`
    : notMeasured('Real-time delivery (websocket, sse)');
}

export function fanoutCharts(results: Results): string {
  const groups = workloadsIn(results, 'fanout')
    .flatMap((workload) => withData(results, workload))
    .filter((g) => g.parameters.k !== undefined);
  if (groups.length === 0) return notMeasured('Fan-out latency against K');
  const figures: string[] = [];
  for (const level of [...new Set(groups.map((g) => g.connections))].sort((a, b) => a - b)) {
    const here = groups.filter((g) => g.connections === level);
    const ks = [...new Set(here.map((g) => String(g.parameters.k)))].sort(byNumber);
    const series: LineSeries[] = servers(here).flatMap((server) =>
      (['p50', 'p99'] as const).map((p) => ({
        name: `${server} ${p}`,
        color: colorOf(results, server),
        dashed: p === 'p99',
        points: here
          .filter((g) => g.server === server)
          .flatMap((g) => {
            const value = median(g, (c) => c.latencyMs?.[p]);
            return value === undefined
              ? []
              : [
                  {
                    category: String(g.parameters.k),
                    y: value,
                    title: `${server}: ${p} ${formatMs(value)} with K = ${g.parameters.k} at ${level} connections`,
                  },
                ];
          }),
      })),
    );
    const frame = {
      id: `fanout-${level}`,
      title: `Fan-out latency against K downstream calls, ${level} connections`,
      xLabel: 'K (downstream calls per request)',
      yLabel: 'latency, ms',
      categories: ks,
    };
    const entries = servers(here).flatMap((s) => [
      { name: `${s} p50`, color: colorOf(results, s) },
      { name: `${s} p99`, color: colorOf(results, s), dashed: true },
    ]);
    figures.push(chartFigure(frame, lineChart(frame, series), entries));
  }
  return `<div class="charts">${figures.join('')}</div>`;
}

export function computeCharts(results: Results): string {
  const groups = workloadsIn(results, 'compute')
    .flatMap((workload) => withData(results, workload))
    .filter((g) => g.parameters.operation !== undefined && median(g, (c) => c.latencyMs?.p50) !== undefined);
  if (groups.length === 0) return notMeasured('Compute latency per implementation');
  const figures: string[] = [];
  const label = (g: CellGroup) => `${g.server} · ${g.parameters.implementation ?? '?'}`;
  const labels = [...new Set(groups.map(label))];
  const color = (name: string) => PALETTE[labels.indexOf(name) % PALETTE.length]!;
  for (const level of [...new Set(groups.map((g) => g.connections))].sort((a, b) => a - b)) {
    const here = groups.filter((g) => g.connections === level);
    const operations = [...new Set(here.map((g) => String(g.parameters.operation)))].sort(byNumber);
    const bars: BarGroup[] = operations.map((operation) => ({
      category: operation,
      bars: here
        .filter((g) => String(g.parameters.operation) === operation)
        .map((g) => {
          const value = median(g, (c) => c.latencyMs?.p50)!;
          return {
            series: label(g),
            color: color(label(g)),
            value,
            label: compact(value),
            title: `${label(g)}: ${operation} p50 ${formatMs(value)} at ${level} connection${level === 1 ? '' : 's'}`,
          };
        }),
    }));
    const values = here.map((g) => median(g, (c) => c.latencyMs?.p50)!).filter((v) => v > 0);
    const frame = {
      id: `compute-${level}`,
      title: `Compute latency per implementation (p50), ${level} connection${level === 1 ? '' : 's'}`,
      xLabel: 'operation',
      yLabel: 'latency per request, ms',
      categories: operations,
      log: values.length > 0 && Math.max(...values) / Math.min(...values) > 20,
    };
    figures.push(
      chartFigure(
        frame,
        barChart(frame, bars),
        labels.filter((l) => here.some((g) => label(g) === l)).map((name) => ({ name, color: color(name) })),
      ),
    );
  }
  return `<div class="charts">${figures.join('')}</div>`;
}
