/**
 * The results API: list the results folder, open a file, or upload one. A report is the same
 * one `verdict report --format html` writes: buildReport() and the HTML report's own sections
 * (charts, tables, claims), so the page and the file cannot differ.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { renderContext } from '../../report/bench-summary.js';
import { reportSections } from '../../report/html/page.js';
import { buildReport, countsText } from '../../report/report-model.js';
import { countText, MAX_CELLS, MAX_RESULTS_BYTES, MAX_RESULTS_TEXT, MAX_SERVERS } from '../../results/limits.js';
import { resultsSchema, type Results } from '../../results/schema.js';
import type { WebContext } from '../context.js';
import { shownPath } from '../../util/shown-path.js';
import { parseResults, RESULTS_NAME } from '../results-folder.js';
import { errorResponses } from './openapi.js';
import { documented, documentedText } from './schemas.js';

const reportSchema = z.object({
  source: z.object({ kind: z.enum(['folder', 'upload']), name: z.string() }),
  id: z.string(),
  createdAt: z.string(),
  status: z.string(),
  counts: z.object({ supported: z.number(), refuted: z.number(), inconclusive: z.number() }),
  countsText: z.string(),
  context: z.array(z.string()).describe("The run's context lines: machine, placement, trials."),
  sections: z
    .array(z.object({ id: z.string(), title: z.string(), html: z.string() }))
    .describe("The HTML report's sections, as escaped HTML fragments with inline SVG charts."),
});
export type ReportView = z.infer<typeof reportSchema>;

const listSchema = z.object({
  folder: z.string(),
  limitBytes: z.number(),
  files: z.array(z.object({ name: z.string(), bytes: z.number(), modified: z.string() })),
});

const nameParams = z.strictObject({
  name: z.string().regex(RESULTS_NAME, 'must be a .json file name from GET /api/results'),
});

/**
 * What an upload must hold: the results file's own schema, with the caps every reader applies
 * (src/results/limits.ts) where JSON Schema can say them, so the document refuses what the server
 * refuses. The byte cap is in the summary; the nesting cap is never reached by this shape.
 */
const uploadSchema = resultsSchema
  .extend({ servers: resultsSchema.shape.servers.max(MAX_SERVERS), cells: resultsSchema.shape.cells.max(MAX_CELLS) })
  .describe(`The results file as written by \`verdict bench\`, at most ${MAX_RESULTS_TEXT}.`);

export function reportView(results: Results, source: ReportView['source']): ReportView {
  const report = buildReport(results);
  return {
    source,
    id: results.id,
    createdAt: results.createdAt,
    status: results.status,
    counts: report.counts,
    countsText: countsText(report.counts),
    context: renderContext(results).split('\n'),
    sections: reportSections(report),
  };
}

export function resultsRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get(
    '/api/results',
    {
      schema: {
        summary: 'The results files in the results folder, newest first',
        tags: ['results'],
        response: { 200: documented(listSchema, 'output') },
      },
    },
    async () => ({
      folder: shownPath(ctx.cwd, ctx.folder.dir),
      limitBytes: MAX_RESULTS_BYTES,
      files: ctx.folder.list(),
    }),
  );

  app.get(
    '/api/results/:name',
    {
      schema: {
        summary: 'The report of one results file: claims verdict, charts and tables',
        tags: ['results'],
        params: documented(nameParams),
        response: { 200: documented(reportSchema, 'output'), ...errorResponses(400, 404, 413, 422) },
      },
    },
    async (request) => {
      const { name } = request.params as z.infer<typeof nameParams>;
      return reportView(await ctx.folder.read(name), { kind: 'folder', name });
    },
  );

  // Uploads get their own parser: the raw text, so "not JSON" is told apart from "not a results file".
  // Fastify refuses a body over the byte cap from its Content-Length before reading it; the caps on
  // depth, servers and cells (src/results/limits.ts) are checked before the report is built, which
  // is what keeps one upload from holding the event loop for seconds.
  void app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      ['application/json', 'application/octet-stream'],
      { parseAs: 'string', bodyLimit: MAX_RESULTS_BYTES },
      (_request, text, done) => done(null, text),
    );
    upload.post(
      '/api/results/upload',
      {
        bodyLimit: MAX_RESULTS_BYTES,
        schema: {
          summary:
            `The report of an uploaded results file (up to ${MAX_RESULTS_TEXT}, ${MAX_SERVERS} servers and ` +
            `${countText(MAX_CELLS)} cells; it is not stored)`,
          tags: ['results'],
          consumes: ['application/json', 'application/octet-stream'],
          headers: documented(
            z.looseObject({
              'x-file-name': z
                .string()
                .max(1000)
                .optional()
                .describe("The file's name, URI-encoded, shown with the report."),
            }),
          ),
          body: documentedText(uploadSchema),
          response: { 200: documented(reportSchema, 'output'), ...errorResponses(400, 413, 415, 422) },
        },
      },
      async (request) => {
        const name = fileName(request.headers['x-file-name']);
        return reportView(parseResults(request.body as string, name), { kind: 'upload', name });
      },
    );
  });
}

function fileName(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') return 'uploaded file';
  try {
    return decodeURIComponent(header).slice(0, 255);
  } catch {
    return header.slice(0, 255);
  }
}
