/**
 * The best realistic Fastify version of the guide's endpoint: validated and schema-serialised
 * responses, OpenAPI with a docs page, structured JSON errors that never leak internals, a pool
 * with prepared statements, and request logging that is off unless LOG_REQUESTS=1.
 */
import Fastify, { LogController, type FastifyError } from 'fastify';
import { Ajv } from 'ajv';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import responseValidation from '@fastify/response-validation';
import type { Database } from './database.js';
import { errorBody, errorResponses, health, user, userList, usersQuery } from './schemas.js';
import { registerUserById } from './routes/users-by-id.js';
import { registerUsersUnvalidated } from './routes/users-unvalidated.js';
import { registerFanout } from './routes/fanout.js';
import { registerRealtime } from './routes/realtime.js';
import { registerCompute } from './routes/compute.js';

const reasons: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export async function buildApp(db: Database, options: { logRequests: boolean }) {
  const app = Fastify({
    // Errors are always logged (JSON, stderr-friendly pino); each request only when asked for.
    logger: { level: options.logRequests ? 'info' : 'warn' },
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
  });

  for (const schema of [user, userList, errorBody]) app.addSchema(schema);
  // The response validator has its own Ajv; it must know the shared schemas the routes refer to.
  // One error is enough to reject a response (allErrors off), and nothing is coerced or removed:
  // a body that does not match its schema is a bug, answered with a 500.
  const responseAjv = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: false });
  for (const schema of [user, userList, errorBody]) responseAjv.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'verdict users API (Fastify)', version: '1.0.0', description: "The guide's users endpoint, production-ready." },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Validates every response body against its schema before fast-json-stringify serialises it.
  await app.register(responseValidation, { ajv: responseAjv });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${path}` });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Only a request that fails its schema is the client's fault. A response that fails its
    // schema also carries `validation` (from @fastify/response-validation) but is a server bug.
    if (error.code === 'FST_ERR_VALIDATION') {
      return reply.code(422).send({ statusCode: 422, error: reasons[422], message: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      // The details go to the log, never to the client: no stack, SQL or connection string.
      request.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'request failed');
      return reply.code(500).send({ statusCode: 500, error: reasons[500], message: 'The server could not complete the request' });
    }
    return reply.code(status).send({ statusCode: status, error: reasons[status] ?? 'Error', message: error.message });
  });

  app.get('/api/users', {
    schema: {
      summary: 'List users',
      description: 'The first users in the table, as in the guide (50 unless `limit` says otherwise).',
      querystring: usersQuery,
      response: { 200: { $ref: 'UserList#' }, ...errorResponses },
    },
  }, async (request) => {
    const { limit } = request.query as { limit: number };
    return { users: await db.users(limit) };
  });

  registerUserById(app, db);
  registerUsersUnvalidated(app, db);
  registerFanout(app);
  registerRealtime(app);
  registerCompute(app);

  app.get('/health', {
    schema: { summary: 'Ready when the database answers', response: { 200: health, ...errorResponses } },
  }, async () => {
    await db.ping();
    return { status: 'ok' };
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
