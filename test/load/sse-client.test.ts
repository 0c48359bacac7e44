/**
 * The driver's raw event-stream client against hand-written HTTP responses over real sockets:
 * chunked bodies cut at every byte, plain bodies, malformed data, refusals and a server that
 * never answers.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { openEventStream } from '../../src/load/sse-client.js';

let server: net.Server | undefined;
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server that answers every connection with `reply`, written one piece at a time. */
async function serve(pieces: string[]): Promise<URL> {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`);
}

const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
const events = [
  'id: 1\ndata: {"seq":1,"sentAt":1000.5}\n\n',
  ': keep-alive\n\n',
  'id: 2\ndata: {"seq":2,"sentAt":1100.25}\n\n',
  'data: not json\n\n',
  'id: 3\ndata: {"seq":3,"sentAt":1200}\n\n',
];

function collect() {
  const got: [number, number][] = [];
  let malformed = 0;
  let closed = '';
  return {
    got,
    malformed: () => malformed,
    closed: () => closed,
    handlers: {
      event: (seq: number, sentAt: number) => got.push([seq, sentAt]),
      malformed: () => (malformed += 1),
      closed: (reason: string) => (closed = reason),
    },
  };
}

it('reads a chunked stream cut at every byte', async () => {
  const head =
    'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n';
  const wire = head + events.map(chunk).join('');
  const url = await serve([...wire]);
  const c = collect();
  const stream = await openEventStream(url, c.handlers, 2_000);
  await expect.poll(() => c.got.length, { timeout: 3_000 }).toBe(3);
  expect(c.got).toEqual([
    [1, 1000.5],
    [2, 1100.25],
    [3, 1200],
  ]);
  expect(c.malformed()).toBe(1);
  stream.close();
});

it('reads a plain (not chunked) stream and says when it ends', async () => {
  const url = await serve([
    'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n',
    events.join(''),
  ]);
  const c = collect();
  await openEventStream(url, c.handlers, 2_000);
  await expect.poll(() => c.got.length, { timeout: 3_000 }).toBe(3);
  for (const socket of sockets) socket.destroy();
  await expect.poll(() => c.closed(), { timeout: 3_000 }).not.toBe('');
});

it('rejects a refusal with its status, and a silent server after the timeout', async () => {
  const refusing = await serve([
    'HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}',
  ]);
  await expect(openEventStream(refusing, collect().handlers, 2_000)).rejects.toThrow('HTTP 503 application/json');
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server!.close(resolve));
  const silent = await serve([]);
  await expect(openEventStream(silent, collect().handlers, 300)).rejects.toThrow('no answer within 0 s');
});
