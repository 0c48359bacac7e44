/**
 * The Node runtime's ceiling for the users workload: node:http and postgres.js, nothing else. No
 * framework, no routing table, no validation, no schema: a reference server ("stripped" in
 * TechEmpower's words) that shows what node-fastify's framework and validation cost. It is
 * measured beside the others and never a side of the guide's claims.
 *
 * Held equal to the other servers: the same statement (prepared, one per request, $1 = 50), the
 * same pool (POOL_SIZE, 10, one query in flight per connection), the same JSON body, a JSON 404,
 * /health through the pool, one process unless WORKERS > 1, and SIGTERM/SIGINT finishing the
 * requests in flight before the pool closes.
 */
import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import postgres from 'postgres';

const workers = Math.max(1, Number(process.env.WORKERS ?? 1) || 1);
/** The users workload's LIMIT: the same 50 rows as every other server's GET /api/users. */
const LIMIT = 50;
const JSON_TYPE = 'application/json; charset=utf-8';

interface User {
  id: number;
  name: string;
  email: string;
}

/** Set on SIGTERM/SIGINT: every later response closes its connection, so the server can finish. */
let closing = false;

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(body),
    ...(closing ? { connection: 'close' } : {}),
  });
  response.end(body);
}

/** The other servers' error shape, {statusCode, error, message}: no stack, SQL or connection string. */
function sendError(response: ServerResponse, status: 404 | 500, message: string): void {
  send(
    response,
    status,
    JSON.stringify({ statusCode: status, error: status === 404 ? 'Not Found' : 'Internal Server Error', message }),
  );
}

function serve(url: string): void {
  const sql = postgres(url, {
    // As node-fastify: one query in flight per connection (no cross-request pipelining), so a pool
    // of 10 carries 10 queries at once, as asyncpg's and pg's do. (max_pipeline is a postgres.js
    // option its type definitions do not list.)
    ...({ max_pipeline: 0 } as object),
    max: Number(process.env.POOL_SIZE) || 10,
    prepare: true,
    connect_timeout: 2,
    onnotice: () => {},
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (request.method === 'GET' && path === '/api/users') {
      const users = await sql<User[]>`SELECT id, name, email FROM users LIMIT ${LIMIT}`;
      // postgres.js returns an Array subclass of plain {id, name, email} objects in column order:
      // JSON.stringify writes the same bytes as the other servers' serialisers.
      send(response, 200, `{"users":${JSON.stringify(users)}}`);
    } else if (request.method === 'GET' && path === '/health') {
      await sql`SELECT 1`;
      send(response, 200, '{"status":"ok"}');
    } else {
      sendError(response, 404, `No route for ${request.method} ${path}`);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error & { code?: string }) => {
      // The details go to the log, never to the client.
      console.error(`request failed: ${error.name} ${error.code ?? ''} ${error.message}`);
      if (!response.headersSent) sendError(response, 500, 'The server could not complete the request');
      else response.destroy();
    });
  });
  // Fastify's default (Node's own is 5 s): connections stay open between the load generator's requests.
  server.keepAliveTimeout = 72_000;

  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.error(`${signal}: closing`);
    // Requests in flight get 5 s, as on the other servers; then the process leaves anyway.
    setTimeout(() => process.exit(1), 5_000).unref();
    // close() stops accepting and ends idle keep-alive connections; the requests in flight are
    // answered with `Connection: close`, and the callback runs once the last connection has ended.
    server.close(() => {
      sql.end({ timeout: 5 }).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
}

if (workers > 1 && cluster.isPrimary) {
  // As node-fastify: node:cluster workers share the port, each with its own pool.
  for (let i = 0; i < workers; i += 1) cluster.fork();
  let stopping = false;
  const stop = () => {
    stopping = true; // the workers got the same signal (same process group) and shut down themselves
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      console.error(`worker ${worker.process.pid} exited with ${signal ?? `code ${code}`}; starting another`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      process.exit(0);
    }
  });
} else {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  serve(url);
}
