/**
 * The fan-out workload's downstream service, run as its own process (src/load/downstream.ts
 * starts it): GET /value?i=N answers {"value": N + 1} after a fixed delay, on keep-alive
 * connections. GET /stats answers at once with how many /value calls it has answered, so a test
 * or a cell can check that a fan-out request really made K calls.
 *
 * With STUB_DELAY_MS=0 it is also `verdict calibrate`'s server that does no work.
 *
 * It must never be the bottleneck: Python's client makes it answer a few thousand calls per
 * second and Node's many more. So it is a small HTTP/1.1 responder on raw sockets rather than
 * node:http (about twice the requests per CPU second here): the clients send bodiless GETs, one
 * at a time per connection (no pipelining from undici's Pool at pipelining 1 or from aiohttp),
 * but the parser still handles requests split across reads or several in one read.
 * Settings come from the environment: STUB_DELAY_MS (default 20), STUB_PORT (default: any).
 */
import { createServer, type Socket } from 'node:net';

const delayMs = Number(process.env.STUB_DELAY_MS ?? 20);
let answered = 0;

const HEADERS_END = Buffer.from('\r\n\r\n');

function response(status: string, body: string): Buffer {
  return Buffer.from(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ` +
      `${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`,
  );
}

const NOT_FOUND = response('404 Not Found', '{"error":"not found"}');

function answer(socket: Socket, target: string): void {
  if (target.startsWith('/value')) {
    const match = /[?&]i=(\d+)/.exec(target);
    const value = match ? Number(match[1]) + 1 : 1;
    const reply = () => {
      answered += 1;
      if (!socket.destroyed) socket.write(response('200 OK', `{"value":${value}}`));
    };
    // At 0 ms it is verdict calibrate's no-work server: it answers at once, with no timer in between.
    if (delayMs === 0) reply();
    else setTimeout(reply, delayMs);
    return;
  }
  if (target === '/stats') {
    socket.write(response('200 OK', JSON.stringify({ answered, delayMs })));
    return;
  }
  socket.write(NOT_FOUND);
}

const server = createServer({ noDelay: true }, (socket) => {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let end: number;
    while ((end = pending.indexOf(HEADERS_END)) >= 0) {
      // Request line: "GET /value?i=3 HTTP/1.1". Bodies are not expected (GET only).
      const lineEnd = pending.indexOf('\r\n');
      const [, target = '/'] = pending.toString('latin1', 0, lineEnd).split(' ');
      pending = pending.subarray(end + HEADERS_END.length);
      answer(socket, target);
    }
    if (pending.length > 64 * 1024) socket.destroy(); // not an HTTP client we serve
  });
  socket.on('error', () => socket.destroy());
});

server.listen(Number(process.env.STUB_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
});

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
