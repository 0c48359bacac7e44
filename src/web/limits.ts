/**
 * How long a connection may take and how many may be open. Fastify leaves Node's request timeout
 * off and keeps idle connections for 72 s (values for a server behind a load balancer); a local
 * tool that a stalled client must not be able to fill up needs the opposite: 300 stalled uploads
 * once stayed open here until the process ran out of patience, not the server.
 */
import type { ServerOptions } from 'node:http';

export interface ConnectionLimits {
  /** All of a request's headers must have arrived by then (Node answers 408 and closes). */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived by then; the response may take longer. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often Node looks for connections over the two timeouts above. */
  checkEveryMs: number;
  /** Connections beyond this are closed as they arrive. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  // A browser sends its headers in one packet; 10 s is generous even on a machine busy with a
  // benchmark, and ends a connection that opened and said nothing.
  headersTimeoutMs: 10_000,
  // The largest body accepted is a 5 MB upload: milliseconds on loopback, about 5 s over a
  // 1 MB/s network with --allow-remote. 60 s is ten times that. Only the request is timed, so a
  // run's event stream (a response) stays open for as long as the run lasts.
  requestTimeoutMs: 60_000,
  // Node's own default; Fastify's 72 s only makes sense behind a load balancer.
  keepAliveTimeoutMs: 5_000,
  // Node checks every 30 s by default, which would let a stalled request live 90 s.
  checkEveryMs: 1_000,
  // A browser opens at most 6 connections to one host, plus one event stream per run page:
  // 64 is about ten tabs, and keeps a flood of stalled connections from holding the process's
  // sockets and memory.
  maxConnections: 64,
};

/** Fastify's options for these limits; the connection cap is set on the server after it exists. */
export function serverOptions(limits: ConnectionLimits): {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
  };
}
