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
import Fastify, { type FastifyInstance } from 'fastify';
import { notFoundPage } from './pages/layout.js';
import { pageRoutes, clientScripts } from './pages/page-routes.js';
import { decideRoutes } from './api/decide-routes.js';
import { ApiError, apiErrorHandler } from './api/errors.js';
import { openApiRoute, registerOpenApi } from './api/openapi.js';
import { resultsRoutes } from './api/results-routes.js';
import { runRoutes } from './api/run-routes.js';
import { zodValidatorCompiler } from './api/schemas.js';
import type { WebContext } from './context.js';
import { MAX_RESULTS_TEXT } from './results-folder.js';
import { allowedHosts, checkRequest, securityHeaders, type HostCheck } from './security.js';

export interface WebApp {
  app: FastifyInstance;
  /** Starts listening; resolves with the URL to open. */
  listen(host: string, port: number): Promise<string>;
  /** Stops the current run (and everything it started), then the server. */
  close(): Promise<void>;
  /** The page scripts found; empty means the project was not built. */
  scripts: Set<string>;
}

/** Profiles and run requests are tiny; only uploads (their own limit) are large. */
const JSON_BODY_LIMIT = 64 * 1024;

export async function createWebApp(ctx: WebContext, version: string): Promise<WebApp> {
  const app = Fastify({ bodyLimit: JSON_BODY_LIMIT, forceCloseConnections: true, logger: false });
  app.setValidatorCompiler(zodValidatorCompiler);
  // Response schemas document the API; responses are sent as they are, never filtered by them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // JSON only: a form on another site can post text/plain without asking; we do not accept it.
  app.removeContentTypeParser('text/plain');
  await registerOpenApi(app, version);

  let hostAllowed: HostCheck = () => false;
  app.addHook('onRequest', async (request) => checkRequest(request, hostAllowed));
  app.addHook('onSend', securityHeaders);
  app.setErrorHandler(apiErrorHandler((request) => (request.url.startsWith('/api/results/upload') ? MAX_RESULTS_TEXT : '64 KB')));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send(new ApiError(404, 'not_found', `no API route ${request.method} ${request.url.split('?')[0]}`, { fix: 'see /api/openapi.json' }).body());
    }
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(request.url.split('?')[0]!));
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
      return `http://${shownHost}:${address.port}/`;
    },
    async close() {
      await ctx.runs.shutdown();
      await app.close();
    },
  };
}
