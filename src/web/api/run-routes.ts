/**
 * The runs API: start a quick benchmark (one at a time), follow it as server-sent events, cancel
 * it. The request's choices are checked against the real servers and workloads before anything
 * starts, and the bench validates them once more itself.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import type { RunEvent } from '../runs/run.js';
import { errorResponses } from './openapi.js';
import { documented } from './schemas.js';

/** Servers a quick run from the page starts with: one per runtime, the realistic versions. */
const DEFAULT_SERVERS = ['node-fastify', 'python-fastapi-tuned'];
/** The page runs quick benchmarks; the command line is there for heavier ones. */
export const MAX_WEB_LEVEL = 2_000;

const idParams = z.strictObject({
  id: z.string().regex(/^bench-[0-9-]+$/, 'must be a run id such as bench-20261126-101500'),
});

const progressSchema = z.object({
  done: z.number(),
  total: z.number(),
  label: z.string(),
  elapsedSeconds: z.number(),
  etaSeconds: z.number(),
});

const snapshotSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'cancelling', 'completed', 'failed', 'cancelled']),
  request: z.object({
    servers: z.array(z.string()),
    workloads: z.array(z.string()),
    levels: z.array(z.number()).optional(),
  }),
  command: z.string(),
  pid: z.number().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  estimatedSeconds: z.number().nullable(),
  progress: progressSchema.nullable(),
  results: z.string().nullable().describe("The results file's name in the results folder (GET /api/results/{name})."),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  processesSeen: z.number(),
  leftovers: z
    .array(z.object({ pid: z.number(), command: z.string() }))
    .describe('Processes that outlived the run and were killed; normally empty.'),
  removedFolders: z
    .array(z.string())
    .describe('Temporary PostgreSQL folders of the run that outlived it and were removed; normally empty.'),
  message: z.string().nullable(),
});

/**
 * One server-sent event as a client parses it (the WHATWG rules): {id, event, data}, where data
 * is the JSON text of the event's payload (contentSchema says which, per event type). An OpenAPI
 * 3.1 text/event-stream schema describes one event, not the stream: that is how schemathesis and
 * OpenAPI 3.2's itemSchema read it. The "retry" line and the keep-alive comments carry no data,
 * so they are not events.
 */
function serverSentEventSchema(): Record<string, unknown> {
  const payloads: Record<RunEvent['type'], z.ZodType> = {
    state: snapshotSchema,
    progress: progressSchema,
    log: z.object({ stream: z.enum(['stdout', 'stderr']), message: z.string() }),
    end: snapshotSchema,
  };
  return {
    oneOf: Object.entries(payloads).map(([event, payload]) => ({
      type: 'object',
      required: ['id', 'event', 'data'],
      properties: {
        id: {
          type: 'string',
          pattern: '^[0-9]+$',
          description: 'Counts from 1; send it back as Last-Event-ID to resume after it.',
        },
        event: { type: 'string', enum: [event] },
        data: { type: 'string', contentMediaType: 'application/json', contentSchema: documented(payload, 'output') },
        retry: { type: 'integer' },
      },
    })),
  };
}

/** What the run form starts with: one realistic server per runtime, the users workload. */
export function defaultRunChoices(ctx: WebContext): { servers: string[]; workloads: string[] } {
  const names = ctx.manifests.map((m) => m.name);
  const workloads = ctx.workloads.map((w) => w.name);
  return {
    servers: DEFAULT_SERVERS.filter((s) => names.includes(s)),
    workloads: workloads.includes('users') ? ['users'] : workloads.slice(0, 1),
  };
}

export function runRoutes(app: FastifyInstance, ctx: WebContext): void {
  const serverNames = ctx.manifests.map((m) => m.name) as [string, ...string[]];
  const workloadNames = ctx.workloads.map((w) => w.name) as [string, ...string[]];
  const startSchema = z.strictObject({
    servers: z.array(z.enum(serverNames)).min(1).describe('Servers to run (GET /api/runs/options).'),
    workloads: z.array(z.enum(workloadNames)).min(1).default(['users']),
    levels: z
      .array(z.number().int().min(1).max(MAX_WEB_LEVEL))
      .min(1)
      .max(5)
      .optional()
      .describe("Connection levels for the HTTP workloads; the quick run's own when absent."),
  });

  app.get(
    '/api/runs/options',
    {
      schema: { summary: 'What a run can be asked for: servers, workloads, defaults', tags: ['runs'] },
    },
    async () => ({
      servers: ctx.manifests.map((m) => ({
        name: m.name,
        runtime: m.runtime,
        variant: m.variant,
        description: m.description,
      })),
      workloads: ctx.workloads.map((w) => ({
        name: w.name,
        summary: w.summary,
        levelLabel: w.levelLabel,
        quickLevels: w.levels.quick,
      })),
      defaults: defaultRunChoices(ctx),
      maxLevel: MAX_WEB_LEVEL,
    }),
  );

  app.post(
    '/api/runs',
    {
      schema: {
        summary: 'Start a quick benchmark run (`verdict bench --quick`); one at a time',
        tags: ['runs'],
        body: documented(startSchema),
        response: { 202: documented(snapshotSchema, 'output'), ...errorResponses(400, 403, 409, 415) },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof startSchema>;
      const snapshot = ctx.runs.start({
        servers: [...new Set(body.servers)],
        workloads: [...new Set(body.workloads)],
        levels: body.levels ? [...new Set(body.levels)].sort((a, b) => a - b) : undefined,
      });
      return reply.code(202).send(snapshot);
    },
  );

  app.get(
    '/api/runs/current',
    {
      schema: {
        summary: 'The current run, or the last one; null before the first',
        tags: ['runs'],
        response: { 200: documented(z.object({ run: snapshotSchema.nullable() }), 'output') },
      },
    },
    async () => ({ run: ctx.runs.current()?.snapshot() ?? null }),
  );

  app.get(
    '/api/runs/:id',
    {
      schema: {
        summary: "One run's state",
        tags: ['runs'],
        params: documented(idParams),
        response: { 200: documented(snapshotSchema, 'output'), ...errorResponses(400, 404) },
      },
    },
    async (request) => ctx.runs.get((request.params as z.infer<typeof idParams>).id).snapshot(),
  );

  app.post(
    '/api/runs/:id/cancel',
    {
      schema: {
        summary: 'Cancel a run: SIGINT to its process group, as Ctrl-C; every process it started is stopped',
        tags: ['runs'],
        params: documented(idParams),
        response: { 202: documented(snapshotSchema, 'output'), ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(ctx.runs.cancel((request.params as z.infer<typeof idParams>).id)),
  );

  app.get(
    '/api/runs/:id/events',
    {
      schema: {
        summary:
          'The run as server-sent events: state, progress, log and end (replayed from the start, or after ' +
          'Last-Event-ID)',
        tags: ['runs'],
        params: documented(idParams),
        produces: ['text/event-stream'],
        response: {
          200: {
            description: "text/event-stream; each event's data is JSON",
            content: { 'text/event-stream': { schema: serverSentEventSchema() } },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    (request, reply) => {
      const run = ctx.runs.get((request.params as z.infer<typeof idParams>).id);
      const lastId = Number(request.headers['last-event-id'] ?? 0);
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      response.write('retry: 2000\n\n');
      const send = (event: RunEvent) => {
        response.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
        if (event.type === 'end') response.end();
      };
      const unsubscribe = run.subscribe(Number.isFinite(lastId) ? lastId : 0, send);
      // A run that had ended before this (re)connection has nothing more to say.
      if (!run.isActive()) {
        response.end();
        return;
      }
      const ping = setInterval(() => response.write(': still running\n\n'), 15_000);
      request.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    },
  );
}
