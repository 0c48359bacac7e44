/**
 * A local web app that can start processes must answer only its own page:
 * - a Content-Security-Policy that lets the page load nothing from any other origin (no CDN, no
 *   fonts, no inline script), so it works, and can only work, with no network;
 * - the Host header must name this server (a DNS-rebinding page cannot borrow it);
 * - anything that changes state must come from this origin (a page elsewhere cannot start or
 *   cancel a run through the user's browser).
 */
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api/errors.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export type HostCheck = (host: string) => boolean;

/**
 * The Host values this server answers to: loopback names and the host it was bound to, with its
 * port. Bound to every interface (0.0.0.0, ::), any IP address is accepted too: DNS rebinding
 * needs a name, and a user who opened the server to the network reaches it by address.
 */
export function allowedHosts(boundHost: string, port: number): HostCheck {
  const bracket = (name: string) => (name.includes(':') && !name.startsWith('[') ? `[${name}]` : name);
  const names = new Set([...LOOPBACK_NAMES, bracket(boundHost)].map((name) => `${name}:${port}`.toLowerCase()));
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  return (host) => {
    if (names.has(host)) return true;
    if (!wildcard) return false;
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(host);
    return match !== null && Number(match[2]) === port && isIP(match[1]!) !== 0;
  };
}

export function checkRequest(request: FastifyRequest, hostAllowed: HostCheck): void {
  const host = (request.headers.host ?? '').toLowerCase();
  if (!hostAllowed(host)) {
    throw new ApiError(403, 'forbidden', `this server answers only to its own address, not to Host '${host}'`, {
      fix: 'open the URL that verdict serve printed',
    });
  }
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== `http://${host}`) || site === 'cross-site' || site === 'same-site') {
    throw new ApiError(
      403,
      'forbidden',
      `requests that change something must come from this page, not from ${origin ?? 'another site'}`,
      { fix: 'use the page that verdict serve printed' },
    );
  }
}

export function setSecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
}

export function securityHeaders(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  setSecurityHeaders(reply);
  done(null, payload);
}
