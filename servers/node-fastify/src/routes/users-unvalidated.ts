/**
 * GET /api/users-unvalidated: exactly /api/users (same query, same schema-serialised bytes) with
 * one difference: @fastify/response-validation does not check the body before it is sent. The
 * pair prices response validation on the same server ("at no extra cost", the guide says).
 * Not part of the production API: hidden from the OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../database.js';
import { errorResponses } from '../schemas.js';

export function registerUsersUnvalidated(app: FastifyInstance, db: Database): void {
  app.get(
    '/api/users-unvalidated',
    {
      // Read by @fastify/response-validation's onRoute hook: no validation hook for this route.
      responseValidation: false,
      schema: {
        hide: true,
        // The serialiser is still compiled from the same schema, so the bytes are the same.
        response: { 200: { $ref: 'UserList#' }, ...errorResponses },
      },
    },
    async () => ({ users: await db.users(50) }),
  );
}
