/**
 * The open-model driver's lean HTTP/1.1 client against real node:http servers: both framings
 * (Content-Length and chunked, with trailers), bodiless statuses, keep-alive reuse and
 * Connection: close, at most N sockets with requests served in arrival order, and each failure
 * (a timeout, a socket cut mid-response, the client closed) named by its code.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LeanHttpPool } from '../../src/load/lean-http-client.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  server.on('connection', (socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

describe('LeanHttpPool', () => {
  it(
    'reads Content-Length and chunked bodies (with a trailer), ' + 'and bodiless 204s, over one kept-alive socket',
    async () => {
      const { url, sockets } = await serve((request, response) => {
        if (request.url === '/fixed') response.end('x'.repeat(5_000));
        else if (request.url === '/chunked') {
          response.writeHead(200, { 'Transfer-Encoding': 'chunked', Trailer: 'X-Done' });
          response.write('a'.repeat(3));
          setTimeout(() => {
            response.write('b'.repeat(70_000));
            response.addTrailers({ 'X-Done': '1' });
            response.end();
          }, 10);
        } else if (request.url === '/empty') {
          response.writeHead(204).end();
        } else response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"no"}');
      });
      const pool = new LeanHttpPool(url, { connections: 4, timeoutMs: 5_000 });
      try {
        expect(await pool.request('/fixed')).toEqual({ statusCode: 200, bodyBytes: 5_000 });
        expect(await pool.request('/chunked')).toEqual({ statusCode: 200, bodyBytes: 70_003 });
        expect(await pool.request('/empty')).toEqual({ statusCode: 204, bodyBytes: 0 });
        expect(await pool.request('/missing')).toEqual({ statusCode: 404, bodyBytes: 14 });
        expect(sockets.size).toBe(1);
      } finally {
        pool.destroy();
      }
    },
  );

  it('opens a new socket after a Connection: close response', async () => {
    const { url, sockets } = await serve((_request, response) =>
      response.writeHead(200, { Connection: 'close' }).end('bye'),
    );
    const pool = new LeanHttpPool(url, { connections: 1, timeoutMs: 5_000 });
    try {
      for (let i = 0; i < 3; i += 1) expect(await pool.request('/')).toEqual({ statusCode: 200, bodyBytes: 3 });
      expect(sockets.size).toBe(3);
    } finally {
      pool.destroy();
    }
  });

  it('never opens more than its maximum: later requests wait and are served in arrival order', async () => {
    const answered: string[] = [];
    const { url, sockets } = await serve((request, response) => setTimeout(() => response.end(request.url), 30));
    const pool = new LeanHttpPool(url, { connections: 2, timeoutMs: 5_000 });
    try {
      const paths = ['/1', '/2', '/3', '/4', '/5', '/6'];
      await Promise.all(paths.map((path) => pool.request(path).then(() => answered.push(path))));
      expect(sockets.size).toBe(2);
      // Two at a time: the first pair, then the next, then the last, each pair in either order.
      expect(answered.slice(0, 2).sort()).toEqual(['/1', '/2']);
      expect(answered.slice(2, 4).sort()).toEqual(['/3', '/4']);
      expect(answered.slice(4).sort()).toEqual(['/5', '/6']);
    } finally {
      pool.destroy();
    }
  });

  it('times a silent server out (code TIMEOUT), drops that socket and goes on with a new one', async () => {
    let first = true;
    const { url, sockets } = await serve((_request, response) => {
      if (first)
        first = false; // never answers the first request
      else response.end('ok');
    });
    const pool = new LeanHttpPool(url, { connections: 1, timeoutMs: 200 });
    try {
      await expect(pool.request('/')).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(await pool.request('/')).toEqual({ statusCode: 200, bodyBytes: 2 });
      expect(sockets.size).toBe(2);
    } finally {
      pool.destroy();
    }
  });

  it('names a socket cut mid-response (code CONNECTION) and a response it cannot frame (code PROTOCOL)', async () => {
    const { url } = await serve((request, response) => {
      if (request.url === '/cut') {
        response.writeHead(200, { 'Content-Length': '100' });
        response.write('only part');
        setTimeout(() => response.socket?.destroy(), 20);
      } else {
        // HTTP/1.0 style: no length, the body ends when the connection does.
        response.socket!.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nunframed');
      }
    });
    const pool = new LeanHttpPool(url, { connections: 2, timeoutMs: 5_000 });
    try {
      await expect(pool.request('/cut')).rejects.toMatchObject({ code: 'CONNECTION' });
      await expect(pool.request('/unframed')).rejects.toMatchObject({
        code: 'PROTOCOL',
        message: expect.stringMatching(/neither Content-Length nor chunked/),
      });
    } finally {
      pool.destroy();
    }
  });

  it('rejects what is waiting or in flight when destroyed, and whatever is asked after', async () => {
    const { url } = await serve(() => undefined); // answers nothing
    const pool = new LeanHttpPool(url, { connections: 1, timeoutMs: 5_000 });
    const outcomes = Promise.allSettled([pool.request('/a'), pool.request('/b')]); // in flight, waiting
    await new Promise((resolve) => setTimeout(resolve, 50));
    pool.destroy();
    const [inFlight, waiting] = await outcomes;
    expect(inFlight).toMatchObject({ status: 'rejected', reason: { code: 'CONNECTION' } });
    expect(waiting).toMatchObject({
      status: 'rejected',
      reason: { code: 'CONNECTION', message: 'the client was closed' },
    });
    await expect(pool.request('/c')).rejects.toMatchObject({ code: 'CONNECTION' });
  });
});
