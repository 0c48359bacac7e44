import { describe, expect, it } from 'vitest';
import { renderBenchSummary, renderWarnings } from '../../src/report/bench-summary.js';
import { comparisonPairs, compareServers, describeComparison } from '../../src/report/comparisons.js';
import { collectWarnings, countCpus } from '../../src/report/warnings.js';
import type { Cell, CompletedCell, Results } from '../../src/results/schema.js';
import { cell, minimalResults } from '../support/bench-results.js';
import { asCompleted } from '../support/cell-kinds.js';
import { buildCell } from '../support/results-builder.js';

const trials = (
  server: string,
  runtime: Cell['runtime'],
  variant: Cell['variant'],
  connections: number,
  rps: number[],
  extra: Partial<CompletedCell> = {},
) =>
  rps.map((value, i) =>
    cell({
      server,
      runtime,
      variant,
      connections,
      round: i + 1,
      requestsPerSecond: value,
      requests: value * 4,
      ...extra,
    }),
  );

function fixture(): Results {
  const results = minimalResults([
    ...trials('node-express-seed', 'node', 'seed', 10, [1000, 1050, 950], {
      latencyMs: { p50: 8, p90: 15, p99: 38.6, p999: 50, max: 60 },
      serverCpuPercent: 97,
      serverRssMb: 125,
    }),
    ...trials('node-fastify', 'node', 'tuned', 10, [3100, 3000, 3200], {
      latencyMs: { p50: 2.35, p90: 5, p99: 10.2, p999: 14, max: 21 },
      serverCpuPercent: 98,
      serverRssMb: 116.4,
    }),
    ...trials('node-express-seed', 'node', 'seed', 100, [1500, 1600, 1550], { non2xx: 3 }),
    ...trials('node-fastify', 'node', 'tuned', 100, [6000, 6200, 6100]),
  ]);
  results.status = 'completed';
  results.plan = {
    ...results.plan,
    servers: ['node-express-seed', 'node-fastify'],
    levels: { users: [10, 100] },
    rounds: 3,
  };
  results.servers = [
    {
      name: 'node-express-seed',
      runtime: 'node',
      variant: 'seed',
      description: 'Express',
      poolSize: 10,
      poolLibrary: 'pg',
      libraries: {},
      notes: {},
      workers: 1,
      pinnedTo: '0',
    },
    {
      name: 'node-fastify',
      runtime: 'node',
      variant: 'tuned',
      description: 'Fastify',
      poolSize: 10,
      poolLibrary: 'postgres',
      libraries: {},
      notes: {},
      workers: 1,
      pinnedTo: '0',
    },
  ];
  results.ceilings = [
    {
      workload: 'users',
      connections: 10,
      method: 'pgbench',
      transactionsPerSecond: 20_000,
      latencyMs: 0.5,
      reason: null,
    },
  ];
  return results;
}

describe('bench summary', () => {
  it('renders context, a table per level and the relative lines, exactly', () => {
    expect(renderBenchSummary(fixture())).toBe(
      `verdict bench
Test CPU, 2 cores, 8,192 MB · Debian GNU/Linux 12 · Node 20.20.0 · Python 3.11.7 · PostgreSQL ` +
        `18.4 (embedded, 10,000 rows)
servers on CPU 0, load generator on CPU 1; load from autocannon 9.0.0; 1 process ` +
        `per server for both runtimes; pool size 10
3 interleaved rounds of 5 s trials after 2 s warm-up; seed 1; ` +
        `status completed

users at 10 connections (database ceiling 20,000 queries/s by pgbench)
  server             ` +
        `req/s median (min–max)      p50      p99  errors  non-2xx  CPU     RSS  of ceiling
  node-express-seed       ` +
        `1,000 (950–1,050)  8.00 ms  38.6 ms       0        0  97%  125 MB          5%
  node-fastify          3,100 ` +
        `(3,000–3,200)  2.35 ms  10.2 ms       0        0  98%  116 MB         16%

users at 100 connections
  ` +
        `server             req/s median (min–max)      p50      p99  errors  non-2xx  CPU     RSS  of ceiling
  ` +
        `node-express-seed     1,550 (1,500–1,600)  10.0 ms  30.0 ms       0        9  95%  110 MB           –
  ` +
        `node-fastify          6,100 (6,000–6,200)  10.0 ms  30.0 ms       0        0  95%  110 MB           ` +
        `–

Relative throughput, users:
  node-fastify ran 3.10x [2.53x, 3.81x] 95%, 3 rounds faster than ` +
        `node-express-seed at 10 connections
  node-fastify ran 3.94x [3.78x, 4.09x] 95%, 3 rounds faster than ` +
        `node-express-seed at 100 connections
`,
    );
  });

  it('colours only when asked', () => {
    expect(renderBenchSummary(fixture())).not.toContain('\u001b[');
    expect(renderBenchSummary(fixture(), true)).toContain('\u001b[1mverdict bench\u001b[22m');
  });

  it('says when a difference is within the noise, and when there is nothing to compare', () => {
    const results = minimalResults([
      ...trials('node-fastify', 'node', 'tuned', 50, [1000, 1100, 900]),
      ...trials('python-fastapi-tuned', 'python', 'tuned', 50, [1010, 1080, 950]),
      buildCell({
        server: 'python-fastapi-tuned',
        runtime: 'python',
        variant: 'tuned',
        connections: 250,
        outcome: 'errored',
        reason: 'server exited',
      }),
      ...trials('node-fastify', 'node', 'tuned', 250, [900]),
    ]);
    results.servers = [
      { ...results.servers[0]! },
      { ...results.servers[0]!, name: 'python-fastapi-tuned', runtime: 'python' },
    ];
    const lines = compareServers(results).map((c) => describeComparison(c));
    expect(lines).toEqual([
      'python-fastapi-tuned and node-fastify are within the noise of each other at 50 connections (1.02x ' +
        '[0.93x, 1.11x] 95%, 3 rounds)',
      'node-fastify and python-fastapi-tuned cannot be compared at 250 connections: python-fastapi-tuned has no ' +
        'completed trial',
    ]);
  });

  it('pairs seed with seed, tuned with tuned, and each variant with its own runtime’s others', () => {
    const server = (name: string, runtime: Cell['runtime'], variant: Cell['variant']) => ({
      name,
      runtime,
      variant,
      description: '',
      poolSize: null,
      poolLibrary: null,
      libraries: {},
      notes: {},
      workers: 1,
      pinnedTo: null,
    });
    const pairs = comparisonPairs([
      server('node-express-seed', 'node', 'seed'),
      server('node-fastify', 'node', 'tuned'),
      server('python-fastapi-pool', 'python', 'pool'),
      server('python-fastapi-seed', 'python', 'seed'),
      server('python-fastapi-tuned', 'python', 'tuned'),
    ]).map((p) => `${p.a.name} / ${p.b.name}: ${p.kind}`);
    expect(pairs).toEqual([
      'node-express-seed / python-fastapi-seed: seed vs seed',
      'node-fastify / python-fastapi-tuned: tuned vs tuned',
      'node-fastify / node-express-seed: tuned vs its own seed',
      'python-fastapi-tuned / python-fastapi-pool: tuned vs pool',
      'python-fastapi-tuned / python-fastapi-seed: tuned vs its own seed',
      'python-fastapi-pool / python-fastapi-seed: pool vs its own seed',
    ]);
  });
});

describe('warnings', () => {
  it('flags each problem once, with a remedy', () => {
    const results = minimalResults([
      ...trials('node-fastify', 'node', 'tuned', 100, [1000, 1500, 700]),
      ...trials('node-fastify', 'node', 'tuned', 10, [1000, 1010, 990], { generatorCpuPercent: 97 }),
      ...trials('node-fastify', 'node', 'tuned', 50, [1000, 1010, 990], {
        errors: 2,
        timeouts: 1,
        non2xx: 4,
        queriesPerRequest: 0.9,
      }),
      ...trials('node-fastify', 'node', 'tuned', 250, [1000, 1010, 990], { serverCpuPercent: 40 }),
      buildCell({
        server: 'node-fastify',
        connections: 1000,
        outcome: 'errored',
        reason: 'server exited during the cell (code 1)',
      }),
    ]);
    const warnings = collectWarnings(results);
    expect(warnings.map((w) => `${w.kind}@${w.connections}`)).toEqual([
      'noisy@100',
      'generator-saturated@10',
      'errors@50',
      'queries-per-request@50',
      'cpu-underused@250',
      'errored@1000',
    ]);
    expect(warnings.every((w) => w.remedy.length > 10)).toBe(true);
    expect(renderWarnings(warnings.slice(0, 1))).toBe(
      'warning: node-fastify users at 100 connections: req/s varied by 38% between rounds (a warning: ratios ' +
        'are paired by round, so drift shared by both sides cancels)\n  remedy: close other programs, or raise ' +
        '--rounds (more rounds narrow every interval) or --duration\n',
    );
  });

  it('says how many of a held-connection workload’s errors were refused and dropped connections', () => {
    const held = cell({
      server: 'python-fastapi-tuned',
      runtime: 'python',
      workload: 'sse',
      connections: 5000,
      errors: 721,
      metrics: { connectErrors: 700, dropped: 21, missedEvents: 13_699 },
    });
    const plain = trials('node-fastify', 'node', 'tuned', 50, [1000], { errors: 2, timeouts: 1 });
    const messages = collectWarnings(minimalResults([held, ...plain]))
      .filter((w) => w.kind === 'errors')
      .map((w) => w.message);
    expect(messages).toEqual([
      'python-fastapi-tuned sse at 5000 clients: 721 errors (700 connections refused, 21 dropped), 0 timeouts, ' +
        '0 non-2xx responses',
      'node-fastify users at 50 connections: 2 errors, 1 timeouts, 0 non-2xx responses',
    ]);
  });

  it('stays quiet about a clean run', () => {
    expect(collectWarnings(fixture()).filter((w) => w.kind !== 'errors')).toEqual([]);
    expect(renderWarnings([])).toBe('');
  });

  it('counts CPUs in a taskset list', () => {
    expect([countCpus('0'), countCpus('0-2'), countCpus('0,2'), countCpus(null)]).toEqual([1, 3, 2, undefined]);
  });
});

describe('servers that do not implement a workload', () => {
  it('are left out of its tables and relative lines, while other skips stay visible', () => {
    const results = fixture();
    results.plan = { ...results.plan, workloads: ['users', 'user-by-id'] };
    results.cells.push(
      ...trials('node-fastify', 'node', 'tuned', 100, [5000, 5100, 4900]).map((c) => ({
        ...c,
        workload: 'user-by-id',
      })),
      buildCell({
        server: 'node-express-seed',
        runtime: 'node',
        variant: 'seed',
        workload: 'user-by-id',
        connections: 100,
        outcome: 'skipped',
        skipCode: 'not-implemented',
        reason: 'node-express-seed does not implement the user-by-id workload',
      }),
      buildCell({
        server: 'node-express-seed',
        runtime: 'node',
        variant: 'seed',
        workload: 'user-by-id',
        connections: 250,
        outcome: 'skipped',
        skipCode: 'not-measurable',
        reason: 'the open-file limit is too low',
      }),
    );
    const text = renderBenchSummary(results);
    const byId = text.slice(text.indexOf('user-by-id at 100 connections'));
    expect(byId).toContain('node-fastify');
    expect(byId.split('\n').slice(0, 4).join('\n')).not.toContain('node-express-seed');
    expect(text).toContain('user-by-id at 250 connections');
    expect(text.slice(text.indexOf('user-by-id at 250 connections'))).toMatch(/node-express-seed\s+skipped/);
    expect(text).not.toContain('Relative throughput, user-by-id');
  });
});

describe('a server slower than its cell', () => {
  it('is flagged when no response arrived in a trial, with the requests still waiting', () => {
    const results = minimalResults(
      trials('python-fastapi-seed', 'python', 'seed', 1000, [0, 0], {
        requests: 0,
        latencyMs: null,
        metrics: { unfinishedRequests: 1000 },
      }),
    );
    const warning = collectWarnings(results).find((w) => w.kind === 'no-responses');
    expect(warning?.message).toBe(
      'python-fastapi-seed users at 1000 connections: no response arrived in any of its 4 s trials; 1000 ' +
        'requests were still waiting, so its latency outlasts the cell',
    );
  });
});

describe('the load generator sharing its core with PostgreSQL', () => {
  it('is flagged when that core was full, even though the generator itself used little of it', () => {
    const results = minimalResults(
      trials('node-fastify', 'node', 'tuned', 100, [6000, 6100, 6050], {
        generatorCpuPercent: 35,
        metrics: { generatorCoreBusyPercent: 97 },
      }),
    );
    const warning = collectWarnings(results).find((w) => w.kind === 'generator-saturated');
    expect(warning?.message).toBe(
      "node-fastify users at 100 connections: the load generator's CPU (shared with PostgreSQL) was 97% busy, " +
        'so load or queries may have waited for it',
    );
    const calm = minimalResults(
      trials('node-fastify', 'node', 'tuned', 100, [6000, 6100, 6050], {
        generatorCpuPercent: 35,
        metrics: { generatorCoreBusyPercent: 80 },
      }),
    );
    expect(collectWarnings(calm).some((w) => w.kind === 'generator-saturated')).toBe(false);
  });
});

describe('a server that answered almost nothing', () => {
  it('gets no ratio of noise over noise in the relative lines', () => {
    const results = minimalResults([
      ...trials('python-fastapi-pool', 'python', 'pool', 1000, [1500, 1560, 1530]),
      ...trials('python-fastapi-seed', 'python', 'seed', 1000, [0, 0, 0.3]),
    ]);
    expect(compareServers(results).map((c) => describeComparison(c))).toEqual([
      'python-fastapi-pool and python-fastapi-seed cannot be compared at 1000 connections: python-fastapi-seed ' +
        'answered almost nothing (0.3 req/s at most)',
    ]);
  });
});

describe('relative lines from paired rounds', () => {
  it('take the geometric mean of the per-round ratios, so drift shared by both servers in a round cancels', () => {
    // Round 2 ran on a busy machine: both servers lost half their throughput, the ratio stayed 2.
    const results = minimalResults([
      ...trials('node-fastify', 'node', 'tuned', 100, [6000, 3000, 6200]),
      ...trials('node-express-seed', 'node', 'seed', 100, [3000, 1500, 3100]),
    ]);
    const [comparison] = compareServers(results);
    expect(comparison).toMatchObject({
      faster: 'node-fastify',
      slower: 'node-express-seed',
      trials: 3,
      withinNoise: false,
    });
    expect(comparison!.ratio).toMatchObject({ estimate: 2, low: 2, high: 2, method: 't' });
    expect(describeComparison(comparison!)).toBe(
      'node-fastify ran 2.00x [2.00x, 2.00x] 95%, 3 rounds faster than node-express-seed at 100 connections',
    );
  });

  it('pair only trials of the same round: a round one side lost is left out of both', () => {
    const results = minimalResults([
      ...trials('node-fastify', 'node', 'tuned', 100, [6000, 6100, 6200]),
      ...trials('node-express-seed', 'node', 'seed', 100, [3000, 3050]),
      buildCell({
        server: 'node-express-seed',
        runtime: 'node',
        variant: 'seed',
        connections: 100,
        round: 3,
        outcome: 'errored',
        reason: 'server exited',
      }),
    ]);
    const [comparison] = compareServers(results);
    expect(comparison!.trials).toBe(2);
    expect(comparison!.ratio!.estimate).toBeCloseTo(2, 10);
    expect(describeComparison(comparison!)).toContain('2 rounds');
  });

  it(
    'count a round where the slower side answered nothing as one response in its window (a lower bound on the ' +
      'ratio)',
    () => {
      const results = minimalResults([
        ...trials('node-express-seed', 'node', 'seed', 1000, [1923, 2533, 2606]),
        ...trials('python-fastapi-seed', 'python', 'seed', 1000, [0, 14.1, 155]),
      ]);
      const [comparison] = compareServers(results);
      const oneResponse =
        1 / asCompleted(results.cells.find((c) => c.server === 'python-fastapi-seed')).durationSeconds;
      expect(comparison!.ratio!.estimate).toBeCloseTo(
        Math.cbrt((1923 / oneResponse) * (2533 / 14.1) * (2606 / 155)),
        6,
      );
      expect(comparison!.trials).toBe(3);
      expect(describeComparison(comparison!)).toContain(', 3 rounds)');
    },
  );

  it("with one round a side, use the run's A/A noise floor, and without one give no ratio", () => {
    const single = [
      ...trials('node-fastify', 'node', 'tuned', 100, [6000]),
      ...trials('node-express-seed', 'node', 'seed', 100, [2000]),
    ];
    expect(compareServers(minimalResults(single)).map((c) => describeComparison(c))).toEqual([
      'node-fastify and node-express-seed cannot be compared at 100 connections: one round and no A/A noise ' +
        'floor: no interval',
    ]);
    const aa = trials('node-fastify', 'node', 'tuned', 10, [5000, 5000, 5000]).concat(
      trials('node-fastify', 'node', 'tuned', 10, [5050, 4925, 5100], { aa: true }),
    );
    const withFloor = compareServers(minimalResults([...single, ...aa])).find((c) => c.connections === 100)!;
    expect(withFloor.ratio).toMatchObject({ estimate: 3, method: 'floor' });
    expect(withFloor.ratio!.low).toBeLessThan(3);
    expect(describeComparison(withFloor)).toMatch(
      new RegExp(
        String.raw`^node-fastify ran 3\.00x \[2\.\d\dx, 3\.\d\dx\] 95% A\/A floor, 1 trial a side faster than ` +
          'node-express-seed at 100 connections$',
      ),
    );
  });
});
