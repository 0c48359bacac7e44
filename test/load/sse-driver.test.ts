/**
 * The SSE driver counts what clients did not get, against a small stub event server in this test
 * that misbehaves on purpose, with the expected counts worked out from the stub's own log of what
 * it sent: an event withheld from some clients (a gap), events delivered late (lag), a timer that
 * stalls (events never sent), and subscriptions refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { runSse, type SseResult } from '../../src/load/sse-driver.js';

const now = () => performance.timeOrigin + performance.now();
const CLIENTS = 6;
/** The driver first subscribes min(20, clients) throw-away clients to warm the server up. */
const WARMUP = Math.min(20, CLIENTS);

interface Behaviour {
  /** True to withhold event `seq` from the subscriber with this index (0-based, in order of arrival). */
  withhold?(seq: number, subscriber: number): boolean;
  /**
   * Milliseconds to hold the stream back at event `seq`, as a stalled server would: it and the
   * events after it are written, in order, once the time is up (sentAt stays each tick's time).
   */
  hold?(seq: number): number;
  /** After sending this seq, the timer stalls for stallMs: those ticks are never sent. */
  stallAfter?: number;
  stallMs?: number;
  refuse?(subscriber: number): boolean;
}

interface Stub {
  url: string;
  sent: { seq: number; sentAt: number; withheldFrom: number[] }[];
  stop(): Promise<void>;
}

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

async function startStub(behaviour: Behaviour): Promise<Stub> {
  const subscribers = new Map<number, http.ServerResponse>();
  const sent: Stub['sent'] = [];
  let count = 0;
  let seq = 0;
  let origin = performance.now();
  let ticks = 0;
  let timer: NodeJS.Timeout | undefined;
  const queue: { frame: string; targets: http.ServerResponse[] }[] = [];
  let heldUntil = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = () => {
    flushTimer = undefined;
    for (const { frame, targets } of queue.splice(0)) for (const response of targets) response.write(frame);
  };
  const schedule = () => {
    ticks += 1;
    timer = setTimeout(tick, Math.max(0, origin + ticks * 100 - performance.now()));
  };
  const tick = () => {
    seq += 1;
    const sentAt = now();
    const frame = `id: ${seq}\ndata: {"seq":${seq},"sentAt":${sentAt}}\n\n`;
    const withheldFrom: number[] = [];
    const targets = [...subscribers]
      .filter(([index]) => !(behaviour.withhold?.(seq, index) && withheldFrom.push(index)))
      .map(([, response]) => response);
    heldUntil = Math.max(heldUntil, performance.now() + (behaviour.hold?.(seq) ?? 0));
    queue.push({ frame, targets });
    if (performance.now() >= heldUntil) flush();
    else flushTimer ??= setTimeout(flush, heldUntil - performance.now());
    sent.push({ seq, sentAt, withheldFrom });
    if (seq === behaviour.stallAfter) origin += behaviour.stallMs ?? 0;
    schedule();
  };
  const server = http.createServer((request, response) => {
    const index = count++;
    if (behaviour.refuse?.(index)) {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"refused"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(': subscribed\n\n');
    subscribers.set(index, response);
    request.socket.on('close', () => subscribers.delete(index));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = performance.now();
  schedule();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`,
    sent,
    async stop() {
      clearTimeout(timer);
      clearTimeout(flushTimer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const drive = (url: string, durationSeconds = 2): Promise<SseResult> =>
  runSse({
    kind: 'sse',
    url,
    clients: CLIENTS,
    serverPid: process.pid,
    durationSeconds,
    connectTimeoutSeconds: 5,
    graceSeconds: 1,
  }).done;

/** The stub's events whose sentAt falls in the driver's window. */
const inWindow = (s: Stub, r: SseResult) =>
  s.sent.filter((e) => e.sentAt >= r.windowStartMs && e.sentAt < r.windowEndMs);

it('an event withheld from some clients is a gap and a missed event for each of them', async () => {
  // Every 7th event is withheld from the measured clients with an odd index.
  stub = await startStub({
    withhold: (seq, subscriber) => seq % 7 === 0 && subscriber >= WARMUP && subscriber % 2 === 1,
  });
  const result = await drive(stub.url);
  const window = inWindow(stub, result);
  const expected = window.reduce((sum, e) => sum + e.withheldFrom.length, 0);
  console.log(
    `[sse-missed] withheld: ${expected} expected, ${result.missedEvents} missed, ${result.sequenceGaps} gaps`,
  );
  expect(expected).toBeGreaterThanOrEqual(3); // at least two such events in a 2 s window, to three clients
  expect(result.windowEvents).toBe(window.length);
  expect(result.missedEvents).toBe(expected);
  expect(result.sequenceGaps).toBe(expected);
  expect(result.eventsDelivered).toBe(window.length * CLIENTS - expected);
});

it('events held back show in the lag, in order, and none is missed within the grace time', async () => {
  // The stream stalls for 300 ms at every 10th event: it arrives 300 ms late, the two after it 200 and 100 ms.
  stub = await startStub({ hold: (seq) => (seq % 10 === 5 ? 300 : 0) });
  const result = await drive(stub.url);
  console.log(
    `[sse-missed] held 300 ms: lag p50 ${result.latencyMs?.p50} ms, p90 ${result.latencyMs?.p90} ms, p99 ` +
      `${result.latencyMs?.p99} ms`,
  );
  expect(result.missedEvents).toBe(0);
  expect(result.sequenceGaps).toBe(0);
  expect(result.eventsDelivered).toBe(inWindow(stub, result).length * CLIENTS);
  expect(result.latencyMs!.p50).toBeLessThan(50);
  expect(result.latencyMs!.p99).toBeGreaterThanOrEqual(290);
  expect(result.latencyMs!.p99).toBeLessThan(400);
});

it('events that arrive after the grace time are missed', async () => {
  // At event 14 the stream stalls for 3 s: every later event of the window arrives after the window and its 1 s of
  // grace.
  stub = await startStub({ hold: (seq) => (seq === 14 ? 3_000 : 0) });
  const result = await drive(stub.url);
  const window = inWindow(stub, result);
  const late = window.filter((e) => e.seq >= 14).length;
  console.log(
    `[sse-missed] held 3 s: ${late} of ${window.length} window events late beyond grace, ${result.missedEvents} missed`,
  );
  expect(late).toBeGreaterThanOrEqual(5);
  expect(late).toBeLessThan(window.length);
  // No client saw an event sent after the window, so where its last tick fell is not known: the
  // driver counts the window's length in ticks, which may be one more than were sent in it.
  expect(result.missedEvents).toBeGreaterThanOrEqual(late * CLIENTS);
  expect(result.missedEvents).toBeLessThanOrEqual((late + 1) * CLIENTS);
  expect(result.sequenceGaps).toBe(0);
  expect(result.eventsDelivered).toBe((window.length - late) * CLIENTS);
});

it('a timer that stalls sends fewer events than the window holds: those count as missed by every client', async () => {
  // The driver subscribes after the warm-up, a few hundred ms in; stall for 700 ms once the window has begun.
  stub = await startStub({ stallAfter: 15, stallMs: 700 });
  const result = await drive(stub.url, 3);
  const window = inWindow(stub, result);
  expect(window.some((e) => e.seq === 15) && window.some((e) => e.seq === 16)).toBe(true);
  const unsent = Math.max(0, Math.floor((result.windowSeconds * 1000) / 100) - window.length - 1);
  console.log(
    `[sse-missed] stall: ${window.length} events in a ${result.windowSeconds.toFixed(2)} s window, ${unsent} ` +
      `never sent per client, ${result.missedEvents} missed`,
  );
  expect(unsent).toBeGreaterThanOrEqual(5);
  expect(unsent).toBeLessThanOrEqual(7);
  expect(result.missedEvents).toBe(unsent * CLIENTS);
  expect(result.eventsDelivered).toBe(window.length * CLIENTS);
});

it('a refused subscription is a connect error, and every event of the window is missed by it', async () => {
  stub = await startStub({ refuse: (subscriber) => subscriber >= WARMUP && subscriber % 3 === 0 });
  const result = await drive(stub.url);
  const window = inWindow(stub, result);
  const refused = [...Array(CLIENTS).keys()].map((i) => WARMUP + i).filter((i) => i % 3 === 0).length;
  expect(result.connectErrors).toBe(refused);
  expect(result.connectErrorReasons[0]).toMatch(/^HTTP 503/);
  expect(result.subscribed).toBe(CLIENTS - refused);
  expect(result.missedEvents).toBe(window.length * refused);
  expect(result.eventsDelivered).toBe(window.length * (CLIENTS - refused));
});
