/**
 * The decide API: the questionnaire's answers in, the recommendation out, from the same engine,
 * rates and evidence rules as `verdict decide`; and the ADR from the same writer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { basename, isAbsolute, sep } from 'node:path';
import { renderAdr, type AdrOptions } from '../../decide/adr.js';
import { profileSchema, type Profile } from '../../decide/profile.js';
import { DECISION_DOCUMENT, recommend, type Recommendation } from '../../decide/recommend.js';
import { newestCompletedResults } from '../../results/store.js';
import type { WebContext } from '../context.js';
import { shownPath } from '../../util/shown-path.js';
import { decisionSummary, renderDecision } from '../render/decision.js';
import { ApiError } from './errors.js';
import { errorResponses } from './openapi.js';
import { documented, type JsonSchema } from './schemas.js';

export const decideRequestSchema = z.strictObject({
  profile: profileSchema.describe(
    'The project profile: the same fields as `verdict decide --profile FILE` (examples/decide-profile.yaml).',
  ),
  results: z
    .string()
    .max(250)
    .default('newest')
    .describe(
      'Measurements to cite: "newest" (the newest completed, valid file in the results folder, as `verdict ' +
        'decide` does), "none", or a file name from GET /api/results.',
    ),
});
type DecideRequest = z.output<typeof decideRequestSchema>;

const decideResponseSchema = z.object({
  recommendation: z.record(z.string(), z.unknown()).describe('The same document as `verdict decide --json`.'),
  summary: z.string().describe('One line: the choice and the confidence.'),
  html: z.string().describe('The recommendation as an HTML fragment (escaped), as the decide page shows it.'),
  warnings: z.array(z.string()).describe('e.g. a newer results file that is unfinished or invalid, and was skipped.'),
});

/**
 * The profile's rules across fields (its superRefine), which zod cannot turn into JSON Schema, added
 * to the document by hand so that it accepts what the engine accepts: a team of at least one
 * person, and no aiPlanned other than yes when touches lists ai.
 */
function withProfileRules(body: JsonSchema): JsonSchema {
  const profile = (body.properties as Record<string, JsonSchema>).profile!;
  const properties = profile.properties as Record<string, JsonSchema>;
  const someone = ['mid', 'senior', 'principal'].map((level) => ({
    required: [level],
    properties: { [level]: { minimum: 1 } },
  }));
  properties.team = { ...properties.team, anyOf: someone };
  profile.anyOf = [
    { not: { required: ['touches'], properties: { touches: { contains: { const: 'ai' } } } } },
    { not: { required: ['aiPlanned'] } },
    { required: ['aiPlanned'], properties: { aiPlanned: { const: 'yes' } } },
  ];
  return body;
}

export function decideRoutes(app: FastifyInstance, ctx: WebContext): void {
  const body = withProfileRules(documented(decideRequestSchema));

  app.post(
    '/api/decide',
    {
      schema: {
        summary: 'Recommend Node.js, Python or the hybrid for a project profile',
        tags: ['decide'],
        body,
        response: { 200: documented(decideResponseSchema, 'output'), ...errorResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { rec, warnings } = await recommendation(ctx, request.body as DecideRequest);
      return {
        recommendation: { ...DECISION_DOCUMENT, ...rec },
        summary: decisionSummary(rec),
        html: renderDecision(rec),
        warnings,
      };
    },
  );

  app.post(
    '/api/decide/adr',
    {
      schema: {
        summary: 'The recommendation as an Architecture Decision Record (MADR Markdown), as `verdict decide --adr`',
        tags: ['decide'],
        body,
        produces: ['text/markdown'],
        response: {
          200: {
            description: 'MADR 4 Markdown, as an attachment',
            content: { 'text/markdown': { schema: { type: 'string' } } },
          },
          ...errorResponses(400, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { rec } = await recommendation(ctx, request.body as DecideRequest);
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${adrFileName(rec.profile)}"`)
        .send(renderAdr(rec, adrOptions(rec)));
    },
  );
}

/** The recommendation for the questionnaire's starting answers, drawn into the page before any script runs. */
export async function decideDefaults(ctx: WebContext): Promise<{ html: string; summary: string }> {
  const { rec } = await recommendation(ctx, decideRequestSchema.parse({ profile: {} }));
  return { html: renderDecision(rec), summary: decisionSummary(rec) };
}

/**
 * The evidence as on the command line: a file asked for by name must be good and finished; by
 * default the newest completed, valid file in the folder, each newer file passed over named in a
 * warning. Names in the folder are what the page shows; the cited file is shown from the working folder.
 */
async function recommendation(
  ctx: WebContext,
  { profile, results }: DecideRequest,
): Promise<{ rec: Recommendation; warnings: string[] }> {
  const base = { profile, rates: ctx.rates };
  const shown = (name: string) => shownPath(ctx.cwd, ctx.folder.pathOf(name));
  if (results === 'none')
    return { rec: recommend({ ...base, noResults: 'you chose to cite no measurements' }), warnings: [] };
  if (results !== 'newest') {
    const data = await ctx.folder.read(results);
    if (data.status === 'running') {
      throw new ApiError(409, 'run_in_progress', `${results}: the run has not finished (status: running)`, {
        field: 'results',
        fix: 'wait for the run to finish, or choose a completed results file',
      });
    }
    return {
      rec: recommend({ ...base, results: { data, file: shown(results), why: 'chosen on this page' } }),
      warnings: [],
    };
  }
  const names = ctx.folder.list().map((f) => f.name);
  const { chosen, skipped } = await newestCompletedResults(names, (name) => ctx.folder.read(name));
  const warnings = skipped.map((x) => `ignoring ${x.file}: ${x.why}`);
  if (!chosen) {
    // The folder as the page shows it: this text reaches the ADR, which names no absolute path.
    const folder = shownPath(ctx.cwd, ctx.folder.dir);
    const why =
      names.length === 0
        ? `the results folder (${isAbsolute(folder) ? basename(folder) : folder}) holds no results file yet`
        : `none of the ${names.length} files in the results folder is a completed, valid results file`;
    return { rec: recommend({ ...base, noResults: why, skipped }), warnings };
  }
  const passed = skipped.length ? ` (${skipped.length} newer file${skipped.length === 1 ? '' : 's'} skipped)` : '';
  return {
    rec: recommend({
      ...base,
      results: {
        data: chosen.results,
        file: shown(chosen.file),
        why: `the newest completed results file in the folder${passed}`,
      },
      skipped,
    }),
    warnings,
  };
}

/** The ADR links the cited file as the working folder names it (results/…): where `verdict serve` ran. */
function adrOptions(rec: Recommendation): AdrOptions {
  return { date: new Date(), ...(rec.evidence.used ? { resultsLink: rec.evidence.file.split(sep).join('/') } : {}) };
}

/** decision-payments-api.md: the project's name, made safe for a file name. */
export function adrFileName(profile: Profile): string {
  const slug = profile.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `decision-${slug || 'backend'}.md`;
}
