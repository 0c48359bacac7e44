import { describe, expect, it } from 'vitest';
import { renderBenchSummary, renderWarnings } from '../../src/report/bench-summary.js';
import { comparisonPairs, compareServers, describeComparison } from '../../src/report/comparisons.js';
import { collectWarnings, countCpus } from '../../src/report/warnings.js';
import type { Cell, Results } from '../../src/results/schema.js';
import { cell, minimalResults } from '../support/bench-results.js';

const trials = (server: string, runtime: Cell['runtime'], variant: Cell['variant'], connections: number, rps: number[], extra: Partial<Cell> = {}) =>
  rps.map((value, i) => cell({ server, runtime, variant, connections, trial: i + 1, requestsPerSecond: value, requests: value * 4, ...extra }));

function fixture(): Results {
  const results = minimalResults([
    ...trials('node-express-seed', 'node', 'seed', 10, [1000, 1050, 950], { latencyMs: { p50: 8, p90: 15, p99: 38.6, p999: 50, max: 60 }, serverCpuPercent: 97, serverRssMb: 125 }),
    ...trials('node-fastify', 'node', 'tuned', 10, [3100, 3000, 3200], { latencyMs: { p50: 2.35, p90: 5, p99: 10.2, p999: 14, max: 21 }, serverCpuPercent: 98, serverRssMb: 116.4 }),
    ...trials('node-express-seed', 'node', 'seed', 100, [1500, 1600, 1550], { non2xx: 3 }),
    ...trials('node-fastify', 'node', 'tuned', 100, [6000, 6200, 6100]),
  ]);
  results.status = 'completed';
  results.plan = { ...results.plan, servers: ['node-express-seed', 'node-fastify'], levels: { users: [10, 100] }, trials: 3 };
  results.servers = [
    { name: 'node-express-seed', runtime: 'node', variant: 'seed', description: 'Express', poolSize: 10, poolLibrary: 'pg', libraries: {}, notes: {}, workers: 1, pinnedTo: '0' },
    { name: 'node-fastify', runtime: 'node', variant: 'tuned', description: 'Fastify', poolSize: 10, poolLibrary: 'postgres', libraries: {}, notes: {}, workers: 1, pinnedTo: '0' },
  ];
  results.ceilings = [{ workload: 'users', connections: 10, method: 'pgbench', transactionsPerSecond: 20_000, latencyMs: 0.5, reason: null }];
  return results;
}

describe('bench summary', () => {
  it('renders context, a table per level and the relative lines, exactly', () => {
    expect(renderBenchSummary(fixture())).toBe(`verdict bench
Test CPU, 2 cores, 8,192 MB · Debian GNU/Linux 12 · Node 20.20.0 · Python 3.11.7 · PostgreSQL 18.4 (embedded, 10,000 rows)
servers on CPU 0, load generator on CPU 1; load from autocannon 9.0.0; 1 process per server for both runtimes; pool size 10
3 trials of 5 s per cell after 2 s warm-up; status completed

users at 10 connections (database ceiling 20,000 queries/s by pgbench)
  server             req/s median (min–max)      p50      p99  errors  non-2xx  CPU     RSS  of ceiling
  node-express-seed       1,000 (950–1,050)  8.00 ms  38.6 ms       0        0  97%  125 MB          5%
  node-fastify          3,100 (3,000–3,200)  2.35 ms  10.2 ms       0        0  98%  116 MB         16%

users at 100 connections
  server             req/s median (min–max)      p50      p99  errors  non-2xx  CPU     RSS  of ceiling
  node-express-seed     1,550 (1,500–1,600)  10.0 ms  30.0 ms       0        9  95%  110 MB           –
  node-fastify          6,100 (6,000–6,200)  10.0 ms  30.0 ms       0        0  95%  110 MB           –

Relative throughput, users:
  node-fastify ran 3.10 ± 0.18 times faster than node-express-seed at 10 connections
  node-fastify ran 3.94 ± 0.14 times faster than node-express-seed at 100 connections
`);
  });

  it('colours only when asked', () => {
    expect(renderBenchSummary(fixture())).not.toContain('\u001b[');
    expect(renderBenchSummary(fixture(), true)).toContain('\u001b[1mverdict bench\u001b[22m');
  });

  it('says when a difference is within the noise, and when there is nothing to compare', () => {
    const results = minimalResults([
      ...trials('node-fastify', 'node', 'tuned', 50, [1000, 1100, 900]),
      ...trials('python-fastapi-tuned', 'python', 'tuned', 50, [1010, 1080, 950]),
      cell({ server: 'python-fastapi-tuned', runtime: 'python', variant: 'tuned', connections: 250, outcome: 'errored', reason: 'server exited', requestsPerSecond: null }),
      ...trials('node-fastify', 'node', 'tuned', 250, [900]),
    ]);
    results.servers = [
      { ...results.servers[0]! },
      { ...results.servers[0]!, name: 'python-fastapi-tuned', runtime: 'python' },
    ];
    const lines = compareServers(results).map((c) => describeComparison(c));
    expect(lines).toEqual([
      'python-fastapi-tuned and node-fastify are within the noise of each other at 50 connections (1.01 ± 0.12)',
      'node-fastify and python-fastapi-tuned cannot be compared at 250 connections: python-fastapi-tuned has no completed trial',
    ]);
  });

  it('pairs seed with seed, tuned with tuned, and each variant with its own runtime’s others', () => {
    const server = (name: string, runtime: Cell['runtime'], variant: Cell['variant']) => ({ name, runtime, variant, description: '', poolSize: null, poolLibrary: null, libraries: {}, notes: {}, workers: 1, pinnedTo: null });
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
      ...trials('node-fastify', 'node', 'tuned', 50, [1000, 1010, 990], { errors: 2, timeouts: 1, non2xx: 4, queriesPerRequest: 0.9 }),
      ...trials('node-fastify', 'node', 'tuned', 250, [1000, 1010, 990], { serverCpuPercent: 40 }),
      cell({ connections: 1000, outcome: 'errored', reason: 'server exited during the cell (code 1)', requestsPerSecond: null }),
    ]);
    const warnings = collectWarnings(results);
    expect(warnings.map((w) => `${w.kind}@${w.connections}`)).toEqual(['noisy@100', 'generator-saturated@10', 'errors@50', 'queries-per-request@50', 'cpu-underused@250', 'errored@1000']);
    expect(warnings.every((w) => w.remedy.length > 10)).toBe(true);
    expect(renderWarnings(warnings.slice(0, 1))).toBe(
      'warning: node-fastify users at 100 connections: req/s varied by 38% between trials\n  remedy: close other programs, or raise --duration or --trials\n',
    );
  });

  it('says how many of a held-connection workload’s errors were refused and dropped connections', () => {
    const held = cell({ server: 'python-fastapi-tuned', runtime: 'python', workload: 'sse', connections: 5000, errors: 721, metrics: { connectErrors: 700, dropped: 21, missedEvents: 13_699 } });
    const plain = trials('node-fastify', 'node', 'tuned', 50, [1000], { errors: 2, timeouts: 1 });
    const messages = collectWarnings(minimalResults([held, ...plain])).filter((w) => w.kind === 'errors').map((w) => w.message);
    expect(messages).toEqual([
      'python-fastapi-tuned sse at 5000 connections: 721 errors (700 connections refused, 21 dropped), 0 timeouts, 0 non-2xx responses',
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
      ...trials('node-fastify', 'node', 'tuned', 100, [5000, 5100, 4900]).map((c) => ({ ...c, workload: 'user-by-id' })),
      cell({ server: 'node-express-seed', runtime: 'node', variant: 'seed', workload: 'user-by-id', connections: 100, outcome: 'skipped', reason: 'node-express-seed does not implement the user-by-id workload', requestsPerSecond: null, latencyMs: null }),
      cell({ server: 'node-express-seed', runtime: 'node', variant: 'seed', workload: 'user-by-id', connections: 250, outcome: 'skipped', reason: 'the open-file limit is too low', requestsPerSecond: null, latencyMs: null }),
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
    const results = minimalResults(trials('python-fastapi-seed', 'python', 'seed', 1000, [0, 0], { requests: 0, latencyMs: null, metrics: { unfinishedRequests: 1000 } }));
    const warning = collectWarnings(results).find((w) => w.kind === 'no-responses');
    expect(warning?.message).toBe('python-fastapi-seed users at 1000 connections: no response arrived in any of its 4 s trials; 1000 requests were still waiting, so its latency outlasts the cell');
  });
});

describe('the load generator sharing its core with PostgreSQL', () => {
  it('is flagged when that core was full, even though the generator itself used little of it', () => {
    const results = minimalResults(trials('node-fastify', 'node', 'tuned', 100, [6000, 6100, 6050], { generatorCpuPercent: 35, metrics: { generatorCoreBusyPercent: 97 } }));
    const warning = collectWarnings(results).find((w) => w.kind === 'generator-saturated');
    expect(warning?.message).toBe("node-fastify users at 100 connections: the load generator's CPU (shared with PostgreSQL) was 97% busy, so load or queries may have waited for it");
    const calm = minimalResults(trials('node-fastify', 'node', 'tuned', 100, [6000, 6100, 6050], { generatorCpuPercent: 35, metrics: { generatorCoreBusyPercent: 80 } }));
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
      'python-fastapi-pool and python-fastapi-seed cannot be compared at 1000 connections: python-fastapi-seed answered almost nothing (0.3 req/s at most)',
    ]);
  });
});

describe('a win too spread for a mean ratio', () => {
  it('is stated from the least favourable pair of trials', () => {
    const results = minimalResults([
      ...trials('node-express-seed', 'node', 'seed', 1000, [1923, 2533, 2606]),
      ...trials('python-fastapi-seed', 'python', 'seed', 1000, [0, 14.1, 155]),
    ]);
    expect(compareServers(results).map((c) => describeComparison(c))).toEqual([
      "node-express-seed ran at least 12.41 times faster than python-fastapi-seed at 1000 connections (its slowest trial against the other's fastest; the mean ratio, 41.76 ± 63.85, spreads too widely to use)",
    ]);
  });
});
