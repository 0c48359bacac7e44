/**
 * One source for each request's shape: a zod schema. It is turned into JSON Schema for the
 * route (which @fastify/swagger publishes as the OpenAPI document) and it is what validates the
 * request, so the document cannot drift from what the server accepts. The profile is the decide
 * engine's own schema, with its own messages: the web form and the command line say the same.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { describeIssue } from '../../decide/profile.js';
import { ApiError } from './errors.js';

export type JsonSchema = Record<string, unknown>;

/** JSON Schema objects handed to Fastify, mapped back to the zod schema they came from. */
const registry = new WeakMap<object, z.ZodType>();

/** The JSON Schema of a zod schema (as a request accepts it), registered for validation. */
export function documented(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  registry.set(json, schema);
  return json;
}

/**
 * The JSON Schema of a body the route reads as text and checks itself (an upload): the document
 * shows what the text must hold, so a client or a fuzzer knows what is accepted, while the
 * validator only asks for text, and the route's own parser gives the precise answers (not JSON,
 * not a results file, too large).
 */
export function documentedText(content: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(content, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  registry.set(json, z.string());
  return json;
}

/** Fastify asks this for a validator per route part; every route schema must come from documented(). */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  const zod = registry.get(schema as object);
  if (!zod)
    throw new Error(
      `${method} ${url}: the ${httpPart} schema was not made with documented(); every request schema comes from zod`,
    );
  return (data: unknown) => {
    const result = zod.safeParse(data);
    return result.success
      ? { value: result.data }
      : { error: requestError(httpPart ?? 'request', result.error.issues[0]!, data) };
  };
};

const PART_NAMES: Record<string, string> = {
  body: 'request body',
  params: 'URL path',
  querystring: 'query string',
  headers: 'header',
};

function requestError(part: string, issue: z.core.$ZodIssue, data: unknown): ApiError {
  const path = issue.path.map(String);
  // The profile's messages come from the decide engine; "(--touches)" names a command-line flag, not a form field.
  const profile = typeof data === 'object' && data !== null ? (data as { profile?: unknown }).profile : undefined;
  if (path[0] === 'profile' && typeof profile === 'object' && profile !== null && !Array.isArray(profile)) {
    const inner = { ...issue, path: issue.path.slice(1) } as z.core.$ZodIssue;
    const message = describeIssue(inner, profile).replace(/ \(--[a-z-]+\)/, '');
    const field = ['profile', ...path.slice(1).filter((p) => !/^\d+$/.test(p))].join('.');
    return new ApiError(400, 'invalid_profile', message, { field, fix: 'change that answer' });
  }
  const field = path.join('.');
  const where = field ? `${PART_NAMES[part] ?? part} field '${field}'` : (PART_NAMES[part] ?? part);
  return new ApiError(400, 'invalid_request', `${where}: ${issue.message}`, field ? { field } : {});
}
