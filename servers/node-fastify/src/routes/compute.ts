/**
 * GET /api/compute/matmul and GET /api/compute/stats?implementation=NAME: CPU-bound numeric work
 * on fixed generated data (compute/data.ts), by the implementation named in the query (typed-array
 * or mathjs; anything else is a 422 from the app's error handler). The answer is a summary of the
 * result (sums, trace, sample entries; mean, deviation, percentiles) that verdict compares across
 * every implementation of both runtimes before it times anything. The response is validated and
 * serialised from its schema like every response of this app.
 */
import type { FastifyInstance } from 'fastify';
import { IMPLEMENTATIONS, MATMUL, STATS, type Implementation } from '../compute/kernels.js';
import { errorResponses } from '../schemas.js';

const computeQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['implementation'],
  properties: {
    implementation: {
      type: 'string',
      enum: [...IMPLEMENTATIONS],
      description: 'Which implementation computes the answer.',
    },
  },
} as const;

const matmulResult = {
  type: 'object',
  additionalProperties: false,
  required: ['operation', 'implementation', 'size', 'sum', 'trace', 'samples'],
  properties: {
    operation: { type: 'string', const: 'matmul' },
    implementation: { type: 'string' },
    size: { type: 'integer', description: 'A and B are size x size' },
    sum: { type: 'number', description: 'The sum of every entry of A B' },
    trace: { type: 'number' },
    samples: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['row', 'column', 'value'],
        properties: { row: { type: 'integer' }, column: { type: 'integer' }, value: { type: 'number' } },
      },
    },
  },
} as const;

const statsResult = {
  type: 'object',
  additionalProperties: false,
  required: ['operation', 'implementation', 'count', 'mean', 'std', 'p50', 'p90', 'p99'],
  properties: {
    operation: { type: 'string', const: 'stats' },
    implementation: { type: 'string' },
    count: { type: 'integer' },
    mean: { type: 'number' },
    std: { type: 'number', description: 'Population standard deviation (ddof 0)' },
    p50: { type: 'number', description: "Percentiles by NumPy's default linear interpolation" },
    p90: { type: 'number' },
    p99: { type: 'number' },
  },
} as const;

export function registerCompute(app: FastifyInstance): void {
  app.get(
    '/api/compute/matmul',
    {
      schema: {
        summary: 'Multiply two fixed 192 x 192 float64 matrices',
        querystring: computeQuery,
        response: { 200: matmulResult, ...errorResponses },
      },
    },
    async (request) => {
      const { implementation } = request.query as { implementation: Implementation };
      return { operation: 'matmul', implementation, ...(await MATMUL[implementation]()) };
    },
  );

  app.get(
    '/api/compute/stats',
    {
      schema: {
        summary: 'Mean, standard deviation and percentiles of 1,000,000 fixed floats',
        querystring: computeQuery,
        response: { 200: statsResult, ...errorResponses },
      },
    },
    async (request) => {
      const { implementation } = request.query as { implementation: Implementation };
      return { operation: 'stats', implementation, ...(await STATS[implementation]()) };
    },
  );
}
