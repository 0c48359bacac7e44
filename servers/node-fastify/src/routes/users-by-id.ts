/**
 * GET /api/users/{id}: one row by primary key (TechEmpower's single-query test), with the same
 * production features as /api/users: the id checked by Ajv (an integer from 1 to 2^31 - 1, the
 * range of the column; anything else is a 422 from the app's error handler), a prepared
 * statement, the row validated by @fastify/response-validation and serialised by
 * fast-json-stringify, and a JSON 404 {statusCode, error, message} when no row has that id.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../database.js';
import { errorResponses } from '../schemas.js';

/** The users.id column is a PostgreSQL integer: a larger id can never exist, so it is invalid input. */
const MAX_ID = 2 ** 31 - 1;

export function registerUserById(app: FastifyInstance, db: Database): void {
  app.get('/api/users/:id', {
    schema: {
      summary: 'One user by id',
      description: 'The user with this id; 404 when there is none.',
      params: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'integer', minimum: 1, maximum: MAX_ID, description: 'The user id.' } },
      },
      response: {
        200: { $ref: 'User#' },
        404: { $ref: 'Error#', description: 'No user has this id' },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: number };
    const [row] = await db.userById(id);
    if (!row) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No user with id ${id}` });
    return row;
  });
}
