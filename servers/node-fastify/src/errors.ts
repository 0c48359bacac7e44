/**
 * One JSON error shape, {statusCode, error, message}, for everything that goes wrong, whoever
 * notices it: a route, the schema validator, the router (no such path; a path that exists under
 * other methods) or Fastify itself before routing (a URL it cannot decode, a path parameter
 * longer than the router takes). A 5xx never carries a stack, SQL or connection string.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

/** The longest path parameter the router takes (Fastify's default, stated): far beyond any valid id. */
export const MAX_PARAM_LENGTH = 100;

const reasons: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function errorOf(status: number, message: string) {
  return { statusCode: status, error: reasons[status] ?? 'Error', message };
}

export function sendError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send(errorOf(status, message));
}

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

/**
 * An Allow header lists GET and HEAD first, then the others alphabetically (the same order as python-fastapi-tuned).
 */
const allowOrder = (a: string, b: string) => {
  const rank = (m: string) => (m === 'GET' ? 0 : m === 'HEAD' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
};

/**
 * Fastify answers a method that a path does not declare with a 404, on purpose (fastify#862).
 * HTTP says 405 with an Allow header listing the methods the path does declare (RFC 9110
 * 15.5.6), as python-fastapi-tuned does. Only requests the router could not route come here:
 * routed requests pay nothing for it. Returns whether it answered.
 */
function answeredMethodNotAllowed(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): boolean {
  const allow = app.supportedMethods
    .filter(
      (method) =>
        method !== request.method && app.findRoute({ method: method as HTTPMethods, url: request.url }) !== null,
    )
    .sort(allowOrder);
  if (allow.length === 0) return false;
  void reply
    .code(405)
    .header('allow', allow.join(', '))
    .send(errorOf(405, `${request.method} is not allowed on ${pathOf(request)}; it answers ${allow.join(', ')}`));
  return true;
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (answeredMethodNotAllowed(app, request, reply)) return;
    void sendError(reply, 404, `No route for ${request.method} ${pathOf(request)}`);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A request the router could not route can fail before the not-found handler runs (a QUERY
    // without a Content-Type, a body nobody parses): under another method the path exists, so
    // the answer is still the 405.
    if (request.is404 && answeredMethodNotAllowed(app, request, reply)) return;
    // Only a request that fails its schema is the client's fault. A response that fails its
    // schema also carries `validation` (from @fastify/response-validation) but is a server bug.
    if (error.code === 'FST_ERR_VALIDATION') return sendError(reply, 422, error.message);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      // The details go to the log, never to the client: no stack, SQL or connection string.
      request.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'request failed');
      return sendError(reply, 500, 'The server could not complete the request');
    }
    return sendError(reply, status, error.message);
  });
}

/**
 * Fastify's `frameworkErrors` option: errors the router meets before any route, hook or error
 * handler runs, which Fastify would otherwise answer in a shape of its own (with a `code` field,
 * and a 414 for a long parameter).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void sendError(
      reply,
      400,
      `${pathOf(request)} is not a valid URL: a % must start a percent-encoded UTF-8 sequence`,
    );
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    // No parameter of this API is valid at that length (the user id has at most 10 digits): an
    // invalid parameter, the 422 of any other invalid id, as python-fastapi-tuned answers this URL.
    void sendError(
      reply,
      422,
      `a path parameter in ${pathOf(request).slice(0, 40)}… is longer than ${MAX_PARAM_LENGTH} characters; no ` +
        `parameter of this API is that long`,
    );
  } else {
    request.log.error(
      { err: { type: error.name, code: error.code, message: error.message } },
      'request failed before routing',
    );
    void sendError(reply, 500, 'The server could not complete the request');
  }
}
