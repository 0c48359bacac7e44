/**
 * The per-workload columns of the terminal summary (src/report/workload-columns.ts): websocket and
 * sse tables name their figures (deliveries/s, delivery and lag percentiles), add KiB per
 * connection or client, refused connections and missed events from the cells' metrics, drop the
 * columns that mean nothing there, and say "clients" for sse; other workloads are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { renderBenchSummary } from '../../src/report/bench-summary.js';
import { collectWarnings } from '../../src/report/warnings.js';
import { shapeTable } from '../../src/report/workload-columns.js';
import { buildResults, steady, trials } from '../support/results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';

function realtimeResults() {
  return buildResults([
    // The users rounds with node-fastify's A/A replicate: the noise floor a one-round websocket comparison is read
    // against.
    ...steady({ server: NODE, connections: 10 }, 6000),
    ...steady({ server: NODE, connections: 10, aa: true }, 6000),
    ...trials(
      {
        server: NODE,
        workload: 'websocket',
        connections: 1000,
        latency: { p50: 8.1, p90: 20, p99: 31.5, p999: 40, max: 50 },
        metrics: {
          kbPerConnection: 7.25,
          connectErrors: 0,
          messagesPerSecond: 40_000,
          deliveryP50Ms: 8.1,
          deliveryP99Ms: 31.5,
        },
      },
      [40_000],
    ),
    ...trials(
      {
        server: PYTHON,
        workload: 'websocket',
        connections: 1000,
        latency: { p50: 21.7, p90: 50, p99: 82.7, p999: 90, max: 95 },
        metrics: {
          kbPerConnection: 31.4,
          connectErrors: 3,
          messagesPerSecond: 21_000,
          deliveryP50Ms: 21.7,
          deliveryP99Ms: 82.7,
        },
      },
      [21_000],
    ),
    ...steady(
      {
        server: NODE,
        workload: 'sse',
        connections: 5000,
        latency: 60,
        metrics: {
          lagP50Ms: 15,
          lagP99Ms: 60,
          missedEvents: 0,
          eventsDelivered: 150_000,
          kbPerClient: 14.3,
          connectErrors: 0,
        },
      },
      50_000,
    ),
    ...steady(
      {
        server: PYTHON,
        workload: 'sse',
        connections: 5000,
        latency: 160,
        metrics: {
          lagP50Ms: 40,
          lagP99Ms: 160,
          missedEvents: 89_088,
          eventsDelivered: 55_912,
          kbPerClient: 33.3,
          connectErrors: 3072,
        },
      },
      18_600,
      (i) => ({ errors: i === 0 ? 3072 : 3000 }),
    ),
  ]);
}

describe('per-workload summary columns', () => {
  it('websocket and sse tables show their own figures, exactly', () => {
    const summary = renderBenchSummary(realtimeResults());
    const from = summary.indexOf('websocket at');
    expect(summary.slice(from)).toBe(
      `websocket at 1000 connections
  server                deliveries/s (min–max)  delivery p50  delivery p99  ` +
        `errors  CPU    RSS  KiB/conn  refused
  node-fastify                          40,000       8.10 ms       ` +
        `31.5 ms       0  95%  80 MB   7.3 KiB        0
  python-fastapi-tuned                  21,000       21.7 ` +
        `ms       82.7 ms       0  95%  80 MB  31.4 KiB        3

Relative throughput, websocket:
  node-fastify ran ` +
        `1.90x [1.84x, 1.98x] 95% A/A floor, 1 trial a side faster than python-fastapi-tuned at 1000 connections

sse ` +
        `at 5000 clients
  server                    events/s (min–max)  lag p50  lag p99  errors  CPU    RSS  ` +
        `missed  KiB/client  refused
  node-fastify          50,135 (49,516–50,350)  15.0 ms  59.8 ms       0  95%  ` +
        `80 MB       0    14.3 KiB        0
  python-fastapi-tuned  18,555 (18,466–18,779)  40.1 ms   160 ms    9072  ` +
        `95%  80 MB  89,088    33.3 KiB    3,072
`,
    );
  });

  it('leaves a workload without an entry as it was, and keeps rows and extra figures together', () => {
    const table = {
      headers: ['server', 'req/s', 'p50', 'p99', 'errors', 'non-2xx', 'CPU', 'RSS', 'of ceiling'],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] as const,
      rows: [['a', '1', '2', '3', '4', '5', '6', '7', '8']],
    };
    const results = realtimeResults();
    expect(shapeTable(results, 'users', { ...table, align: [...table.align] }, [])).toEqual({
      ...table,
      align: [...table.align],
    });
    const shaped = shapeTable(
      results,
      'websocket',
      { ...table, align: [...table.align], rows: [[...table.rows[0]!]] },
      [],
    );
    expect(shaped.headers).toEqual([
      'server',
      'deliveries/s (min–max)',
      'delivery p50',
      'delivery p99',
      'errors',
      'CPU',
      'RSS',
      'KiB/conn',
      'refused',
    ]);
    expect(shaped.rows).toEqual([['a', '1', '2', '3', '4', '6', '7', '–', '–']]);
  });

  it('reads the columns and the level word from the plan, not from the workload name', () => {
    // The same websocket cells under a name no reader knows: what the plan says about it decides the table.
    const results = realtimeResults();
    for (const cell of results.cells) if (cell.workload === 'websocket') cell.workload = 'chat-room';
    results.plan.workloads = results.plan.workloads.map((w) => (w === 'websocket' ? 'chat-room' : w));
    results.plan.workloadFacts = {
      users: results.plan.workloadFacts.users!,
      'chat-room': { ...results.plan.workloadFacts.websocket!, levelLabel: 'members' },
      sse: results.plan.workloadFacts.sse!,
    };
    const summary = renderBenchSummary(results);
    expect(summary).toContain(`chat-room at 1000 members
  server                deliveries/s (min–max)  delivery p50  delivery p99  errors  CPU    RSS  KiB/conn  refused
  node-fastify                          40,000       8.10 ms       31.5 ms       0  95%  80 MB   7.3 KiB        0`);
    // Without facts for it, the same cells get the generic table.
    delete results.plan.workloadFacts['chat-room'];
    expect(renderBenchSummary(results)).toContain(`chat-room at 1000 connections
  server                req/s median (min–max)`);
  });

  it('does not call an sse or websocket server idle for an underused CPU (paced load, idle holding phases)', () => {
    const results = realtimeResults();
    for (const cell of results.cells) if (cell.outcome === 'completed') cell.serverCpuPercent = 20;
    expect(
      collectWarnings(results).filter(
        (w) => w.kind === 'cpu-underused' && (w.workload === 'sse' || w.workload === 'websocket'),
      ),
    ).toEqual([]);
    // The users cells beside them are still checked.
    expect(collectWarnings(results).some((w) => w.kind === 'cpu-underused' && w.workload === 'users')).toBe(true);
  });
});
