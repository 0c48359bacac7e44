/**
 * The sse workload against both real tuned servers (with the real embedded PostgreSQL they need
 * to start): events arrive every 100 ms from the server's drift-free timer with consecutive
 * sequence numbers; N clients held with the server's memory growth read from /proc, every event
 * of the window delivered to every client, none missed; and the same through the real load
 * generator process and the workload module.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createGenerators } from '../../src/load/index.js';
import { runSse } from '../../src/load/sse-driver.js';
import { sseWorkload } from '../../src/workloads/sse.js';
import { serversImplementing } from '../support/servers.js';

const suite = await serversImplementing(sseWorkload);
const implementing = suite.implementing;

it('both tuned servers implement it', () => {
  expect(implementing.map((m) => m.name).sort()).toEqual(['node-fastify', 'python-fastapi-tuned']);
});

describe.each(implementing.map((m) => [m.name] as const))('%s', (name) => {
  const server = () => suite.server(name);

  it(
    'streams text/event-stream with an event every 100 ms, ' + 'consecutive seq, sentAt from a drift-free timer',
    async () => {
      await sseWorkload.preflight(server(), 100);
      const { contentType, events } = await readEvents(`${server().url}/api/events`, 12);
      expect(contentType).toMatch(/^text\/event-stream/);
      expect(events.map((e) => e.seq - events[0]!.seq)).toEqual([...Array(12).keys()]);
      // The timer is scheduled from its first tick: 11 intervals take 1,100 ms give or take a tick's lateness.
      const span = events.at(-1)!.sentAt - events[0]!.sentAt;
      expect(span).toBeGreaterThan(1_050);
      expect(span).toBeLessThan(1_150);
      // Each arrives soon after it was sent (same machine, same clock).
      for (const e of events) expect(e.receivedAt - e.sentAt).toBeGreaterThanOrEqual(0);
      const arrivals = events.map((e) => e.receivedAt);
      expect((arrivals.at(-1)! - arrivals[0]!) / 11).toBeGreaterThan(90);
      expect((arrivals.at(-1)! - arrivals[0]!) / 11).toBeLessThan(110);
    },
  );

  it('holds 150 clients, reads their memory, and delivers every event of the window to each', async () => {
    const result = await runSse({
      kind: 'sse',
      url: `${server().url}/api/events`,
      clients: 150,
      serverPid: server().pid,
      durationSeconds: 2,
      connectTimeoutSeconds: 5,
    }).done;
    console.log(
      `[sse] ${name}: ${result.kbPerClient?.toFixed(1)} KiB/client, ${result.windowEvents} events in the ` +
        `window, lag p50 ${result.latencyMs?.p50} ms, p99 ${result.latencyMs?.p99} ms, missed ` +
        `${result.missedEvents}`,
    );
    expect(result.subscribed).toBe(150);
    expect(result.connectErrors).toBe(0);
    expect(result.dropped).toBe(0);
    expect(result.malformedEvents).toBe(0);
    // 2 s at one event every 100 ms: 20, give or take one where the ticks meet the window's edges.
    expect(result.windowEvents).toBeGreaterThanOrEqual(19);
    expect(result.windowEvents).toBeLessThanOrEqual(21);
    expect(result.eventsDelivered).toBe(result.windowEvents * 150);
    expect(result.missedEvents).toBe(0);
    expect(result.sequenceGaps).toBe(0);
    // As for websocket: more memory than before (a heap's spare room may absorb part of it), far less than a MiB each.
    expect(result.rssAfterMb).toBeGreaterThan(result.rssBeforeMb);
    expect(result.kbPerClient!).toBeGreaterThan(0);
    expect(result.kbPerClient!).toBeLessThan(1024);
    expect(result.latencyMs!.p50).toBeGreaterThan(0);
    expect(result.latencyMs!.p99).toBeLessThan(1_000);
  });
});

it('runs through the load generator process as a cell measurement with the contract metrics', async () => {
  const generators = await createGenerators('autocannon');
  try {
    const server = suite.server('node-fastify');
    const measurement = await sseWorkload.run({
      server,
      database: suite.database(),
      http: generators.http,
      node: generators.node,
      connections: 60,
      parameters: {},
      durationSeconds: 1,
      timeoutSeconds: 5,
      rows: 100,
      earlierCells: [],
    });
    const m = measurement.metrics!;
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining(['lagP50Ms', 'lagP99Ms', 'missedEvents', 'eventsDelivered', 'kbPerClient']),
    );
    expect(m.missedEvents).toBe(0);
    expect(m.connectErrors).toBe(0);
    expect(m.eventsDelivered).toBe(m.windowEvents! * 60);
    expect(measurement.requests).toBe(m.eventsDelivered);
    expect(measurement.latencyMs?.p99).toBe(m.lagP99Ms);
    expect(measurement.requestsPerSecond).toBeCloseTo(m.eventsDelivered! / measurement.durationSeconds, 6);
    expect(measurement.errors).toBe(0);
  } finally {
    await generators.close();
  }
});

/** The first `count` events of a stream with their arrival times. */
function readEvents(
  url: string,
  count: number,
): Promise<{ contentType: string; events: { seq: number; sentAt: number; receivedAt: number }[] }> {
  return new Promise((resolve, reject) => {
    const events: { seq: number; sentAt: number; receivedAt: number }[] = [];
    const request = http.get(url, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const receivedAt = performance.timeOrigin + performance.now();
        buffer += chunk;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (data) events.push({ ...(JSON.parse(data.slice(5)) as { seq: number; sentAt: number }), receivedAt });
        }
        if (events.length >= count) {
          request.destroy();
          resolve({ contentType: String(response.headers['content-type']), events: events.slice(0, count) });
        }
      });
    });
    request.on('error', reject);
    setTimeout(() => reject(new Error(`only ${events.length} events in 5 s`)), 5_000).unref();
  });
}
