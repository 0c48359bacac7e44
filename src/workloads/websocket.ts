/**
 * websocket: the guide's "tens of thousands of concurrent connections with low memory overhead"
 * and "FastAPI with WebSocket support ... handles real-time workloads well". N connections are
 * held on the server's /ws chat room (server memory per connection, connections refused), then
 * one client's messages are broadcast by the server to all of them (deliveries per second,
 * delivery latency). Compression (permessage-deflate) is off on both servers; preflight checks
 * that each refuses it, and every cell records it (metrics.permessageDeflate = 0).
 *
 * Every cell runs on a newly started server (freshServer): memory that an earlier cell's
 * connections left with the allocator would otherwise be reused and hide the cost per connection.
 * The driver warms the code path up on a few connections before it reads the memory.
 */
import WebSocket from 'ws';
import { VerdictError } from '../core/errors.js';
import { connectPhaseMs } from '../load/held-connections.js';
import type { WebsocketResult } from '../load/websocket-driver.js';
import type { RunningServer } from '../servers/process.js';
import { heldConnectionsCheck, heldConnectionsPlan } from './held-connections.js';
import type { CellContext, Measurement, Workload } from './types.js';

const wsUrl = (server: RunningServer) => `${server.url.replace(/^http/, 'ws')}/ws`;

export const websocketWorkload: Workload = {
  name: 'websocket',
  summary:
    'WebSocket /ws: N held connections (server KiB per connection), then broadcasts to all of them ' +
    '(deliveries/s, delivery latency)',
  levelLabel: 'connections',
  // 10,000 is the guide's "tens of thousands" threshold, so the default run measures it; 5,000
  // runs with --levels (e.g. --levels 1000,5000,10000).
  levels: { default: [1_000, 10_000], quick: [1_000] },
  ...heldConnectionsPlan('websocket'),
  report: {
    charts: [
      { family: 'memory', metric: 'kbPerConnection' },
      { family: 'delivery', metric: 'deliveryP99Ms' },
    ],
    columns: {
      rename: { rate: 'deliveries/s (min–max)', p50: 'delivery p50', p99: 'delivery p99' },
      hide: ['non2xx', 'ceiling'],
      extra: [{ metric: 'kbPerConnection' }, { metric: 'connectErrors' }],
      // Connecting, holding and reading memory take most of a cell; the broadcasts' own CPU is in
      // metrics.serverBroadcastCpuPercent.
      keepsServerBusy: false,
    },
  },
  estimateCellSeconds(connections, durationSeconds, runtime) {
    // Measured on a shared 2-core machine: Python opened 500-1,300 websocket connections a
    // second, Node 1,300-3,500 (closing adds a little); the warm-up and memory readings about 1.5 s.
    const perSecond = runtime === 'python' ? 900 : 2_500;
    return 1.5 + durationSeconds + Math.min(connections / perSecond, connectPhaseMs(connections) / 1000);
  },
  async preflight(server: RunningServer) {
    // Three clients that offer compression: the server must refuse it and relay a message to all.
    const sockets = await Promise.all([0, 1, 2].map(() => openSocket(wsUrl(server))));
    try {
      const compressed = sockets.find((s) => s.extensions !== '');
      if (compressed)
        throw new VerdictError(
          `${server.manifest.name} accepted websocket compression (${compressed.extensions}); both servers must ` +
            `run with permessage-deflate off`,
          'turn it off in the server',
        );
      const marker = `preflight-${Date.now()}`;
      const received = sockets.map(
        (socket) => new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString()))),
      );
      sockets[0]!.send(JSON.stringify({ seq: 0, sentAt: Date.now(), marker }));
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new VerdictError(
                `${server.manifest.name} did not broadcast a websocket message to every client within 5 s`,
                `run 'verdict servers start ${server.manifest.name}' and check /ws`,
              ),
            ),
          5_000,
        ),
      );
      const messages = await Promise.race([Promise.all(received), timeout]);
      if (!messages.every((m) => m.includes(marker)))
        throw new VerdictError(
          `${server.manifest.name} relayed something else than the message sent on /ws: ${messages[0]?.slice(0, 80)}`,
          'fix its /ws broadcast',
        );
    } finally {
      for (const socket of sockets) socket.terminate();
    }
  },
  async run(context: CellContext): Promise<Measurement> {
    heldConnectionsCheck(context.server, context.connections);
    const { result } = await context.node.run<WebsocketResult>({
      kind: 'websocket',
      url: wsUrl(context.server),
      connections: context.connections,
      serverPid: context.server.pid,
      durationSeconds: context.durationSeconds,
      connectTimeoutSeconds: context.timeoutSeconds,
    });
    return {
      requests: result.deliveries,
      sent: result.deliveries + result.lostDeliveries,
      durationSeconds: result.broadcastSeconds,
      requestsPerSecond: result.messagesPerSecond,
      latencyMs: result.latencyMs,
      // Refused and dropped connections (and anything relayed that we did not send) are errors;
      // deliveries that never came are timeouts.
      errors: result.connectErrors + result.dropped + result.unexpectedMessages,
      timeouts: result.lostDeliveries,
      non2xx: 0,
      // Over the broadcasts, the phase the rate comes from (connecting and reading memory aside):
      // what the generator-saturation warning should look at.
      generatorCpuPercent: result.generatorBroadcastCpuPercent,
      metrics: {
        kbPerConnection: result.kbPerConnection,
        connectErrors: result.connectErrors,
        messagesPerSecond: result.messagesPerSecond,
        deliveryP50Ms: result.latencyMs?.p50 ?? null,
        deliveryP99Ms: result.latencyMs?.p99 ?? null,
        rssBeforeMb: result.rssBeforeMb,
        rssAfterMb: result.rssHeldMb,
        dropped: result.dropped,
        broadcasts: result.broadcasts,
        lostDeliveries: result.lostDeliveries,
        connectSeconds: result.connectSeconds,
        serverBroadcastCpuPercent: result.serverBroadcastCpuPercent,
        generatorBroadcastCpuPercent: result.generatorBroadcastCpuPercent,
        permessageDeflate: 0,
      },
    };
  },
};

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: 5_000 });
    socket.once('open', () => resolve(socket));
    socket.once('error', (error) =>
      reject(
        new VerdictError(`cannot open a websocket on ${url}: ${error.message}`, 'check that the server implements /ws'),
      ),
    );
  });
}
