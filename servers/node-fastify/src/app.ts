/**
 * The best realistic Fastify version of the guide's endpoint: validated and schema-serialised
 * responses, OpenAPI with a docs page, structured JSON errors that never leak internals (see
 * errors.ts), a pool with prepared statements, and request logging that is off unless
 * LOG_REQUESTS=1.
 */
import Fastify, { LogController } from 'fastify';
import { Ajv } from 'ajv';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import responseValidation from '@fastify/response-validation';
import type { AllowedOrigin } from './allowed-origins.js';
import type { Database } from './database.js';
import { frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandlers } from './errors.js';
import { errorBody, errorResponses, health, user, userList, usersQuery } from './schemas.js';
import { registerUserById } from './routes/users-by-id.js';
import { registerUsersUnvalidated } from './routes/users-unvalidated.js';
import { registerFanout } from './routes/fanout.js';
import { registerRealtime } from './routes/realtime.js';
import { registerCompute } from './routes/compute.js';

export interface AppOptions {
  logRequests: boolean;
  /** The pages that may open the WebSocket room (ALLOWED_ORIGINS, parsed by allowed-origins.ts). */
  allowedOrigins: AllowedOrigin[];
}

export async function buildApp(db: Database, options: AppOptions) {
  const app = Fastify({
    // Errors are always logged (JSON, stderr-friendly pino); each request only when asked for.
    logger: { level: options.logRequests ? 'info' : 'warn' },
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router cannot decode or a parameter it will not take: the same JSON error shape.
    frameworkErrors,
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
      info: {
        title: 'verdict users API (Fastify)',
        version: '1.0.0',
        description: "The guide's users endpoint, production-ready.",
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Validates every response body against its schema before fast-json-stringify serialises it.
  await app.register(responseValidation, { ajv: responseAjv });

  registerErrorHandlers(app);

  app.get(
    '/api/users',
    {
      schema: {
        summary: 'List users',
        description: 'The first users in the table, as in the guide (50 unless `limit` says otherwise).',
        querystring: usersQuery,
        response: { 200: { $ref: 'UserList#' }, ...errorResponses },
      },
    },
    async (request) => {
      const { limit } = request.query as { limit: number };
      return { users: await db.users(limit) };
    },
  );

  registerUserById(app, db);
  registerUsersUnvalidated(app, db);
  registerFanout(app);
  registerRealtime(app, options.allowedOrigins);
  registerCompute(app);

  app.get(
    '/health',
    {
      schema: { summary: 'Ready when the database answers', response: { 200: health, ...errorResponses } },
    },
    async () => {
      await db.ping();
      return { status: 'ok' };
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
