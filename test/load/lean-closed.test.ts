/**
 * The lean closed-model driver against small node:http servers in this process: it keeps exactly
 * N connections busy, sends wrk's request bytes, counts statuses and non-2xx, draws random ids in
 * range, survives Connection: close without errors, counts a cut socket as an error and a silent
 * server as timeouts (and goes on with new sockets), stops early on request with a partial result,
 * and hands back its histogram so several processes' results merge.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runLeanClosed } from '../../src/load/lean-closed.js';
import { mergeClosedResults, splitConnections } from '../../src/load/lean-generator.js';
import type { ClosedHttpJob, PathSpec } from '../../src/load/types.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; sockets: () => number; maxOpen: () => number }> {
  const server = createServer(handler);
  let open = 0;
  let maxOpen = 0;
  let total = 0;
  server.on('connection', (socket) => {
    open += 1;
    total += 1;
    maxOpen = Math.max(maxOpen, open);
    socket.on('close', () => (open -= 1));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets: () => total,
    maxOpen: () => maxOpen,
  };
}

const job = (
  baseUrl: string,
  overrides: Partial<ClosedHttpJob> = {},
  path: PathSpec = { kind: 'fixed', path: '/api/users' },
): ClosedHttpJob => ({
  kind: 'closed-http',
  baseUrl,
  path,
  connections: 4,
  durationSeconds: 0.5,
  timeoutSeconds: 5,
  driver: 'lean',
  ...overrides,
});

describe('runLeanClosed', () => {
  it("keeps N connections busy with wrk's request bytes and counts every response and status", async () => {
    const heads: string[] = [];
    let n = 0;
    const { url, maxOpen } = await serve((request, response) => {
      if (heads.length < 3) heads.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`);
      n += 1;
      response.writeHead(n % 5 === 0 ? 404 : 200, { 'Content-Type': 'application/json' }).end('{"users":[]}');
    });
    const result = await runLeanClosed(job(url, { connections: 7 })).done;
    expect(maxOpen()).toBe(7);
    expect(heads[0]).toBe(`GET /api/users {"host":"${url.slice('http://'.length)}"}`);
    expect(result.responses).toBeGreaterThan(100);
    // Each connection has at most one request in flight when the window closes: sent and not answered.
    expect(result.sent - result.responses).toBeGreaterThanOrEqual(0);
    expect(result.sent - result.responses).toBeLessThanOrEqual(7);
    expect(result.statusCounts['200']! + result.statusCounts['404']!).toBe(result.responses);
    expect(result.non2xx).toBe(result.statusCounts['404']);
    expect(result.errors + result.timeouts).toBe(0);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.5);
    expect(result.durationSeconds).toBeLessThan(0.7);
    expect(result.latencyMs!.p50).toBeGreaterThan(0);
    expect(result.latencyMs!.p50).toBeLessThanOrEqual(result.latencyMs!.p99);
    expect(result.histogram).toEqual(expect.any(String));
  });

  it('draws each random id in its range', async () => {
    const ids = new Set<number>();
    const { url } = await serve((request, response) => {
      ids.add(Number(/\/api\/users\/(\d+)/.exec(request.url ?? '')?.[1]));
      response.end('{}');
    });
    await runLeanClosed(
      job(url, { durationSeconds: 0.3 }, { kind: 'random-id', template: '/api/users/{id}', min: 3, max: 9 }),
    ).done;
    expect([...ids].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('opens a new socket after a Connection: close response, without counting an error', async () => {
    const { url, sockets } = await serve((_request, response) =>
      response.writeHead(200, { Connection: 'close' }).end('bye'),
    );
    const result = await runLeanClosed(job(url, { connections: 2, durationSeconds: 0.3 })).done;
    expect(result.responses).toBeGreaterThan(5);
    expect(sockets()).toBeGreaterThanOrEqual(result.responses);
    expect(result.errors + result.timeouts).toBe(0);
  });

  it('counts a socket cut mid-response as an error and a silent server as timeouts, and goes on', async () => {
    let n = 0;
    const { url } = await serve((request, response) => {
      n += 1;
      if (request.url === '/silent' && n % 2 === 1) return; // never answers every other request
      if (request.url === '/cut' && n % 2 === 1) {
        response.writeHead(200, { 'Content-Length': '100' });
        response.write('only part');
        setTimeout(() => response.socket?.destroy(), 5);
        return;
      }
      response.end('ok');
    });
    const cut = await runLeanClosed(job(url, { connections: 1, durationSeconds: 0.3 }, { kind: 'fixed', path: '/cut' }))
      .done;
    expect(cut.errors).toBeGreaterThan(0);
    expect(cut.responses).toBeGreaterThan(0);
    expect(cut.timeouts).toBe(0);
    n = 0;
    const silent = await runLeanClosed(
      job(url, { connections: 1, durationSeconds: 0.8, timeoutSeconds: 0.1 }, { kind: 'fixed', path: '/silent' }),
    ).done;
    expect(silent.timeouts).toBeGreaterThan(0);
    expect(silent.responses).toBeGreaterThan(0);
    expect(silent.errors).toBe(0);
  });

  it('counts a refused connection as an error and does not spin', async () => {
    const { url } = await serve((_request, response) => response.end('ok'));
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runLeanClosed(job(url, { connections: 2, durationSeconds: 0.3 })).done;
    expect(result.responses).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    // One attempt per connection every 50 ms at most: about 12 in 0.3 s, not thousands.
    expect(result.errors).toBeLessThan(30);
  });

  it('stops early on request with what it measured', async () => {
    const { url } = await serve((_request, response) => response.end('ok'));
    const running = runLeanClosed(job(url, { durationSeconds: 30 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    running.stop();
    const result = await running.done;
    expect(result.durationSeconds).toBeLessThan(1);
    expect(result.responses).toBeGreaterThan(0);
  });
});

describe('several lean processes as one', () => {
  it('splits connections into near-equal shares, none empty', () => {
    expect(splitConnections(1000, 3)).toEqual([334, 333, 333]);
    expect(splitConnections(2, 4)).toEqual([1, 1]);
    expect(splitConnections(10, 1)).toEqual([10]);
  });

  it('sums counts and merges latency histograms', async () => {
    const { url } = await serve((_request, response) => setTimeout(() => response.end('ok'), 2));
    const [a, b] = await Promise.all([
      runLeanClosed(job(url, { connections: 2 })).done,
      runLeanClosed(job(url, { connections: 3 })).done,
    ]);
    const merged = mergeClosedResults([a, b]);
    expect(merged.responses).toBe(a.responses + b.responses);
    expect(merged.sent).toBe(a.sent + b.sent);
    expect(merged.statusCounts['200']).toBe(a.responses + b.responses);
    expect(merged.durationSeconds).toBe(Math.max(a.durationSeconds, b.durationSeconds));
    // The merged median lies between the two processes' medians; the maximum is the larger maximum.
    expect(merged.latencyMs!.p50).toBeGreaterThanOrEqual(Math.min(a.latencyMs!.p50, b.latencyMs!.p50) - 0.01);
    expect(merged.latencyMs!.p50).toBeLessThanOrEqual(Math.max(a.latencyMs!.p50, b.latencyMs!.p50) + 0.01);
    expect(merged.latencyMs!.max).toBeCloseTo(Math.max(a.latencyMs!.max, b.latencyMs!.max), 2);
    expect('histogram' in merged).toBe(false);
  });
});
