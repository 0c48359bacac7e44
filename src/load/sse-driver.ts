/**
 * The server-sent events driver: N clients subscribe to GET /api/events, where the server sends
 * every subscriber the same event {seq, sentAt} every 100 ms from one timer. Once all are
 * subscribed, a window of `durationSeconds` is measured: for every event sent in the window,
 * each client records its lag (receive time − sentAt; same machine, same clock), and counts what
 * it did not get:
 *
 * - the window's events are known by sequence number (the server numbers its ticks 1, 2, 3, ...):
 *   those between the last event any client saw sent before the window and the first sent after
 *   it; one a client lacks — skipped, or not arrived `graceSeconds` after the window — is missed;
 * - a server whose timer fell behind sends fewer events than the window's length allows: those
 *   (beyond one, for where the ticks fall against the window's edges) are missed by every client;
 * - a client that could not subscribe missed every event of the window; one dropped, every event
 *   after it left.
 *
 * Server memory is read before subscribing and at the end of the window (steady state, events
 * flowing), giving KiB per client.
 */
import type { Latency } from '../results/schema.js';
import { createLatencyRecorder } from './histogram.js';
import { openEventStream, type OpenStream } from './sse-client.js';
import {
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

export interface SseJob {
  kind: 'sse';
  /** http://host:port/api/events */
  url: string;
  clients: number;
  serverPid: number;
  /** The measured window, once every client is subscribed. */
  durationSeconds: number;
  connectTimeoutSeconds: number;
  /** The server's event interval, to know how many events the window should hold. */
  intervalMs?: number;
  /** How long after the window an event may still arrive before it counts as missed. */
  graceSeconds?: number;
  openInFlight?: number;
}

export interface SseResult extends ConnectPhase {
  clients: number;
  subscribed: number;
  rssAfterMb: number;
  kbPerClient: number | null;
  windowSeconds: number;
  /** The window in wall-clock milliseconds: events with sentAt in [start, end) are counted. */
  windowStartMs: number;
  windowEndMs: number;
  /** Events sent in the window (distinct sequence numbers seen), and the count its length allows. */
  windowEvents: number;
  intervalEvents: number;
  eventsDelivered: number;
  missedEvents: number;
  /** Of the missed: sequence numbers a client skipped while later ones arrived. */
  sequenceGaps: number;
  /** Events from the window that arrived after it, within the grace time (counted as delivered, lag included). */
  lateEvents: number;
  /** Events whose data was not {seq, sentAt}. */
  malformedEvents: number;
  eventsPerSecond: number | null;
  latencyMs: Latency | null;
  /** CPU over the window alone, in percent of one core. */
  serverWindowCpuPercent: number;
  generatorWindowCpuPercent: number;
}

interface Client {
  stream: OpenStream | undefined;
  /** Sequence numbers received with sentAt in the window. */
  inWindow: Set<number>;
  /** The newest sentAt seen: the client has caught up once it passes the window's end. */
  newestSentAt: number;
  /** The last event sent before the window and the first sent after it: the window's edges. */
  lastBeforeStart: number | null;
  firstAfterEnd: number | null;
  ended: boolean;
}

const SETTLE_MS = 200;
const WARMUP = { clients: 20, events: 2 };

export function runSse(job: SseJob): RunningLoad<SseResult> {
  return stoppable((stopped, onWake) => drive(job, stopped, onWake));
}

async function drive(job: SseJob, stopped: () => boolean, onWake: (wake: () => void) => void): Promise<SseResult> {
  const problem = holdingProblem(job.serverPid, job.clients);
  if (problem) throw new Error(problem);
  const intervalMs = job.intervalMs ?? 100;
  const graceMs = (job.graceSeconds ?? 2) * 1000;

  // The server is freshly started: a few subscribers first, so lazily loaded code is in the
  // memory before, not counted per client.
  await warmUp(job);
  const rssBeforeMb = await settledRssMb(job.serverPid);
  const clients: Client[] = [];
  const latency = createLatencyRecorder();
  // The window in wall-clock ms; Infinity until it starts, so nothing is counted before.
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let holding = true;
  let dropped = 0;
  let late = 0;
  let malformed = 0;

  const onEvent = (client: Client, seq: number, sentAt: number) => {
    const now = wallClockMs();
    client.newestSentAt = Math.max(client.newestSentAt, sentAt);
    if (sentAt < windowStart) client.lastBeforeStart = seq;
    else if (sentAt >= windowEnd) client.firstAfterEnd ??= seq;
    if (sentAt >= windowStart && sentAt < windowEnd && now <= windowEnd + graceMs) {
      client.inWindow.add(seq);
      latency.recordMs(now - sentAt);
      if (now >= windowEnd) late += 1;
    }
  };

  const target = new URL(job.url);
  const subscribe = async (i: number, signal: AbortSignal) => {
    const client: Client = {
      stream: undefined,
      inWindow: new Set(),
      newestSentAt: 0,
      lastBeforeStart: null,
      firstAfterEnd: null,
      ended: false,
    };
    client.stream = await openEventStream(
      target,
      {
        event: (seq, sentAt) => onEvent(client, seq, sentAt),
        malformed: () => (malformed += 1),
        closed: () => {
          if (client.ended) return;
          client.ended = true;
          if (holding) dropped += 1;
        },
      },
      job.connectTimeoutSeconds * 1000,
      signal,
    );
    clients[i] = client;
  };

  const connectStarted = performance.now();
  const connectCpu = phaseCpu(job.serverPid);
  const opened = await openAll(job.clients, job.openInFlight ?? 200, subscribe, stopped);
  const connectUsage = connectCpu.stop();
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const subscribed = clients.filter((c) => c && !c.ended).length;

  await sleep(SETTLE_MS);
  windowStart = wallClockMs();
  windowEnd = windowStart + job.durationSeconds * 1000;
  const cpu = phaseCpu(job.serverPid);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, job.durationSeconds * 1000);
    onWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  const windowCpu = cpu.stop();
  const rssAfterMb = await settledRssMb(job.serverPid, 1_000);
  // Events sent near the end of the window may still be on their way: wait until every client
  // has seen one sent after the window, or the grace time is up.
  const live = () => clients.filter((c) => c && !c.ended);
  const graceDeadline = windowEnd + graceMs;
  while (!stopped() && wallClockMs() < graceDeadline && live().some((c) => c.newestSentAt < windowEnd)) await sleep(20);
  const windowSeconds = (Math.min(windowEnd, wallClockMs()) - windowStart) / 1000;

  holding = false;
  for (const client of clients) client?.stream?.close();

  // The window's events, by sequence number (the server numbers them in order): from just after
  // the last event any client saw sent before the window to just before the first one sent after
  // it; where no client saw an edge, the numbers clients got in the window stand in.
  let low = Infinity;
  let high = -Infinity;
  let startEdge = -Infinity;
  let endEdge = Infinity;
  for (const client of clients) {
    if (!client) continue;
    for (const seq of client.inWindow) {
      low = Math.min(low, seq);
      high = Math.max(high, seq);
    }
    if (client.lastBeforeStart !== null) startEdge = Math.max(startEdge, client.lastBeforeStart + 1);
    if (client.firstAfterEnd !== null) endEdge = Math.min(endEdge, client.firstAfterEnd - 1);
  }
  if (startEdge > -Infinity) low = startEdge;
  const endKnown = endEdge < Infinity;
  if (endKnown) high = endEdge;
  const windowEvents = high >= low ? high - low + 1 : 0;
  const intervalEvents = Math.floor((windowSeconds * 1000) / intervalMs);
  // Ticks the server never sent in the window: beyond one, for where the ticks fall against the
  // window's edges. When no client got an event sent after the window (a server stalled past the
  // grace time), whatever the window should have held and did not arrive is missed.
  const unsent = Math.max(0, intervalEvents - windowEvents - (endKnown ? 1 : 0));
  let delivered = 0;
  let missed = 0;
  let gaps = 0;
  for (let i = 0; i < job.clients; i += 1) {
    const client = clients[i];
    const got = client ? client.inWindow.size : 0;
    delivered += got;
    missed += windowEvents - got + unsent;
    // Gaps: window events a client lacks although a later one of the window reached it.
    if (client && got > 0) {
      const newest = Math.max(...client.inWindow);
      for (let seq = low; seq < newest; seq += 1) if (!client.inWindow.has(seq)) gaps += 1;
    }
  }
  const rssGrowth = rssAfterMb - rssBeforeMb;
  return {
    clients: job.clients,
    subscribed,
    ...connectPhase({ opened, dropped, connectSeconds, connectUsage, rssBeforeMb }),
    rssAfterMb,
    kbPerClient: subscribed > 0 ? (rssGrowth * 1024) / subscribed : null,
    windowSeconds,
    windowStartMs: windowStart,
    windowEndMs: windowEnd,
    windowEvents,
    intervalEvents,
    eventsDelivered: delivered,
    missedEvents: missed,
    sequenceGaps: gaps,
    lateEvents: late,
    malformedEvents: malformed,
    eventsPerSecond: windowSeconds > 0 ? delivered / windowSeconds : null,
    latencyMs: latency.summary(),
    serverWindowCpuPercent: windowCpu.serverCpuPercent,
    generatorWindowCpuPercent: windowCpu.generatorCpuPercent,
  };
}

/** A few subscribers that each wait for a few events, then leave: the code path runs before anything is measured. */
async function warmUp(job: SseJob): Promise<void> {
  const target = new URL(job.url);
  await Promise.all(
    Array.from({ length: Math.min(WARMUP.clients, job.clients) }, async () => {
      let events = 0;
      let enough: () => void = () => {};
      const waited = new Promise<void>((resolve) => (enough = resolve));
      const stream = await openEventStream(
        target,
        { event: () => ++events >= WARMUP.events && enough(), malformed: () => {}, closed: () => enough() },
        3_000,
      ).catch(() => undefined);
      if (!stream) return;
      await Promise.race([waited, sleep(3_000)]);
      stream.close();
    }),
  );
}
