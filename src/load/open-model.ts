/**
 * The open-model driver: a constant arrival rate, as wrk2 and k6's constant-arrival-rate executor.
 * Request i is due at t0 + i / rate whatever happened to earlier requests, and its latency is
 * measured from that intended time, not from when it was written. A server that stalls for
 * 500 ms therefore shows 500 ms of latency on every request due during the stall, instead of
 * the closed model's one slow request and a pause in sending (coordinated omission).
 *
 * Sending never waits on a response: requests go out over a lean keep-alive client
 * (lean-http-client.ts) that opens another socket whenever every open one is busy, up to
 * `connections` (the cell's level). If
 * even that many are busy a request waits in the pool; that is counted (queuedSends) and its wait
 * is in its latency, since latency runs from the intended time. If this process falls behind the
 * schedule (a busy CPU, timer granularity), late requests are sent at once and their lateness
 * shows as latency too; how late sends were is recorded apart (sendLagMs).
 *
 * With warmupSeconds, the schedule starts that long before the measured window and runs into it
 * without a break: the pool opens its sockets and the server and this process reach a steady
 * state at the target rate, and those requests are in no figure but warmupSent. Without it the
 * first second of a run (sockets opened under load, code paths still cold) dominated the tail.
 *
 * The achieved rate is computed as wrk2 reports it: responses completed within the schedule's
 * window over its length. A request still in flight at the end is not counted there, which costs
 * about mean latency / duration (0.3% at 10 ms over 3 s), but its latency is recorded: the driver
 * waits for every request it sent (up to the timeout) before it returns.
 */
import { LeanHttpPool } from './lean-http-client.js';
import { createLatencyRecorder } from './histogram.js';
import type { HttpLoadResult, PathSpec, RunningLoad } from './types.js';

/** Within this share of the target, the rate counts as held. */
export const RATE_TOLERANCE = 0.02;

export interface OpenHttpJob {
  kind: 'open-http';
  baseUrl: string;
  path: PathSpec;
  /** Requests per second to start, on a fixed schedule. */
  rate: number;
  durationSeconds: number;
  timeoutSeconds: number;
  /** Most sockets the driver opens (opened as needed). */
  connections: number;
  /** Seconds the same schedule runs before the measured window, unrecorded. */
  warmupSeconds?: number;
}

export interface OpenHttpResult extends HttpLoadResult {
  targetRate: number;
  /** Requests sent per second of schedule (each at or after its intended time). */
  sentRate: number;
  /** Responses completed within the schedule's window per second of it (wrk2's figure). */
  achievedRate: number;
  /** True when both the sent and the achieved rate are within RATE_TOLERANCE of the target. */
  rateHeld: boolean;
  /**
   * Most requests outstanding at once (sent and not yet answered, including any waiting in the
   * pool for a socket), and sends that found every socket busy (queuedSends > 0 means the level
   * was too small for a stall, and those requests' waits are in their latency).
   */
  maxInFlight: number;
  queuedSends: number;
  /** How late this process sent requests after their intended time. */
  sendLagMs: { p50: number; p99: number; max: number } | null;
  /** Requests sent during the warm-up: in no other figure, but they ran queries. */
  warmupSent: number;
}

function pathPicker(spec: PathSpec): () => string {
  if (spec.kind === 'fixed') return () => spec.path;
  const span = spec.max - spec.min + 1;
  return () => spec.template.replace('{id}', String(spec.min + Math.floor(Math.random() * span)));
}

const isTimeout = (error: unknown) => /TIMEOUT/i.test((error as { code?: string }).code ?? '');

export function runOpenModel(job: OpenHttpJob): RunningLoad<OpenHttpResult> {
  const latency = createLatencyRecorder();
  const sendLag = createLatencyRecorder();
  const nextPath = pathPicker(job.path);
  const timeoutMs = job.timeoutSeconds * 1000;
  const pool = new LeanHttpPool(job.baseUrl, { connections: job.connections, timeoutMs });
  const intervalMs = 1000 / job.rate;
  // Requests 0 .. warmupCount - 1 are the warm-up; the measured ones follow on the same schedule.
  const warmupCount = Math.round(job.rate * (job.warmupSeconds ?? 0));
  const total = warmupCount + Math.max(1, Math.round(job.rate * job.durationSeconds));
  const statusCounts: Record<string, number> = {};
  let scheduled = 0;
  let sent = 0;
  let responses = 0;
  let inWindow = 0;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let queuedSends = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // A short lead so the first requests are not already late when the loop starts.
  const t0 = performance.now() + 5;
  const measureFrom = t0 + warmupCount * intervalMs;
  const windowEnd = measureFrom + job.durationSeconds * 1000;
  let scheduleEnd = windowEnd;
  let drained: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (drained = resolve));

  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0 && (stopped || scheduled >= total)) drained();
  };

  const send = (index: number) => {
    const intendedAt = t0 + index * intervalMs;
    const measured = index >= warmupCount;
    scheduled += 1;
    inFlight += 1;
    if (measured) {
      sendLag.recordMs(performance.now() - intendedAt);
      if (inFlight > job.connections) queuedSends += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sent += 1;
    }
    pool
      .request(nextPath())
      .then(({ statusCode }) => {
        if (!measured) return;
        const now = performance.now();
        latency.recordMs(now - intendedAt);
        responses += 1;
        if (now <= windowEnd) inWindow += 1;
        statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
        if (statusCode < 200 || statusCode > 299) non2xx += 1;
      })
      .catch((error: unknown) => {
        if (stopped || !measured) return;
        if (isTimeout(error)) timeouts += 1;
        else errors += 1;
      })
      .finally(settle);
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    const now = performance.now();
    // Everything due by now goes out, however late: the schedule does not wait.
    while (scheduled < total && t0 + scheduled * intervalMs <= now) send(scheduled);
    if (scheduled >= total) {
      scheduleEnd = Math.max(windowEnd, performance.now());
      if (inFlight === 0) drained();
      return;
    }
    // Node timers fire no sooner than 1 ms; the batch a tick sends is at most that late.
    timer = setTimeout(tick, Math.max(0, t0 + scheduled * intervalMs - performance.now()));
  };

  const done = (async (): Promise<OpenHttpResult> => {
    timer = setTimeout(tick, Math.max(0, t0 - performance.now()));
    // Every request sent is waited for (each is bounded by the timeout), plus a margin.
    const guard = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (performance.now() > windowEnd + timeoutMs + 2_000) {
          clearInterval(check);
          resolve();
        }
      }, 250);
      void allDone.then(() => clearInterval(check));
    });
    await Promise.race([allDone, guard]);
    const ended = Math.max(performance.now(), scheduleEnd);
    stopped = true;
    if (timer) clearTimeout(timer);
    const unanswered = inFlight;
    pool.destroy();
    const windowSeconds = Math.min(
      job.durationSeconds,
      Math.max(0.001, (Math.min(ended, windowEnd) - measureFrom) / 1000),
    );
    const sentRate = sent / windowSeconds;
    const achievedRate = inWindow / windowSeconds;
    const lag = sendLag.summary();
    const within = (rate: number) => Math.abs(rate - job.rate) <= job.rate * RATE_TOLERANCE;
    return {
      responses,
      sent,
      durationSeconds: windowSeconds,
      errors,
      // Requests still unanswered when the driver gave up waiting are timeouts too.
      timeouts: timeouts + unanswered,
      non2xx,
      statusCounts,
      latencyMs: latency.summary(),
      targetRate: job.rate,
      sentRate,
      achievedRate,
      rateHeld: within(sentRate) && within(achievedRate),
      maxInFlight,
      queuedSends,
      sendLagMs: lag ? { p50: lag.p50, p99: lag.p99, max: lag.max } : null,
      warmupSent: scheduled - sent,
    };
  })();

  return {
    done,
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      scheduleEnd = performance.now();
      drained();
    },
  };
}
