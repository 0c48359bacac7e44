/**
 * The websocket driver: opens N connections to the server's /ws chat room, holds them, reads the
 * server's memory growth from /proc, then broadcasts: one client sends {seq, sentAt}, the server
 * relays it to every connection, and every client records how long it took to arrive (clients
 * and server share this machine's clock). One broadcast is in flight at a time: the next is sent
 * when every connection has the previous one, so the latency is that of one fan-out to N and the
 * rate is the server's fan-out rate, not a queue we built up ourselves.
 *
 * Compression (permessage-deflate) is not offered by these clients, and both servers refuse it.
 */
import WebSocket from 'ws';
import type { Latency } from '../results/schema.js';
import { createLatencyRecorder } from './histogram.js';
import {
  groupRssMb,
  holdingProblem,
  openAll,
  phaseCpu,
  settledRssMb,
  sleep,
  wallClockMs,
  connectPhase,
  type ConnectPhase,
} from './held-connections.js';
import { stoppable, type RunningLoad } from './types.js';

export interface WebsocketJob {
  kind: 'websocket';
  /** ws://host:port/ws */
  url: string;
  connections: number;
  /** The server's process group, whose memory is read before and while the connections are held. */
  serverPid: number;
  /** Seconds of broadcasting once every connection is open. */
  durationSeconds: number;
  /** A connection not open within this time counts as a connect error. */
  connectTimeoutSeconds: number;
  /** Connection attempts in flight at once. */
  openInFlight?: number;
  /** A broadcast not delivered to everyone within this time is given up on (its missing deliveries are lost). */
  broadcastTimeoutSeconds?: number;
}

export interface WebsocketResult extends ConnectPhase {
  connections: number;
  connected: number;
  /** With every connection held, before any broadcast. */
  rssHeldMb: number;
  /** At the end of the broadcasts, still held. */
  rssAfterBroadcastMb: number;
  kbPerConnection: number | null;
  broadcasts: number;
  deliveries: number;
  /** Deliveries expected (one per open connection per broadcast) that never arrived. */
  lostDeliveries: number;
  /** Messages that were not one of our broadcasts (the server relayed something else). */
  unexpectedMessages: number;
  broadcastSeconds: number;
  messagesPerSecond: number | null;
  latencyMs: Latency | null;
  /** CPU over the broadcasts alone, in percent of one core: which side limited the rate. */
  serverBroadcastCpuPercent: number;
  generatorBroadcastCpuPercent: number;
}

const SETTLE_MS = 250;
const WARMUP = { connections: 20, broadcasts: 20 };
const CLOSE_WAIT_MS = 3_000;

export function runWebsocket(job: WebsocketJob): RunningLoad<WebsocketResult> {
  return stoppable((stopped, onWake) => drive(job, stopped, onWake));
}

async function drive(
  job: WebsocketJob,
  stopped: () => boolean,
  onWake: (wake: () => void) => void,
): Promise<WebsocketResult> {
  const problem = holdingProblem(job.serverPid, job.connections);
  if (problem) throw new Error(problem);

  // The server is freshly started: exercise the code path on a few connections first, so lazily
  // loaded code and compiled functions are in the memory before, not counted per connection.
  await warmUp(job, stopped);
  const rssBeforeMb = await settledRssMb(job.serverPid);
  const sockets: (WebSocket | undefined)[] = new Array(job.connections);
  const latency = createLatencyRecorder();
  const receivedBySeq = new Map<number, number>();
  let current = 0;
  let expected = 0;
  let roundDone: () => void = () => {};
  let holding = true;
  let dropped = 0;
  let deliveries = 0;

  // Every client receives every broadcast: this runs N times per broadcast, so it reads only the
  // sequence number (the sending time is the one we stored) rather than parsing JSON, to keep the
  // generator's cost per delivery below the server's.
  const sentAtBySeq = new Map<number, number>();
  let unexpected = 0;
  const onMessage = (data: WebSocket.RawData) => {
    const now = wallClockMs();
    const seq = readSeq(data as Buffer);
    const sentAt = seq === undefined ? undefined : sentAtBySeq.get(seq);
    if (seq === undefined || sentAt === undefined) {
      unexpected += 1;
      return;
    }
    latency.recordMs(now - sentAt);
    deliveries += 1;
    const count = (receivedBySeq.get(seq) ?? 0) + 1;
    receivedBySeq.set(seq, count);
    if (seq === current && count >= expected) roundDone();
  };

  const open = (i: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(job.url, {
        perMessageDeflate: false,
        skipUTF8Validation: true,
        handshakeTimeout: job.connectTimeoutSeconds * 1000,
      });
      const abort = () => {
        reject(signal.reason as Error);
        socket.terminate();
      };
      signal.addEventListener('abort', abort, { once: true });
      socket.once('open', () => {
        signal.removeEventListener('abort', abort);
        sockets[i] = socket;
        socket.on('message', onMessage);
        socket.on('close', () => {
          sockets[i] = undefined;
          if (holding) dropped += 1;
        });
        resolve();
      });
      socket.on('error', (error) => {
        if (socket.readyState === WebSocket.OPEN) return;
        signal.removeEventListener('abort', abort);
        reject(error);
      });
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`HTTP ${response.statusCode} instead of an upgrade`));
        socket.terminate();
      });
    });

  const connectStarted = performance.now();
  const connectCpu = phaseCpu(job.serverPid);
  const opened = await openAll(job.connections, job.openInFlight ?? 200, open, stopped);
  const connectUsage = connectCpu.stop();
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const openSockets = () => sockets.filter((s): s is WebSocket => s !== undefined && s.readyState === WebSocket.OPEN);
  const connected = openSockets().length;

  await sleep(SETTLE_MS);
  const rssHeldMb = await settledRssMb(job.serverPid);

  // Broadcast rounds: one in flight, the next when all have the previous (or it timed out).
  const timeoutMs = (job.broadcastTimeoutSeconds ?? 5) * 1000;
  let broadcasts = 0;
  let expectedTotal = 0;
  const broadcastStarted = performance.now();
  const cpu = phaseCpu(job.serverPid);
  const deadline = broadcastStarted + job.durationSeconds * 1000;
  while (!stopped() && performance.now() < deadline) {
    const targets = openSockets();
    const sender = targets[0];
    if (!sender) break;
    current += 1;
    expected = targets.length;
    expectedTotal += expected;
    broadcasts += 1;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      roundDone = () => {
        clearTimeout(timer);
        resolve();
      };
      onWake(roundDone);
      const sentAt = wallClockMs();
      sentAtBySeq.set(current, sentAt);
      sender.send(`{"seq":${current},"sentAt":${sentAt.toFixed(3)}}`);
    });
  }
  const broadcastSeconds = (performance.now() - broadcastStarted) / 1000;
  const broadcastCpu = cpu.stop();
  const rssAfterBroadcastMb = groupRssMb(job.serverPid);

  holding = false;
  await closeAll(openSockets());

  const received = [...receivedBySeq.values()].reduce((sum, n) => sum + n, 0);
  return {
    connections: job.connections,
    connected,
    ...connectPhase({ opened, dropped, connectSeconds, connectUsage, rssBeforeMb }),
    rssHeldMb,
    rssAfterBroadcastMb,
    kbPerConnection: connected > 0 ? ((rssHeldMb - rssBeforeMb) * 1024) / connected : null,
    broadcasts,
    deliveries,
    lostDeliveries: Math.max(0, expectedTotal - received),
    unexpectedMessages: unexpected,
    broadcastSeconds,
    messagesPerSecond: broadcastSeconds > 0 && broadcasts > 0 ? deliveries / broadcastSeconds : null,
    latencyMs: latency.summary(),
    serverBroadcastCpuPercent: broadcastCpu.serverCpuPercent,
    generatorBroadcastCpuPercent: broadcastCpu.generatorCpuPercent,
  };
}

const PREFIX = Buffer.from('{"seq":');

/** The sequence number of a relayed broadcast, `{"seq":N,...}`, or undefined for anything else. */
export function readSeq(data: Buffer): number | undefined {
  if (data.length <= PREFIX.length || data.compare(PREFIX, 0, PREFIX.length, 0, PREFIX.length) !== 0) return undefined;
  let seq = 0;
  let i = PREFIX.length;
  for (; i < data.length; i += 1) {
    const digit = data[i]! - 48;
    if (digit < 0 || digit > 9) break;
    seq = seq * 10 + digit;
  }
  return i > PREFIX.length && data[i] === 44 /* , */ ? seq : undefined;
}

/** A few connections and broadcasts, thrown away: the code path runs before anything is measured. */
async function warmUp(job: WebsocketJob, stopped: () => boolean): Promise<void> {
  const count = Math.min(WARMUP.connections, job.connections);
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const socket = new WebSocket(job.url, {
        perMessageDeflate: false,
        handshakeTimeout: job.connectTimeoutSeconds * 1000,
      });
      socket.on('error', () => {}); // a failed open rejects below; a later error closes the socket
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      sockets.push(socket);
    }
    for (let round = 0; round < WARMUP.broadcasts && !stopped(); round += 1) {
      let received = 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, 2_000);
        function finish() {
          clearTimeout(timer);
          for (const socket of sockets) socket.off('message', onMessage);
          resolve();
        }
        function onMessage() {
          received += 1;
          if (received === sockets.length) finish();
        }
        for (const socket of sockets) socket.on('message', onMessage);
        sockets[0]!.send(JSON.stringify({ seq: -1 - round, sentAt: wallClockMs() }));
      });
    }
  } finally {
    await closeAll(sockets.filter((s) => s.readyState === WebSocket.OPEN));
  }
}

/** A close handshake for each (the server then closes TCP first), terminating any that hang. */
async function closeAll(sockets: WebSocket[]): Promise<void> {
  const closed = sockets.map(
    (socket) =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  );
  const timer = setTimeout(() => {
    for (const socket of sockets) socket.terminate();
  }, CLOSE_WAIT_MS);
  await Promise.all(closed);
  clearTimeout(timer);
}
