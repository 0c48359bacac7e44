/**
 * The decide API: the questionnaire's answers in, the recommendation out, from the same engine,
 * rates and evidence rules as `verdict decide`; and the ADR from the same writer.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { renderAdr } from '../../decide/adr.js';
import { profileSchema, type Profile } from '../../decide/profile.js';
import { recommend, type Recommendation } from '../../decide/recommend.js';
import type { Results } from '../../results/schema.js';
import { shownPath, type WebContext } from '../context.js';
import { decisionSummary, renderDecision } from '../render/decision.js';
import { ApiError } from './errors.js';
import { errorResponses } from './openapi.js';
import { documented } from './schemas.js';

export const decideRequestSchema = z.strictObject({
  profile: profileSchema.describe('The project profile: the same fields as `verdict decide --profile FILE` (examples/decide-profile.yaml).'),
  results: z
    .string()
    .max(250)
    .default('newest')
    .describe('Measurements to cite: "newest" (the newest file in the results folder, as `verdict decide` does), "none", or a file name from GET /api/results.'),
});
type DecideRequest = z.output<typeof decideRequestSchema>;

const decideResponseSchema = z.object({
  recommendation: z.record(z.string(), z.unknown()).describe('The same document as `verdict decide --json`.'),
  summary: z.string().describe('One line: the choice and the confidence.'),
  html: z.string().describe('The recommendation as an HTML fragment (escaped), as the decide page shows it.'),
  warnings: z.array(z.string()).describe('e.g. a newest results file that could not be read and was ignored.'),
});

export function decideRoutes(app: FastifyInstance, ctx: WebContext): void {
  const body = documented(decideRequestSchema);

  app.post('/api/decide', {
    schema: {
      summary: 'Recommend Node.js, Python or the hybrid for a project profile',
      tags: ['decide'],
      body,
      response: { 200: documented(decideResponseSchema, 'output'), ...errorResponses(400, 404, 413, 415, 422) },
    },
  }, async (request) => {
    const { rec, warnings } = await recommendation(ctx, request.body as DecideRequest);
    return { recommendation: { schema: 'verdict-decision', version: 1, ...rec }, summary: decisionSummary(rec), html: renderDecision(rec), warnings };
  });

  app.post('/api/decide/adr', {
    schema: {
      summary: 'The recommendation as an Architecture Decision Record (MADR Markdown), as `verdict decide --adr`',
      tags: ['decide'],
      body,
      produces: ['text/markdown'],
      response: { 200: { description: 'MADR 4 Markdown, as an attachment', content: { 'text/markdown': { schema: { type: 'string' } } } }, ...errorResponses(400, 404, 422) },
    },
  }, async (request, reply) => {
    const { rec } = await recommendation(ctx, request.body as DecideRequest);
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${adrFileName(rec.profile)}"`)
      .send(renderAdr(rec, new Date()));
  });
}

/** The recommendation for the questionnaire's starting answers, drawn into the page before any script runs. */
export async function decideDefaults(ctx: WebContext): Promise<{ html: string; summary: string }> {
  const { rec } = await recommendation(ctx, decideRequestSchema.parse({ profile: {} }));
  return { html: renderDecision(rec), summary: decisionSummary(rec) };
}

async function recommendation(ctx: WebContext, { profile, results }: DecideRequest): Promise<{ rec: Recommendation; warnings: string[] }> {
  const warnings: string[] = [];
  let evidence: { data: Results; file: string } | undefined;
  const name = results === 'newest' ? ctx.folder.newest() : results === 'none' ? undefined : results;
  if (name !== undefined) {
    try {
      evidence = { data: await ctx.folder.read(name), file: shownPath(ctx.cwd, ctx.folder.pathOf(name)) };
    } catch (error) {
      // As on the command line: a file asked for by name must be good; the newest one found on its own only warns.
      if (results !== 'newest' || !(error instanceof ApiError)) throw error;
      warnings.push(`ignoring ${name}: ${error.message}; choose another results file`);
    }
  }
  return { rec: recommend({ profile, rates: ctx.rates, ...(evidence ? { results: evidence } : {}) }), warnings };
}

/** decision-payments-api.md: the project's name, made safe for a file name. */
export function adrFileName(profile: Profile): string {
  const slug = profile.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `decision-${slug || 'backend'}.md`;
}
