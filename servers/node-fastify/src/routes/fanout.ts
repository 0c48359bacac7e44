/**
 * GET /api/fanout?n=K: K concurrent HTTP calls to a downstream service (DOWNSTREAM_URL; verdict
 * starts a stub with a fixed delay), their answers aggregated into one response. The client is
 * undici's Pool (the HTTP client inside Node's fetch, used directly: no fetch/WHATWG streams
 * layer), keep-alive, made once at startup and closed at shutdown. Its size is
 * DOWNSTREAM_POOL_SIZE (python-fastapi-tuned's aiohttp connector gets the same limit).
 * Call i asks for /value?i=i and the stub answers {"value": i + 1}, so the sum proves that every
 * call was made and answered once. Any failed call makes the whole request a JSON 502.
 */
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { errorResponses } from '../schemas.js';

const TIMEOUT_MS = 5_000;

const fanoutQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    n: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'How many downstream calls to make.' },
  },
} as const;

const fanoutResult = {
  type: 'object',
  additionalProperties: false,
  required: ['k', 'succeeded', 'sum'],
  properties: {
    k: { type: 'integer', description: 'Downstream calls made' },
    succeeded: { type: 'integer', description: 'Calls answered with a 200 and a number' },
    sum: { type: 'integer', description: 'The sum of the values the calls returned' },
  },
} as const;

async function call(pool: Pool, i: number): Promise<number> {
  const { statusCode, body } = await pool.request({ method: 'GET', path: `/value?i=${i}` });
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`downstream answered ${statusCode}`);
  }
  const answer = (await body.json()) as { value?: unknown };
  if (typeof answer.value !== 'number') throw new Error('downstream answered without a value');
  return answer.value;
}

export function registerFanout(app: FastifyInstance): void {
  const url = process.env.DOWNSTREAM_URL;
  const pool = url
    ? new Pool(url, {
        connections: Number(process.env.DOWNSTREAM_POOL_SIZE) || 500,
        pipelining: 1,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
        connectTimeout: TIMEOUT_MS,
      })
    : undefined;
  if (pool) app.addHook('onClose', async () => pool.close());

  app.get(
    '/api/fanout',
    {
      schema: {
        summary: 'Fan out to a downstream service',
        description: 'Makes n concurrent calls to the downstream service and sums their answers.',
        querystring: fanoutQuery,
        response: {
          200: fanoutResult,
          502: { $ref: 'Error#', description: 'A downstream call failed' },
          503: { $ref: 'Error#', description: 'No downstream service is configured (DOWNSTREAM_URL)' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      if (!pool)
        return reply
          .code(503)
          .send({ statusCode: 503, error: 'Service Unavailable', message: 'DOWNSTREAM_URL is not set' });
      const { n } = request.query as { n: number };
      const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => call(pool, i)));
      let sum = 0;
      let succeeded = 0;
      for (const outcome of settled) {
        if (outcome.status === 'fulfilled') {
          succeeded += 1;
          sum += outcome.value;
        }
      }
      if (succeeded < n) {
        const reason = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason as
          | Error
          | undefined;
        request.log.warn({ failed: n - succeeded, reason: reason?.message }, 'downstream calls failed');
        return reply
          .code(502)
          .send({ statusCode: 502, error: 'Bad Gateway', message: `${n - succeeded} of ${n} downstream calls failed` });
      }
      return { k: n, succeeded, sum };
    },
  );
}
