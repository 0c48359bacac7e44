/**
 * Real-time endpoints, the same behaviour as python-fastapi-tuned's realtime.py:
 *
 * - `/ws`: a WebSocket chat room with the `ws` library (the one @fastify/websocket wraps). Every
 *   text message a client sends is broadcast to every connected client, the ws README's broadcast
 *   loop. permessage-deflate is off (ws's server default, set explicitly): compression costs
 *   memory per connection, and Python is configured the same. A heartbeat pings every client every
 *   20 s and drops those that did not answer the previous ping, as uvicorn does by default.
 *   A handshake from a page whose Origin is not allowed (allowed-origins.ts) is refused with a
 *   JSON 403 before the upgrade; one without an Origin (not a browser page) is let in.
 * - `GET /api/events`: server-sent events. One timer for the whole server ticks every 100 ms,
 *   drift-free (each tick is scheduled from the first, not from the previous), and writes the same
 *   event `{seq, sentAt}` to every subscriber; it runs only while someone is subscribed, so it
 *   costs nothing during other workloads. A slow client is not dropped: Node buffers its writes
 *   (Python's per-client queue does the same).
 *
 * Timestamps are wall-clock milliseconds with a fraction (performance.timeOrigin + now()), so a
 * client on the same machine can measure delivery time.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, WebSocket } from 'ws';
import { isAllowedOrigin, type AllowedOrigin } from '../allowed-origins.js';
import { errorOf } from '../errors.js';

const EVENT_INTERVAL_MS = 100;
const HEARTBEAT_MS = 20_000;

const wallClockMs = () => performance.timeOrigin + performance.now();

export function registerRealtime(app: FastifyInstance, allowedOrigins: AllowedOrigin[]): void {
  // --- WebSocket chat room on /ws ---------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
      }
    });
  });

  app.server.on('upgrade', (request, socket, head) => {
    if (request.url?.split('?')[0] !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, allowedOrigins)) {
      const body = JSON.stringify(
        errorOf(403, `Origin ${origin} may not open /ws; ALLOWED_ORIGINS lists the pages that may`),
      );
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json; ` +
          `charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  // --- Server-sent events on GET /api/events -------------------------------------------------------
  const subscribers = new Set<ServerResponse>();
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let origin = 0;
  let ticks = 0;

  const schedule = () => {
    ticks += 1;
    timer = setTimeout(tick, Math.max(0, origin + ticks * EVENT_INTERVAL_MS - performance.now()));
  };
  const tick = () => {
    timer = undefined;
    if (subscribers.size === 0) return;
    seq += 1;
    const frame = `id: ${seq}\ndata: {"seq":${seq},"sentAt":${wallClockMs().toFixed(3)}}\n\n`;
    for (const response of subscribers) response.write(frame);
    schedule();
  };

  app.get(
    '/api/events',
    {
      schema: {
        summary: 'Server-sent events: {seq, sentAt} every 100 ms',
        description: 'A text/event-stream that never ends; every subscriber receives the same event every 100 ms.',
      },
    },
    (request, reply) => {
      const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
      // HEAD (Fastify's HEAD route runs this handler): the stream's headers, no subscription. A
      // HEAD response has no body, so a subscribed one would never end.
      if (request.method === 'HEAD') return reply.code(200).headers(headers).send();
      // The stream is written directly; Fastify's serialisation does not apply to it.
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, { ...headers, connection: 'keep-alive' });
      // A comment sends the headers at once, so the client knows it is subscribed.
      response.write(': subscribed\n\n');
      subscribers.add(response);
      if (timer === undefined) {
        origin = performance.now();
        ticks = 0;
        schedule();
      }
      request.raw.socket.on('close', () => subscribers.delete(response));
    },
  );

  // Long-lived streams and sockets would hold a graceful close open: end them first.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
    for (const response of subscribers) response.end();
    subscribers.clear();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}
