/**
 * A small hand-built run for exact-output tests: the tuned servers and the pooled FastAPI at two
 * levels in three interleaved rounds, node-fastify's A/A replicate in the same rounds (the noise
 * floor), the open model at two offered rates, the FastAPI seed with one errored trial (and its
 * log), validation priced at 10 connections. Enough for supported, refuted and inconclusive
 * claims side by side.
 */
import type { Results } from '../../src/results/schema.js';
import { buildCell, buildResults, steady, trials } from '../support/results-builder.js';

const open = (server: string, rate: number, p50: number, p99: number) =>
  steady(
    {
      server,
      workload: 'users-open',
      connections: rate,
      latency: { p50, p90: (p50 + p99) / 2, p99, p999: p99 * 1.5, max: p99 * 2 },
      metrics: { targetRate: rate, achievedRate: rate * 0.995, rateHeld: 1 },
    },
    rate * 0.995,
  );

export function reportFixture(): Results {
  return buildResults([
    ...steady({ server: 'node-fastify', connections: 10, latency: 4 }, 6000),
    ...steady({ server: 'node-fastify', connections: 10, latency: 4, aa: true }, 6000),
    ...steady({ server: 'node-fastify', connections: 100, latency: 30 }, 8000),
    ...steady({ server: 'node-fastify', connections: 100, latency: 30, aa: true }, 8000),
    ...steady({ server: 'python-fastapi-tuned', connections: 10, latency: 9 }, 3000),
    ...steady({ server: 'python-fastapi-tuned', connections: 100, latency: 70 }, 3200),
    ...steady({ server: 'python-fastapi-pool', connections: 10, latency: 8 }, 2600),
    ...trials({ server: 'python-fastapi-pool', connections: 100, latency: 90 }, [2000, 2600, 3100]),
    ...steady({ server: 'python-fastapi-tuned', workload: 'users-unvalidated', connections: 10, latency: 8 }, 3100),
    buildCell({ server: 'python-fastapi-seed', connections: 10, round: 1, rps: 400, latency: 60 }),
    buildCell({
      server: 'python-fastapi-seed',
      connections: 10,
      round: 2,
      outcome: 'errored',
      reason: 'server exited with code 1',
      logTail: ['asyncpg.exceptions.TooManyConnectionsError: sorry, too many clients already'],
    }),
    ...open('node-fastify', 250, 2, 8),
    ...open('node-fastify', 1000, 2.5, 12),
    ...open('python-fastapi-tuned', 250, 30, 150),
    ...open('python-fastapi-tuned', 1000, 45, 260),
  ]);
}
