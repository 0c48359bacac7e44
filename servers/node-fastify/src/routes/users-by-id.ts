/**
 * GET /api/users/{id}: one row by primary key (TechEmpower's single-query test), with the same
 * production features as /api/users: the id checked by Ajv against the id rule below (anything
 * else is a 422 from the app's error handler), a prepared statement, the row validated by
 * @fastify/response-validation and serialised by fast-json-stringify, and a JSON 404
 * {statusCode, error, message} when no row has that id.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../database.js';
import { errorResponses } from '../schemas.js';

/** The users.id column is a PostgreSQL integer: a larger id can never exist, so it is invalid input. */
const MAX_ID = 2 ** 31 - 1;

/**
 * The id rule, the same in python-fastapi-tuned: plain decimal digits from 1 to MAX_ID, with no
 * sign, leading zero, space, separator, fraction or hex prefix (an integer schema let Ajv coerce
 * `0x10` to 16 and ` 1` to 1, and pydantic `1_0` to 10). One pattern holds the whole rule,
 * range included (numbers under 10 digits, then MAX_ID = 2147483647 digit by digit), so the
 * OpenAPI document states exactly what is accepted: a client that follows it never gets a 422.
 */
const ID_PATTERN =
  '^(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}|21474[0-7][0-9]{4' +
  '}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])$';
const ID_RULE = `must be a whole number from 1 to ${MAX_ID} in plain digits`;

export function registerUserById(app: FastifyInstance, db: Database): void {
  app.get(
    '/api/users/:id',
    {
      schema: {
        summary: 'One user by id',
        description: 'The user with this id; 404 when there is none.',
        params: {
          type: 'object',
          required: ['id'],
          properties: {
            id: {
              type: 'string',
              pattern: ID_PATTERN,
              description: `The user id: a whole number from 1 to ${MAX_ID} in plain digits.`,
            },
          },
        },
        response: {
          200: { $ref: 'User#' },
          404: { $ref: 'Error#', description: 'No user has this id' },
          ...errorResponses,
        },
      },
      // Ajv's own message would quote the whole pattern; this one says the rule.
      schemaErrorFormatter: (_errors, dataVar) => new Error(`${dataVar}/id ${ID_RULE}`),
    },
    async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      const [row] = await db.userById(id);
      if (!row) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No user with id ${id}` });
      return row;
    },
  );
}
