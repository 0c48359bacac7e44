/**
 * The pages and their assets. Scripts are the page modules compiled by the project's own tsc
 * build (src/web/client -> dist/web/client), served from a list made at start-up: nothing else on
 * disk can be asked for. Styles are the report's stylesheet and the app's, from their modules.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { REPORT_CSS } from '../../report/html/style.js';
import { projectRoot } from '../../util/paths.js';
import { decideDefaults } from '../api/decide-routes.js';
import { MAX_WEB_LEVEL, defaultRunChoices } from '../api/run-routes.js';
import type { WebContext } from '../context.js';
import { shownPath } from '../../util/shown-path.js';
import { MAX_RESULTS_BYTES } from '../results-folder.js';
import { decidePage } from './decide-page.js';
import { FAVICON_SVG, notFoundPage } from './layout.js';
import { resultsPage } from './results-page.js';
import { runPage } from './run-page.js';
import { APP_CSS } from './style.js';

export const clientDir = join(projectRoot, 'dist', 'web', 'client');

/** The compiled page scripts; empty (and said so at start-up) when the project is not built. */
export function clientScripts(dir = clientDir): Set<string> {
  return new Set(existsSync(dir) ? readdirSync(dir).filter((name) => /^[a-z0-9-]+\.js$/.test(name)) : []);
}

const HIDDEN = { schema: { hide: true } };

export function pageRoutes(app: FastifyInstance, ctx: WebContext, scripts: Set<string>): void {
  const folder = () => shownPath(ctx.cwd, ctx.folder.dir);
  const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);

  app.get('/', HIDDEN, async (_request, reply) => reply.redirect('/decide'));
  app.get('/decide', HIDDEN, async (_request, reply) =>
    html(reply, decidePage(ctx.folder.list(), folder(), await decideDefaults(ctx))),
  );
  app.get('/results', HIDDEN, async (_request, reply) =>
    html(reply, resultsPage(ctx.folder.list(), folder(), MAX_RESULTS_BYTES)),
  );
  app.get('/run', HIDDEN, async (_request, reply) =>
    html(reply, runPage(ctx.manifests, ctx.workloads, defaultRunChoices(ctx), folder(), MAX_WEB_LEVEL)),
  );

  app.get('/assets/app.css', HIDDEN, async (_request, reply) => reply.type('text/css; charset=utf-8').send(APP_CSS));
  app.get('/assets/report.css', HIDDEN, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(REPORT_CSS),
  );
  app.get('/favicon.svg', HIDDEN, async (_request, reply) => reply.type('image/svg+xml').send(FAVICON_SVG));
  app.get('/favicon.ico', HIDDEN, async (_request, reply) => reply.redirect('/favicon.svg', 301));
  app.get('/assets/js/:file', HIDDEN, async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!scripts.has(file)) return html(reply.code(404), notFoundPage(request.url));
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await readFile(join(clientDir, file), 'utf8'));
  });
}
