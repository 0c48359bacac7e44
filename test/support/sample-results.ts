/**
 * A complete, plausible run with every workload of WORKLOADS.md on the servers that run it, three
 * steady rounds each, with node-fastify's A/A replicate in the users rounds: the fixture for
 * "every chart is drawn" and for looking at the report.
 */
import type { Cell, Results } from '../../src/results/schema.js';
import { buildResults, steady, trials } from './results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';

export function sampleResults(): Results {
  const cells: Cell[] = [];
  const users: Record<string, number[]> = {
    'node-express-seed': [3200, 3700, 3650, 3100],
    [NODE]: [7400, 9100, 9000, 8200],
    'python-fastapi-seed': [420, 410, 380, 250],
    'python-fastapi-pool': [2600, 2950, 2900, 2500],
    [PYTHON]: [3300, 3750, 3650, 3000],
  };
  const levels = [10, 100, 250, 1000];
  for (const [server, rates] of Object.entries(users)) {
    rates.forEach((rps, i) =>
      cells.push(...steady({ server, connections: levels[i]!, latency: (levels[i]! / rps) * 1000 * 3 }, rps)),
    );
  }
  // The A/A replicate: node-fastify again in the same rounds, within 2% of itself.
  users[NODE]!.forEach((rps, i) =>
    cells.push(
      ...trials({ server: NODE, connections: levels[i]!, latency: (levels[i]! / rps) * 1000 * 3, aa: true }, [
        rps * 1.005,
        rps * 0.985,
        rps * 1.02,
      ]),
    ),
  );
  for (const [server, rates] of [
    [NODE, [8800, 8700]],
    [PYTHON, [3500, 3450]],
  ] as const) {
    rates.forEach((rps, i) =>
      cells.push(...steady({ server, workload: 'users-unvalidated', connections: [10, 100][i]! }, rps)),
    );
  }
  for (const [server, kb, msgs, p99] of [
    [NODE, 9.5, 90_000, 35],
    [PYTHON, 38, 30_000, 80],
  ] as const) {
    [1000, 5000, 10000].forEach((n, i) =>
      cells.push(
        ...steady(
          {
            server,
            workload: 'websocket',
            connections: n,
            latency: null,
            metrics: {
              kbPerConnection: kb + i,
              connectErrors: 0,
              messagesPerSecond: msgs / (i + 1),
              deliveryP50Ms: (p99 / 3) * (i + 1),
              deliveryP99Ms: p99 * (1 + i / 4),
              rssBeforeMb: 60,
              rssAfterMb: 60 + (kb * n) / 1024,
            },
          },
          msgs / (i + 1),
        ),
      ),
    );
  }
  for (const [server, lag] of [
    [NODE, 12],
    [PYTHON, 40],
  ] as const) {
    [1000, 5000].forEach((n, i) =>
      cells.push(
        ...steady(
          {
            server,
            workload: 'sse',
            connections: n,
            latency: null,
            metrics: {
              lagP50Ms: lag / 3,
              lagP99Ms: lag * (1 + i),
              missedEvents: 0,
              eventsDelivered: n * 50,
              kbPerClient: 6 + i,
            },
          },
          10 * n,
        ),
      ),
    );
  }
  for (const [server, base] of [
    [NODE, 2300],
    [PYTHON, 900],
  ] as const) {
    [1, 10, 50].forEach((k) =>
      cells.push(
        ...steady(
          {
            server,
            workload: 'fanout',
            parameters: { k },
            connections: 50,
            latency: 20 + k * (server === NODE ? 0.4 : 1.5),
          },
          base / Math.sqrt(k),
        ),
      ),
    );
  }
  const compute: [string, string, string, number][] = [
    [PYTHON, 'matmul', 'numpy', 2.1],
    [PYTHON, 'matmul', 'pure-python', 2400],
    [NODE, 'matmul', 'typed-array', 22],
    [PYTHON, 'stats', 'numpy', 9],
    [PYTHON, 'stats', 'pure-python', 610],
    [NODE, 'stats', 'typed-array', 38],
  ];
  for (const [server, operation, implementation, ms] of compute) {
    for (const connections of [1, 4])
      cells.push(
        ...steady(
          {
            server,
            workload: 'compute',
            parameters: { operation, implementation },
            connections,
            latency: {
              p50: ms * connections,
              p90: ms * connections * 1.1,
              p99: ms * connections * 1.3,
              p999: ms * connections * 1.5,
              max: ms * connections * 2,
            },
          },
          1000 / ms,
        ),
      );
  }
  // The open model's level is the offered rate; both servers hold 250 and 1,000 req/s.
  for (const [server, p99] of [
    [NODE, 12],
    [PYTHON, 30],
  ] as const) {
    for (const rate of [250, 1000])
      cells.push(
        ...steady(
          {
            server,
            workload: 'users-open',
            connections: rate,
            latency: p99 * (rate / 250) ** 0.5,
            metrics: { targetRate: rate, achievedRate: rate * 0.995, rateHeld: 1 },
          },
          rate * 0.995,
        ),
      );
  }
  return buildResults(cells);
}
