/**
 * How the open-model and fan-out cells are read back: warnings when the rate was not held, when
 * the generator fell behind its schedule, when a fan-out request did not make K calls, and when a
 * by-id or open-model request did not run exactly one query; and their tables in the bench summary.
 */
import { describe, expect, it } from 'vitest';
import { renderBenchSummary } from '../../src/report/bench-summary.js';
import { collectWarnings } from '../../src/report/warnings.js';
import { buildCell, buildResults } from '../support/results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';
/** An open-model cell: the level is the offered rate. */
const open = (server: string, metrics: Record<string, number>, rate = 1000) =>
  buildCell({
    server,
    workload: 'users-open',
    connections: rate,
    rps: metrics.achievedRate,
    metrics: { targetRate: rate, sentRate: rate, achievedRate: rate, rateHeld: 1, sendLagP99Ms: 2, ...metrics },
  });

describe('warnings for the open model and fan-out', () => {
  it('says when the rate was not held and when the generator sent late, and nothing when all is well', () => {
    const results = buildResults([
      open(NODE, {}),
      open(PYTHON, { achievedRate: 850, rateHeld: 0 }),
      open(PYTHON, { sendLagP99Ms: 42.5 }, 250),
    ]);
    const warnings = collectWarnings(results).filter((w) => w.workload === 'users-open');
    expect(warnings.map((w) => `${w.kind}:${w.server}`)).toEqual([
      `rate-not-held:${PYTHON}`,
      `generator-behind:${PYTHON}`,
    ]);
    expect(warnings[0]!.message).toContain('asked for 1000 req/s, achieved 850');
    expect(warnings[1]!.message).toContain('up to 43 ms after their intended time');
  });

  it('says when a fan-out request made fewer than K downstream calls', () => {
    const fanout = (server: string, k: number, calls: number) =>
      buildCell({
        server,
        workload: 'fanout',
        parameters: { k },
        connections: 20,
        metrics: { downstreamCallsPerRequest: calls },
      });
    const warnings = collectWarnings(
      buildResults([fanout(NODE, 10, 10), fanout(NODE, 50, 49.99), fanout(PYTHON, 10, 7.5)]),
    );
    expect(warnings.filter((w) => w.kind === 'fanout-calls').map((w) => w.message)).toEqual([
      `${PYTHON} fanout at 20 connections: the downstream stub answered 7.50 calls per request, not 10`,
    ]);
  });

  it('checks one query per request for user-by-id and the open model too', () => {
    const cell = buildCell({ server: NODE, workload: 'user-by-id', connections: 100 });
    const warnings = collectWarnings(
      buildResults([
        { ...cell, queriesPerRequest: 2 },
        { ...open(NODE, {}), queriesPerRequest: 1 },
      ]),
    );
    expect(warnings.filter((w) => w.kind === 'queries-per-request').map((w) => w.workload)).toEqual(['user-by-id']);
  });
});

describe('the open model and fan-out in the bench summary', () => {
  it('shows the target and achieved rate, whether it was held, the CO-free tail and the generator lag', () => {
    const latency = { p50: 2, p90: 5, p99: 40, p999: 90, max: 120 };
    const cells = [
      buildCell({
        server: NODE,
        workload: 'users-open',
        connections: 4_000,
        rps: 3_990,
        latency,
        metrics: { targetRate: 4_000, achievedRate: 3_990, rateHeld: 1, sendLagP99Ms: 1.5 },
      }),
      buildCell({
        server: PYTHON,
        workload: 'users-open',
        connections: 4_000,
        rps: 1_500,
        latency: { ...latency, p99: 900, p999: 1_400, max: 1_500 },
        metrics: { targetRate: 4_000, achievedRate: 1_500, rateHeld: 0, sendLagP99Ms: 3 },
      }),
    ];
    const summary = renderBenchSummary(buildResults(cells));
    const table = summary
      .split('\n\n')
      .find((part) => part.startsWith('users-open'))!
      .trimEnd();
    // Every server is offered the same rate: achieved throughput is the offer (or the server's
    // shortfall, flagged as not held), so there are no relative throughput lines; latency tells them apart.
    expect(summary).not.toContain('Relative throughput, users-open');
    expect(table).toBe(
      [
        'users-open at 4000 req/s offered',
        '  server                achieved req/s (min–max)  p50 (CO-free)  p99 (CO-free)  errors  non-2xx  CPU  ' +
          'target req/s  held      p90     p99.9       max  generator lag p99',
        '  node-fastify                             3,990        2.00 ms        40.0 ms       0        0  ' +
          '95%         4,000   yes  5.00 ms   90.0 ms    120 ms            1.50 ms',
        '  python-fastapi-tuned                     1,500        2.00 ms         900 ms       0        0  ' +
          '95%         4,000    no  5.00 ms  1,400 ms  1,500 ms            3.00 ms',
      ].join('\n'),
    );
  });

  it(
    'shows one table per fan-out width K with the calls per request counted at the stub, and the relative lines ' +
      'per K',
    () => {
      // Two rounds per K; the second ran 2% slower for both servers (shared drift), so each round's ratio is the same.
      const cells = [1, 10].flatMap((k) =>
        [1, 2].flatMap((round) => [
          buildCell({
            server: NODE,
            workload: 'fanout',
            parameters: { k },
            connections: 20,
            round,
            rps: (700 / k) * (round === 1 ? 1.01 : 0.99),
            latency: 20 + k,
            metrics: { downstreamCallsPerRequest: k, stubCpuPercent: 5 * k },
          }),
          buildCell({
            server: PYTHON,
            workload: 'fanout',
            parameters: { k },
            connections: 20,
            round,
            rps: (600 / k) * (round === 1 ? 1.01 : 0.99),
            latency: 25 + 3 * k,
            metrics: { downstreamCallsPerRequest: k, stubCpuPercent: 4 * k },
          }),
        ]),
      );
      const summary = renderBenchSummary(buildResults(cells));
      const parts = summary.split('\n\n');
      expect(parts.find((part) => part.startsWith('fanout (k=10)'))).toBe(
        [
          'fanout (k=10) at 20 connections',
          '  server                req/s median (min–max)      p50      p99  errors  non-2xx  CPU    RSS  ' +
            'calls/request  stub CPU',
          '  node-fastify                70.0 (69.3–70.7)  7.50 ms  30.0 ms       0        0  95%  80 MB          ' +
            '10.00       50%',
          '  python-fastapi-tuned        60.0 (59.4–60.6)  13.8 ms  55.0 ms       0        0  95%  80 MB          ' +
            '10.00       40%',
        ].join('\n'),
      );
      expect(summary).toContain(
        'Relative throughput, fanout:\n  node-fastify ran 1.17x [1.17x, 1.17x] 95%, 2 rounds faster than ' +
          'python-fastapi-tuned at 20 connections (k=1)\n  node-fastify ran 1.17x [1.17x, 1.17x] 95%, 2 rounds ' +
          'faster than python-fastapi-tuned at 20 connections (k=10)\n',
      );
    },
  );
});
