/** What the contract checks in a response, shared by the contract's test files. */
import type { Database } from '../../src/database/index.js';
import type { ServerManifest } from '../../src/servers/manifest.js';

/** The users list inside a body of the manifest's declared shape, or undefined when it has another shape. */
export function usersIn(body: unknown, shape: ServerManifest['responseShape']): unknown[] | undefined {
  if (shape === 'array') return Array.isArray(body) ? body : undefined;
  if (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Array.isArray((body as { users?: unknown }).users)
  ) {
    return (body as { users: unknown[] }).users;
  }
  return undefined;
}

/**
 * Internals a client must never see in an error body: a stack trace (Node or Python), the SQL,
 * or where and how the server connects to the database. Returns what leaked, empty when clean.
 */
export function leakedInternals(text: string, db: Database): string[] {
  const found: string[] = [];
  const checks: [string, RegExp][] = [
    ['a Node stack frame', /\n\s+at .+[:(]\d+:\d+\)?/],
    ['a Python traceback', /Traceback \(most recent call last\)|File ".+", line \d+/],
    ['SQL', /\bSELECT\b[\s\S]*\bFROM\b|\bFROM users\b/i],
    ['a connection string', /postgres(ql)?:\/\//i],
    ['the database address', new RegExp(`\\b${db.port}\\b`)],
    ['a driver error code', /ECONNREFUSED|ECONNRESET|57P01|CONNECTION_(CLOSED|ENDED|DESTROYED)/],
  ];
  for (const [what, pattern] of checks) if (pattern.test(text)) found.push(what);
  if (text.includes(db.url)) found.push('the DATABASE_URL');
  return found;
}

/** The tuned servers' error shape: {statusCode, error, message}, all three present and typed. */
export function isStructuredError(json: unknown, status: number): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const body = json as Record<string, unknown>;
  return (
    body.statusCode === status &&
    typeof body.error === 'string' &&
    body.error.length > 0 &&
    typeof body.message === 'string' &&
    body.message.length > 0
  );
}

export const isJson = (contentType: string) => /^application\/json\b/.test(contentType);
