/**
 * Every API error has one JSON shape, so the page (and any other client) can show the message,
 * mark the field and offer the fix without parsing text:
 *
 *   { "error": { "status": 409, "code": "run_in_progress", "message": "...", "field"?: "...", "fix"?: "..." } }
 *
 * Handlers throw ApiError; Fastify's own errors (bad JSON, a body over the limit, an unknown
 * media type) are translated into the same shape by apiErrorHandler, and its URL errors, raised
 * before any route or hook runs, by urlError. An internal error is logged with its stack, and its
 * body names only the request: messages of failed system calls carry absolute paths.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export const errorCodes = [
  'invalid_request',
  'invalid_profile',
  'not_found',
  'method_not_allowed',
  'not_json',
  'not_results',
  'payload_too_large',
  'unsupported_media_type',
  'run_in_progress',
  'run_not_running',
  'forbidden',
  'unauthorized',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    status: z.number().int(),
    code: z.enum(errorCodes),
    message: z.string(),
    field: z.string().optional().describe('The request field the error is about, e.g. "profile.aiPlanned".'),
    fix: z.string().optional().describe('What to do about it.'),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; fix?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: { status: this.status, code: this.code, message: this.message, ...this.extra } };
  }
}

/** Fastify's error codes for problems with the request itself, and what the user is told. */
function fromFastify(
  error: FastifyError,
  limitText: (request: FastifyRequest) => string,
  request: FastifyRequest,
): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload_too_large', `the request body is larger than the ${limitText(request)} limit`, {
        fix: 'send a smaller file',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        415,
        'unsupported_media_type',
        `content type '${request.headers['content-type'] ?? '(none)'}' is not accepted here`,
        { fix: 'send application/json' },
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'not_json', 'the request body is empty, but JSON was announced', {
        fix: 'send a JSON body',
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'not_json', `the request body is not valid JSON: ${error.message}`, {
        fix: 'send a JSON body',
      });
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/.test(error.message))) {
    return new ApiError(400, 'not_json', `the request body is not valid JSON: ${error.message}`, {
      fix: 'send a JSON body',
    });
  }
  return undefined;
}

/**
 * Fastify's errors from reading the URL, before routing: a path that is not valid
 * percent-encoding, or a part longer than the router's limit (no listed name is that long).
 */
export function urlError(error: FastifyError, request: FastifyRequest, maxPartLength: number): ApiError {
  const path = request.url.split('?')[0]!;
  // A 400, as for any other invalid name or id: the part is a path parameter (no listed name is
  // that long), not a URI too long for the server (414) that the document would have to declare.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new ApiError(400, 'invalid_request', `a part of the URL path is longer than ${maxPartLength} characters`);
  if (error.code === 'FST_ERR_BAD_URL') {
    return new ApiError(400, 'invalid_request', `the URL path '${path}' is not valid percent-encoding`, {
      fix: 'encode the URL with encodeURIComponent',
    });
  }
  return new ApiError(
    error.statusCode && error.statusCode < 500 ? error.statusCode : 400,
    'invalid_request',
    `the URL cannot be routed: ${error.message}`,
  );
}

/** Where internal errors are told: the terminal running verdict serve. */
export type ErrorLog = (text: string) => void;

/** One line naming the request and the cause, then the stack. */
export function internalErrorText(error: Error, request: FastifyRequest): string {
  const firstLine =
    `verdict serve: internal error on ${request.method} ${request.url.split('?')[0]}: ` +
    `${String(error.message).split('\n')[0]}`;
  const stack = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return `${[firstLine, ...stack].join('\n')}\n`;
}

export function apiErrorHandler(limitText: (request: FastifyRequest) => string, log: ErrorLog) {
  return (error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) return reply.code(error.status).type('application/json').send(error.body());
    const known = fromFastify(error, limitText, request);
    if (known) return reply.code(known.status).type('application/json').send(known.body());
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(new ApiError(error.statusCode, 'invalid_request', error.message).body());
    }
    log(internalErrorText(error, request));
    const answer = new ApiError(
      500,
      'internal',
      `internal error: the server could not answer ${request.method} ${request.url.split('?')[0]}`,
      {
        fix: 'see the terminal running verdict serve for the cause; please report this bug',
      },
    );
    return reply.code(500).type('application/json').send(answer.body());
  };
}
