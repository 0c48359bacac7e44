/**
 * A server other machines can reach (`verdict serve --host 0.0.0.0 --allow-remote`) lets whoever
 * reaches it start benchmarks, so it asks for a random token: printed in the URL at start
 * (`?token=...`), then kept by the browser in a cookie the first such request sets (HttpOnly, so
 * no script reads it; SameSite=Strict, so no other site's page sends it). Every request without
 * it gets 401. A loopback server has no token: only this machine reaches it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api/errors.js';

export const TOKEN_COOKIE = 'verdict-token';

/** 32 random bytes, URL-safe: nothing to guess. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The URL to print: the page's address with the token. */
export function urlWithToken(url: string, token: string): string {
  return `${url}?token=${token}`;
}

/** Throws a 401 unless the request carries the token; a token from the query is kept in a cookie. */
export function checkAccessToken(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const fromQuery = new URLSearchParams(request.url.split('?')[1] ?? '').get('token');
  if (fromQuery !== null && sameToken(fromQuery, token)) {
    if (!sameToken(cookieToken(request.headers.cookie) ?? '', token)) {
      reply.header('set-cookie', `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    return;
  }
  if (sameToken(cookieToken(request.headers.cookie) ?? '', token)) return;
  throw new ApiError(
    401,
    'unauthorized',
    'this server was started with --allow-remote and answers only requests that carry its token',
    {
      fix: 'open the URL with ?token= that verdict serve printed',
    },
  );
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Compared in constant time (hashed first, so lengths need not match). */
function sameToken(given: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}
