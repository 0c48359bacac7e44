/**
 * The metric registry (src/results/metrics.ts) and the workload facts every results file's plan
 * carries (src/workloads/facts.ts): readers read a workload's level word, query counting, charts
 * and columns from the plan, so a workload under a name no reader knows is shown as its plan says.
 */
import { describe, expect, it } from 'vitest';
import { CellIndex } from '../../src/claims/select.js';
import { importedResults } from '../../src/import/document.js';
import { memoryCharts, realtimeCharts, throughputCharts } from '../../src/report/html/charts.js';
import { resultTables } from '../../src/report/results-table.js';
import { collectWarnings } from '../../src/report/warnings.js';
import { isMetricName, METRICS, metricLabel, type MetricName } from '../../src/results/metrics.js';
import { workloadFactsSchema, type Results } from '../../src/results/schema.js';
import { GENERIC_WORKLOAD_FACTS } from '../../src/results/workload-facts.js';
import { withoutProcessFigures } from '../../src/targets/target.js';
import { describeWorkloadNames, describeWorkloads } from '../../src/workloads/facts.js';
import { WORKLOADS } from '../../src/workloads/index.js';
import { buildResults, steady, trials } from '../support/results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';

/** Moves a workload's cells, plan entry and facts to another name. */
function renamed(results: Results, from: string, to: string): Results {
  for (const cell of results.cells) if (cell.workload === from) cell.workload = to;
  results.plan.workloads = results.plan.workloads.map((w) => (w === from ? to : w));
  results.plan.workloadFacts = Object.fromEntries(
    Object.entries(results.plan.workloadFacts).map(([name, facts]) => [name === from ? to : name, facts]),
  );
  return results;
}

function websocketRun(): Results {
  return buildResults([
    ...trials(
      {
        server: NODE,
        workload: 'websocket',
        connections: 1000,
        metrics: { kbPerConnection: 7.25, connectErrors: 0, deliveryP99Ms: 31.5 },
      },
      [40_000],
    ),
    ...trials(
      {
        server: PYTHON,
        workload: 'websocket',
        connections: 1000,
        metrics: { kbPerConnection: 31.4, connectErrors: 3, deliveryP99Ms: 82.7 },
      },
      [21_000],
    ),
  ]);
}

describe('the metric registry', () => {
  it('registers every metric a workload names for its columns and charts, and every chart metric has its chart', () => {
    const facts = describeWorkloads(WORKLOADS);
    for (const [workload, f] of Object.entries(facts)) {
      for (const column of f.columns.extra)
        if ('metric' in column) expect(isMetricName(column.metric), `${workload}: ${column.metric}`).toBe(true);
      for (const chart of f.charts.filter((c) => c.family === 'memory' || c.family === 'delivery')) {
        expect(chart.metric, `${workload} ${chart.family}`).toBeDefined();
        expect(METRICS[chart.metric as MetricName], `${workload}: ${chart.metric}`).toHaveProperty('chart');
      }
    }
  });

  it('keeps the headings of the results table, and a name it does not know as its own heading', () => {
    expect(metricLabel('kbPerConnection')).toBe('KiB/conn');
    expect(metricLabel('sendLagP99Ms')).toBe('send lag p99 ms');
    expect(metricLabel('someoneElsesFigure')).toBe('someoneElsesFigure');
    expect(isMetricName('kbPerConnection')).toBe(true);
    expect(isMetricName('kbPerConection')).toBe(false);
    expect(isMetricName('toString')).toBe(false);
  });

  it('marks what a targets run cannot know: figures of the server process become null, the rest stay', () => {
    const cell = websocketRun().cells[0]!;
    if (cell.outcome !== 'completed') throw new Error('the builder made a completed cell');
    const cleared = withoutProcessFigures({
      ...cell,
      metrics: {
        ...cell.metrics,
        rssAfterMb: 90,
        serverBroadcastCpuPercent: 40,
        cpuMsPerRequest: 2,
        messagesPerSecond: 40_000,
      },
    });
    expect(cleared.metrics).toMatchObject({
      kbPerConnection: null,
      rssAfterMb: null,
      serverBroadcastCpuPercent: null,
      cpuMsPerRequest: null,
      connectErrors: 0,
      deliveryP99Ms: 31.5,
      messagesPerSecond: 40_000,
    });
    expect([cleared.serverCpuPercent, cleared.serverRssMb]).toEqual([null, null]);
  });
});

describe('workload facts in the plan', () => {
  it('are written from the definitions, valid, in the order the bench runs the workloads', () => {
    const facts = describeWorkloadNames(['sse', 'my-own-flow', 'users', 'users-open']);
    expect(Object.keys(facts)).toEqual(['users', 'users-open', 'sse', 'my-own-flow']);
    for (const f of Object.values(facts)) expect(workloadFactsSchema.parse(f)).toEqual(f);
    expect(facts.users).toMatchObject({
      levelLabel: 'connections',
      countsQueries: true,
      charts: [{ family: 'throughput' }, { family: 'latency-percentiles' }],
    });
    expect(facts['users-open']).toMatchObject({
      levelLabel: 'req/s offered',
      countsQueries: true,
      columns: { keepsServerBusy: false, relativeThroughput: false },
    });
    expect(facts.sse).toMatchObject({
      levelLabel: 'clients',
      countsQueries: false,
      charts: [
        { family: 'memory', metric: 'kbPerClient' },
        { family: 'delivery', metric: 'lagP99Ms' },
      ],
    });
    expect(facts['my-own-flow']).toEqual(GENERIC_WORKLOAD_FACTS);
  });

  it('are written by an import: known workloads as the bench describes them, others generic', () => {
    const cells = [
      ...steady({ server: NODE, workload: 'users', connections: 50 }, 1000),
      ...steady({ server: NODE, workload: 'checkout', connections: 50 }, 800),
    ].map((c) => ({ ...c, round: 1 }));
    const imported = importedResults({
      engine: 'k6',
      engineVersion: '1.0.0',
      runners: 1,
      servers: [{ name: NODE, runtime: 'node', variant: 'tuned', origin: undefined }],
      cells: cells.slice(0, 1).concat(cells.slice(-1)),
    });
    expect(imported.plan.workloadFacts.users).toEqual(
      describeWorkloads(WORKLOADS.filter((w) => w.name === 'users')).users,
    );
    expect(imported.plan.workloadFacts.checkout).toEqual(GENERIC_WORKLOAD_FACTS);
  });

  it('decide the level word of the claims and the results table, whatever the workload is called', () => {
    const results = renamed(websocketRun(), 'websocket', 'chat-room');
    results.plan.workloadFacts['chat-room'] = { ...results.plan.workloadFacts['chat-room']!, levelLabel: 'members' };
    expect(new CellIndex(results).levelLabel('chat-room')).toBe('members');
    expect(resultTables(results)[0]!.headers.slice(0, 2)).toEqual(['server', 'members']);
    // Not described at all: the generic word.
    expect(new CellIndex(results).levelLabel('no-such-workload')).toBe('connections');
  });

  it('decide which charts draw a workload, and the metric and title of its bars', () => {
    const results = renamed(websocketRun(), 'websocket', 'chat-room');
    const memory = memoryCharts(results);
    expect(memory).toContain('memory-chat-room');
    expect(memory).toContain('Server memory per websocket connection');
    expect(realtimeCharts(results)).toContain('delivery-chat-room');
    // Drawn in no family: not drawn.
    results.plan.workloadFacts['chat-room'] = { ...results.plan.workloadFacts['chat-room']!, charts: [] };
    expect(memoryCharts(results)).toContain('not measured in this run');
    expect(
      throughputCharts(renamed(buildResults(steady({ server: NODE, connections: 100 }, 5000)), 'users', 'listing')),
    ).toContain('throughput-listing');
  });

  it('decide whether queries per request are checked', () => {
    const cells = trials({ server: NODE, connections: 100 }, [1000, 1010, 990]).map((c) =>
      c.outcome === 'completed' ? { ...c, queriesPerRequest: 2 } : c,
    );
    const results = buildResults(cells);
    expect(collectWarnings(results).map((w) => w.kind)).toContain('queries-per-request');
    results.plan.workloadFacts.users = { ...results.plan.workloadFacts.users!, countsQueries: false };
    expect(collectWarnings(results).map((w) => w.kind)).not.toContain('queries-per-request');
  });
});
