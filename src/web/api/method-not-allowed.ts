/**
 * Fastify answers a method that a path does not declare as an unknown route: a 404, on purpose
 * (fastify#862). HTTP says 405 with an Allow header listing the methods the path does declare
 * (RFC 9110 15.5.6), and the OpenAPI fuzz target checks it (schemathesis ST204), as the tuned
 * server under test does it (servers/node-fastify/src/errors.ts). Only requests the router could
 * not route come here, so routed requests pay nothing for it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { ApiError } from './errors.js';

/** GET and HEAD first, then the others alphabetically: the order the tuned servers use. */
const allowOrder = (a: string, b: string) => {
  const rank = (method: string) => (method === 'GET' ? 0 : method === 'HEAD' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
};

/**
 * The methods the request's path answers to, other than the one it came with; empty for a path
 * no route has. Only API paths: a page is read with GET, and its unknown paths get the HTML page.
 */
export function allowedMethods(app: FastifyInstance, request: FastifyRequest, ownPathOnly = false): string[] {
  if (!request.url.startsWith('/api/')) return [];
  const found = app.supportedMethods
    .filter((method) => method !== request.method)
    .map((method) => ({ method, route: app.findRoute({ method: method as HTTPMethods, url: request.url }) }))
    .filter((m) => m.route !== null);
  // A path that names a route of its own (POST /api/results/upload) is that resource, not a value
  // of another route's parameter (GET /api/results/{name}, name "upload"): only its own methods count.
  const exact = found.filter((m) => Object.keys(m.route!.params).length === 0);
  return (exact.length > 0 || ownPathOnly ? exact : found).map((m) => m.method).sort(allowOrder);
}

/**
 * Answers with the 405 when the path exists under other methods (with ownPathOnly, only when it is
 * another route's own path, not a parameter's value); returns whether it did. The
 * caller has already run the Host and origin checks (the onRequest hook), and the onSend hook adds
 * the security headers.
 */
export function answeredMethodNotAllowed(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  ownPathOnly = false,
): boolean {
  const allow = allowedMethods(app, request, ownPathOnly);
  if (allow.length === 0) return false;
  const path = request.url.split('?')[0]!;
  const error = new ApiError(
    405,
    'method_not_allowed',
    `${request.method} is not allowed on ${path}; it answers ${allow.join(', ')}`,
    { fix: 'see /api/openapi.json' },
  );
  void reply.code(405).header('allow', allow.join(', ')).type('application/json').send(error.body());
  return true;
}
