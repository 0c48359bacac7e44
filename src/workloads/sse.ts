/**
 * sse: the guide's "for websocket servers, server-sent events, ... Node.js has a native
 * advantage". N clients subscribe to GET /api/events, where the server's own timer sends every
 * subscriber the same event {seq, sentAt} every 100 ms; over a measured window the driver records
 * the delivery lag, the events each client missed (gaps, late beyond the grace time, or never
 * sent) and the server's memory per client. Like websocket, each cell runs on a newly started
 * server and the driver warms the stream up on a few clients before it reads the memory.
 */
import http from 'node:http';
import { VerdictError } from '../core/errors.js';
import { connectPhaseMs } from '../load/held-connections.js';
import type { SseResult } from '../load/sse-driver.js';
import type { RunningServer } from '../servers/process.js';
import { heldConnectionsCheck, heldConnectionsPlan } from './held-connections.js';
import type { CellContext, Measurement, Workload } from './types.js';

export const EVENT_INTERVAL_MS = 100;

export const sseWorkload: Workload = {
  name: 'sse',
  summary:
    'GET /api/events: N server-sent-event clients, an event every 100 ms (lag, missed events, server KiB per client)',
  levelLabel: 'clients',
  levels: { default: [1_000, 5_000], quick: [1_000] },
  ...heldConnectionsPlan('sse'),
  report: {
    charts: [
      { family: 'memory', metric: 'kbPerClient' },
      { family: 'delivery', metric: 'lagP99Ms' },
    ],
    columns: {
      rename: { rate: 'events/s (min–max)', p50: 'lag p50', p99: 'lag p99' },
      hide: ['non2xx', 'ceiling'],
      extra: [{ metric: 'missedEvents' }, { metric: 'kbPerClient' }, { metric: 'connectErrors' }],
      // The server sends an event every 100 ms whatever the clients do: paced, not busy, and its
      // events/s is fixed by that pace.
      keepsServerBusy: false,
      relativeThroughput: false,
    },
  },
  estimateCellSeconds(clients, durationSeconds, runtime) {
    // Measured on a shared 2-core machine: 400-2,000 clients subscribe a second on Node, and as
    // many on Python up to about 2,500; beyond that Python is saturated by the events it already
    // sends, subscribes slowly (a few hundred a second, until the driver's time for connecting
    // runs out) and lags, so the driver also waits out its grace time for the window's last events.
    const grace = runtime === 'python' && clients > 2_500 ? 2 : 0;
    const perSecond = runtime === 'python' && clients > 2_500 ? 400 : 1_500;
    return 1.5 + durationSeconds + grace + Math.min(clients / perSecond, connectPhaseMs(clients) / 1000);
  },
  async preflight(server: RunningServer) {
    const events = await firstEvents(`${server.url}/api/events`, 3, 5_000);
    const fix = `run 'verdict servers start ${server.manifest.name}' and check GET /api/events`;
    if (events.length < 3)
      throw new VerdictError(
        `${server.manifest.name} sent ${events.length} server-sent events in 5 s on GET /api/events, not one ` +
          `every ${EVENT_INTERVAL_MS} ms`,
        fix,
      );
    const consecutive = events.every((e, i) => i === 0 || e.seq === events[i - 1]!.seq + 1);
    const fresh = events.every((e) => Math.abs(Date.now() - e.sentAt) < 5_000);
    if (!consecutive || !fresh)
      throw new VerdictError(
        `${server.manifest.name}'s events on GET /api/events do not carry consecutive seq numbers and a current ` +
          `sentAt (got ${JSON.stringify(events[0])})`,
        fix,
      );
  },
  async run(context: CellContext): Promise<Measurement> {
    heldConnectionsCheck(context.server, context.connections);
    const { result } = await context.node.run<SseResult>({
      kind: 'sse',
      url: `${context.server.url}/api/events`,
      clients: context.connections,
      serverPid: context.server.pid,
      durationSeconds: context.durationSeconds,
      connectTimeoutSeconds: context.timeoutSeconds,
      intervalMs: EVENT_INTERVAL_MS,
    });
    return {
      requests: result.eventsDelivered,
      sent: result.eventsDelivered + result.missedEvents,
      durationSeconds: result.windowSeconds,
      requestsPerSecond: result.eventsPerSecond,
      latencyMs: result.latencyMs,
      // Clients refused or dropped, and events we could not read, are errors; missed events are a
      // metric of their own.
      errors: result.connectErrors + result.dropped + result.malformedEvents,
      timeouts: 0,
      non2xx: 0,
      // Over the window, the phase the lag comes from (connecting and reading memory aside).
      generatorCpuPercent: result.generatorWindowCpuPercent,
      metrics: {
        lagP50Ms: result.latencyMs?.p50 ?? null,
        lagP99Ms: result.latencyMs?.p99 ?? null,
        missedEvents: result.missedEvents,
        eventsDelivered: result.eventsDelivered,
        kbPerClient: result.kbPerClient,
        connectErrors: result.connectErrors,
        dropped: result.dropped,
        sequenceGaps: result.sequenceGaps,
        lateEvents: result.lateEvents,
        windowEvents: result.windowEvents,
        rssBeforeMb: result.rssBeforeMb,
        rssAfterMb: result.rssAfterMb,
        connectSeconds: result.connectSeconds,
        serverWindowCpuPercent: result.serverWindowCpuPercent,
        generatorWindowCpuPercent: result.generatorWindowCpuPercent,
      },
    };
  },
};

/** The first `count` events of a stream (fewer if the time runs out). */
function firstEvents(url: string, count: number, withinMs: number): Promise<{ seq: number; sentAt: number }[]> {
  return new Promise((resolve) => {
    const events: { seq: number; sentAt: number }[] = [];
    let buffer = '';
    const request = http.get(url, { headers: { accept: 'text/event-stream' } });
    const finish = () => {
      clearTimeout(timer);
      request.destroy();
      resolve(events);
    };
    const timer = setTimeout(finish, withinMs);
    request.on('error', finish);
    request.on('response', (response) => {
      if (response.statusCode !== 200) return finish();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? ''; // an event is complete at its blank line
        for (const block of blocks) {
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          try {
            if (data) events.push(JSON.parse(data.slice(5)) as { seq: number; sentAt: number });
          } catch {
            return finish(); // not JSON: the check above reports what arrived
          }
        }
        if (events.length >= count) finish();
      });
    });
  });
}
