/**
 * A small hand-built run for exact-output tests: the tuned servers and the pooled FastAPI at two
 * levels, the FastAPI seed with one errored trial (and its log), validation priced at 10
 * connections. Enough for supported, refuted and inconclusive claims side by side.
 */
import type { Results } from '../../src/results/schema.js';
import { buildCell, buildResults, steady, trials } from '../support/results-builder.js';

export function reportFixture(): Results {
  return buildResults([
    ...steady({ server: 'node-fastify', connections: 10, latency: 4 }, 6000),
    ...steady({ server: 'node-fastify', connections: 100, latency: 30 }, 8000),
    ...steady({ server: 'python-fastapi-tuned', connections: 10, latency: 9 }, 3000),
    ...steady({ server: 'python-fastapi-tuned', connections: 100, latency: 70 }, 3200),
    ...steady({ server: 'python-fastapi-pool', connections: 10, latency: 8 }, 2600),
    ...trials({ server: 'python-fastapi-pool', connections: 100, latency: 90 }, [2000, 2600, 3100]),
    ...steady({ server: 'python-fastapi-tuned', workload: 'users-unvalidated', connections: 10, latency: 8 }, 3100),
    buildCell({ server: 'python-fastapi-seed', connections: 10, trial: 1, rps: 400, latency: 60 }),
    buildCell({ server: 'python-fastapi-seed', connections: 10, trial: 2, outcome: 'errored', reason: 'server exited with code 1', logTail: ['asyncpg.exceptions.TooManyConnectionsError: sorry, too many clients already'] }),
  ]);
}
