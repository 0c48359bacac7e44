/**
 * The open-model driver's schedule against small local HTTP servers: requests leave on a fixed
 * schedule whatever the server does, and latency runs from the intended send time. A server that
 * stalls for 500 ms shows up as 500 ms of latency, not as fewer requests sent (the closed model,
 * run against the same stall, hides most of it: coordinated omission). A server too slow for the
 * rate makes the driver report that the rate was not held.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runAutocannon } from '../../src/load/autocannon-driver.js';
import { RATE_TOLERANCE, runOpenModel, type OpenHttpJob } from '../../src/load/open-model.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server that answers at once, except that requests arriving during the stall wait until it ends. */
async function stallingServer(stall: { afterMs: number; forMs: number }): Promise<{ url: string; hits: () => number }> {
  let firstAt: number | undefined;
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    const now = performance.now();
    firstAt ??= now;
    const stallStart = firstAt + stall.afterMs;
    const stallEnd = stallStart + stall.forMs;
    const answer = () => response.end('{"ok":true}');
    if (now >= stallStart && now < stallEnd) setTimeout(answer, stallEnd - now);
    else answer();
  });
  return listen(server, () => hits);
}

/** A server that handles one request at a time, each taking `serviceMs`: at most 1000 / serviceMs per second. */
async function slowServer(serviceMs: number): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  let busyUntil = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    const start = Math.max(performance.now(), busyUntil);
    busyUntil = start + serviceMs;
    setTimeout(() => response.end('{"ok":true}'), busyUntil - performance.now());
  });
  return listen(server, () => hits);
}

async function listen(server: Server, hits: () => number): Promise<{ url: string; hits: () => number }> {
  servers.push(server);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const job = (url: string, overrides: Partial<OpenHttpJob> = {}): OpenHttpJob => ({
  kind: 'open-http',
  baseUrl: url,
  path: { kind: 'fixed', path: '/' },
  rate: 200,
  durationSeconds: 2,
  timeoutSeconds: 5,
  connections: 256,
  ...overrides,
});

describe('open-model driver', () => {
  it('sends rate x duration requests on schedule and holds the rate against a healthy server', async () => {
    const server = await stallingServer({ afterMs: 60_000, forMs: 0 });
    const result = await runOpenModel(job(server.url, { rate: 300, durationSeconds: 1.5 })).done;
    expect(result.sent).toBe(450);
    expect(server.hits()).toBe(450);
    expect(result.responses).toBe(450);
    expect(result.errors + result.timeouts + result.non2xx).toBe(0);
    expect(Math.abs(result.achievedRate - 300) / 300).toBeLessThanOrEqual(RATE_TOLERANCE);
    expect(result.rateHeld).toBe(true);
    expect(result.latencyMs!.p50).toBeLessThan(20);
  });

  it('shows a 500 ms stall as latency from the intended send time, not as fewer requests sent', async () => {
    const stall = { afterMs: 700, forMs: 500 };
    const open = await stallingServer(stall);
    const result = await runOpenModel(job(open.url)).done;
    console.log(
      `[open model] stall of ${stall.forMs} ms at 200 req/s: sent ${result.sent}, p50 ${result.latencyMs?.p50} ` +
        `ms, p99 ${result.latencyMs?.p99} ms, max ${result.latencyMs?.max} ms, most outstanding ` +
        `${result.maxInFlight}`,
    );
    // The schedule did not wait for the stalled responses: every request due was sent.
    expect(Math.abs(result.sent - 200 * 2) / 400).toBeLessThanOrEqual(RATE_TOLERANCE);
    expect(Math.abs(open.hits() - 400) / 400).toBeLessThanOrEqual(RATE_TOLERANCE);
    expect(result.maxInFlight).toBeGreaterThanOrEqual(90); // about 100 requests were due during the stall
    expect(result.queuedSends).toBe(0);
    // The request due as the stall began waited all of it; a quarter of the run waited some of it.
    expect(result.latencyMs!.max).toBeGreaterThanOrEqual(stall.forMs * 0.95);
    expect(result.latencyMs!.p99).toBeGreaterThanOrEqual(stall.forMs * 0.8);
    expect(result.latencyMs!.p90).toBeGreaterThanOrEqual(stall.forMs * 0.3);
    expect(result.errors + result.timeouts).toBe(0);

    // The closed model against the same stall: its few connections stop sending while they wait,
    // so only a handful of requests record the stall and the percentiles barely move.
    const closed = await stallingServer(stall);
    const closedResult = await runAutocannon({
      kind: 'closed-http',
      baseUrl: closed.url,
      path: { kind: 'fixed', path: '/' },
      connections: 2,
      durationSeconds: 2,
      timeoutSeconds: 5,
    }).done;
    console.log(
      `[closed model] same stall, 2 connections: p90 ${closedResult.latencyMs?.p90} ms, p99 ` +
        `${closedResult.latencyMs?.p99} ms, max ${closedResult.latencyMs?.max} ms`,
    );
    expect(closedResult.latencyMs!.max).toBeGreaterThanOrEqual(stall.forMs * 0.9);
    expect(closedResult.latencyMs!.p99).toBeLessThan(result.latencyMs!.p99 / 5);
  });

  it(
    'runs the warm-up on the same schedule but leaves it out of every figure: a stall there does not count, one ' +
      'after it does',
    async () => {
      // 200 req/s, 1 s of warm-up then 1.5 s measured; the server stalls 400 ms inside the warm-up.
      const warmupStall = await stallingServer({ afterMs: 300, forMs: 400 });
      const quiet = await runOpenModel(job(warmupStall.url, { durationSeconds: 1.5, warmupSeconds: 1 })).done;
      console.log(
        `[open model] stall in the warm-up: sent ${quiet.sent} (+${quiet.warmupSent} warm-up), p99 ` +
          `${quiet.latencyMs?.p99} ms, max ${quiet.latencyMs?.max} ms`,
      );
      expect(quiet.warmupSent).toBe(200);
      expect(quiet.sent).toBe(300);
      expect(warmupStall.hits()).toBe(500);
      expect(quiet.responses).toBe(300);
      expect(quiet.latencyMs!.max).toBeLessThan(200);
      expect(quiet.maxInFlight).toBeLessThan(60);
      expect(Math.abs(quiet.achievedRate - 200) / 200).toBeLessThanOrEqual(RATE_TOLERANCE);

      // The same stall 300 ms into the measured window is all there.
      const measuredStall = await stallingServer({ afterMs: 1_300, forMs: 400 });
      const seen = await runOpenModel(job(measuredStall.url, { durationSeconds: 1.5, warmupSeconds: 1 })).done;
      expect(seen.sent).toBe(300);
      expect(seen.latencyMs!.max).toBeGreaterThanOrEqual(400 * 0.95);
      expect(seen.maxInFlight).toBeGreaterThanOrEqual(70);
    },
  );

  it('reports that it could not hold the rate when the server is too slow for it', async () => {
    // One request at a time, 10 ms each: at most 100 req/s against 200 asked for.
    const server = await slowServer(10);
    const result = await runOpenModel(job(server.url, { rate: 200, durationSeconds: 1.5 })).done;
    console.log(
      `[open model] server capped at 100 req/s, asked for 200: sent ${result.sentRate.toFixed(0)}/s, achieved ` +
        `${result.achievedRate.toFixed(0)}/s, p99 ${result.latencyMs?.p99} ms`,
    );
    expect(Math.abs(result.sentRate - 200) / 200).toBeLessThanOrEqual(RATE_TOLERANCE);
    expect(result.achievedRate).toBeLessThan(120);
    expect(result.rateHeld).toBe(false);
    // The backlog grows through the run: the last requests waited most of it.
    expect(result.latencyMs!.max).toBeGreaterThan(600);
  });

  it('stops early when asked and still returns what it measured', async () => {
    const server = await stallingServer({ afterMs: 60_000, forMs: 0 });
    const running = runOpenModel(job(server.url, { rate: 200, durationSeconds: 30 }));
    setTimeout(() => running.stop(), 500);
    const started = performance.now();
    const result = await running.done;
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.sent).toBeGreaterThan(50);
    expect(result.sent).toBeLessThan(200);
    expect(result.responses).toBeGreaterThan(0);
  });
});
