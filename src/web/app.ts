/**
 * The web app: Fastify with the JSON API, the pages and their assets.
 *
 * Why Fastify rather than bare node:http: route schemas give request validation and the OpenAPI
 * document from one source (@fastify/swagger reads the same schemas the validator uses), body
 * limits are enforced while the body streams in (an oversized upload is refused, not buffered),
 * content types are checked per route, and errors go through one handler. All of it is already
 * a dependency of the tuned Node.js server under test.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { checkAccessToken, urlWithToken } from './access-token.js';
import { notFoundPage } from './pages/layout.js';
import { pageRoutes, clientScripts } from './pages/page-routes.js';
import { decideRoutes } from './api/decide-routes.js';
import { ApiError, apiErrorHandler, urlError } from './api/errors.js';
import { answeredMethodNotAllowed } from './api/method-not-allowed.js';
import { openApiRoute, registerOpenApi } from './api/openapi.js';
import { resultsRoutes } from './api/results-routes.js';
import { runRoutes } from './api/run-routes.js';
import { zodValidatorCompiler } from './api/schemas.js';
import type { WebContext } from './context.js';
import { DEFAULT_LIMITS, serverOptions, type ConnectionLimits } from './limits.js';
import { MAX_RESULTS_NAME_LENGTH, MAX_RESULTS_TEXT } from './results-folder.js';
import { allowedHosts, checkRequest, securityHeaders, setSecurityHeaders, type HostCheck } from './security.js';

export interface WebApp {
  app: FastifyInstance;
  /** Starts listening; resolves with the URL to open (with the token, when there is one). */
  listen(host: string, port: number): Promise<string>;
  /** Stops the current run (and everything it started), then the server. */
  close(): Promise<void>;
  /** The page scripts found; empty means the project was not built. */
  scripts: Set<string>;
}

export interface WebAppOptions {
  /** Where internal errors are logged, one line and the stack (default: this process's stderr). */
  stderr?: { write(text: string): unknown };
  /** Timeouts and the connection cap; limits.ts says why the defaults are what they are. */
  limits?: Partial<ConnectionLimits>;
  /** When set, every request must carry it (access-token.ts): a server other machines can reach. */
  token?: string;
}

/** Profiles and run requests are tiny; only uploads (their own limit) are large. */
const JSON_BODY_LIMIT = 64 * 1024;

/**
 * The router's limit on one path part: the longest name the results folder lists, so every
 * listed file opens (Fastify's default, 100, left names of 101 to 206 characters unopenable).
 */
const MAX_PATH_PART = MAX_RESULTS_NAME_LENGTH;

export async function createWebApp(ctx: WebContext, version: string, options: WebAppOptions = {}): Promise<WebApp> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const stderr = options.stderr ?? process.stderr;
  let hostAllowed: HostCheck = () => false;
  /** What every request must pass before anything else: its Host, its origin, the token. */
  const admit = (request: FastifyRequest, reply: FastifyReply) => {
    checkRequest(request, hostAllowed);
    if (options.token !== undefined) checkAccessToken(request, reply, options.token);
  };

  const app = Fastify({
    bodyLimit: JSON_BODY_LIMIT,
    forceCloseConnections: true,
    // Errors are told by apiErrorHandler: internal ones to stderr, the rest to the client.
    logger: false,
    routerOptions: { maxParamLength: MAX_PATH_PART },
    ...serverOptions(limits),
    // URL errors are found before routing, so no hook runs for them: the Host check, the token
    // and the headers are applied here, and the error gets the API's shape.
    frameworkErrors: (error, request, reply) => {
      let answer: ApiError;
      try {
        admit(request, reply);
        answer = urlError(error, request, MAX_PATH_PART);
      } catch (refused) {
        answer = refused instanceof ApiError ? refused : urlError(error, request, MAX_PATH_PART);
      }
      setSecurityHeaders(reply);
      void (reply as FastifyReply).code(answer.status).type('application/json').send(answer.body());
    },
  });
  app.server.maxConnections = limits.maxConnections;
  app.setValidatorCompiler(zodValidatorCompiler);
  // Response schemas document the API; responses are sent as they are, never filtered by them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // JSON only: a form on another site can post text/plain without asking; we do not accept it.
  app.removeContentTypeParser('text/plain');
  await registerOpenApi(app, version);

  app.addHook('onRequest', async (request, reply) => admit(request, reply));
  app.addHook('onSend', securityHeaders);
  const apiErrors = apiErrorHandler(
    (request) => (request.url.startsWith('/api/results/upload') ? MAX_RESULTS_TEXT : '64 KB'),
    (text) => stderr.write(text),
  );
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    // A request the router could not route can fail before the not-found handler runs (a QUERY
    // without a Content-Type, which Fastify wants for a method with a body): when the path exists
    // under other methods, the answer is still the 405. A refusal of the Host or origin stands.
    if (request.is404 && !(error instanceof ApiError) && answeredMethodNotAllowed(app, request, reply)) return reply;
    // GET /api/results/upload reaches GET /api/results/{name} with the name "upload", which its
    // validation refuses: the path is the upload's own, so the answer is the upload's 405.
    if (
      (error as { validationContext?: string }).validationContext === 'params' &&
      answeredMethodNotAllowed(app, request, reply, true)
    )
      return reply;
    return apiErrors(error, request, reply);
  });
  app.setNotFoundHandler((request, reply) => {
    if (answeredMethodNotAllowed(app, request, reply)) return reply;
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send(
        new ApiError(404, 'not_found', `no API route ${request.method} ${request.url.split('?')[0]}`, {
          fix: 'see /api/openapi.json',
        }).body(),
      );
    }
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(notFoundPage(request.url.split('?')[0]!));
  });

  const scripts = clientScripts();
  openApiRoute(app);
  decideRoutes(app, ctx);
  resultsRoutes(app, ctx);
  runRoutes(app, ctx);
  pageRoutes(app, ctx, scripts);

  return {
    app,
    scripts,
    async listen(host, port) {
      await app.listen({ host, port });
      const address = app.server.address() as AddressInfo;
      hostAllowed = allowedHosts(host, address.port);
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `http://${shownHost}:${address.port}/`;
      return options.token === undefined ? url : urlWithToken(url, options.token);
    },
    async close() {
      await ctx.runs.shutdown();
      await app.close();
    },
  };
}
