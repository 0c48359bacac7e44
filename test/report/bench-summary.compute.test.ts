/**
 * The compute workload in the bench summary: one table per operation and level, one row per
 * server and implementation, so NumPy, pure Python, typed arrays and mathjs sit side by side,
 * with the server's CPU per request and without the database ceiling (there is none behind it).
 */
import { describe, expect, it } from 'vitest';
import { renderBenchSummary } from '../../src/report/bench-summary.js';
import { buildCell, buildResults } from '../support/results-builder.js';

describe('compute in the bench summary', () => {
  it('prints a table per operation and level with a row per server and implementation', () => {
    const rows: [string, string, string, number, number][] = [
      ['node-fastify', 'matmul', 'typed-array', 50, 20],
      ['node-fastify', 'matmul', 'mathjs', 33, 30],
      ['python-fastapi-tuned', 'matmul', 'numpy', 800, 1.25],
      ['python-fastapi-tuned', 'matmul', 'pure-python', 3, 330],
      ['node-fastify', 'stats', 'typed-array', 8, 125],
      ['python-fastapi-tuned', 'stats', 'numpy', 35, 28],
    ];
    const cells = rows.flatMap(([server, operation, implementation, rps, ms]) =>
      [1, 4].map((connections) =>
        buildCell({
          server,
          workload: 'compute',
          parameters: { operation, implementation },
          connections,
          rps,
          latency: {
            p50: ms * connections,
            p90: ms * connections,
            p99: ms * connections * 1.5,
            p999: ms * connections * 2,
            max: ms * connections * 2,
          },
          metrics: { cpuMsPerRequest: ms * 0.9, drainSeconds: 0.2 },
        }),
      ),
    );
    const summary = renderBenchSummary(buildResults(cells));
    const tables = summary.split('\n\n').slice(1);
    expect(tables.map((t) => t.split('\n')[0])).toEqual([
      'compute (operation=matmul) at 1 connection',
      'compute (operation=matmul) at 4 connections',
      'compute (operation=stats) at 1 connection',
      'compute (operation=stats) at 4 connections',
    ]);
    expect(tables[0]).toBe(
      [
        'compute (operation=matmul) at 1 connection',
        '  server · implementation             req/s median (min–max)      p50      p99  errors  non-2xx  ' +
          'CPU    RSS  CPU/request',
        '  node-fastify · typed-array                            50.0  20.0 ms  30.0 ms       0        0  95%  ' +
          '80 MB      18.0 ms',
        '  node-fastify · mathjs                                 33.0  30.0 ms  45.0 ms       0        0  95%  ' +
          '80 MB      27.0 ms',
        '  python-fastapi-tuned · numpy                           800  1.25 ms  1.88 ms       0        0  95%  ' +
          '80 MB      1.13 ms',
        '  python-fastapi-tuned · pure-python                     3.0   330 ms   495 ms       0        0  95%  ' +
          '80 MB       297 ms',
      ].join('\n'),
    );
    expect(
      tables[3]!
        .trim()
        .split('\n')
        .slice(2)
        .map((line) =>
          line
            .trim()
            .split(/\s{2,}/)
            .slice(0, 3),
        ),
    ).toEqual([
      ['node-fastify · typed-array', '8.0', '500 ms'],
      ['python-fastapi-tuned · numpy', '35.0', '112 ms'],
    ]);
  });
});
