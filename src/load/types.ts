/**
 * What every load driver shares: the closed-model job, results, the running-load handle and the
 * driver names. Jobs cross a process boundary, so they are plain data. This file depends on
 * nothing else in load/; the union of every job (which names each driver's own job) is jobs.ts.
 */
import type { Latency } from '../results/schema.js';

/** How each request's path is chosen. */
export type PathSpec =
  | { kind: 'fixed'; path: string }
  /** `{id}` in the template is replaced by a uniformly random integer in [min, max] per request. */
  | { kind: 'random-id'; template: string; min: number; max: number };

/** Closed model: each connection sends its next request when the previous response arrives. */
export interface ClosedHttpJob {
  kind: 'closed-http';
  baseUrl: string;
  path: PathSpec;
  connections: number;
  durationSeconds: number;
  timeoutSeconds: number;
  /** Which Node closed-model driver runs it: autocannon (the default here) or the lean client (lean-closed.ts). */
  driver?: 'autocannon' | 'lean';
}

export interface HttpLoadResult {
  /** Responses received, of any status. */
  responses: number;
  /** Requests written, including those still in flight when the run stopped. */
  sent: number;
  durationSeconds: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  /** From an HDR histogram at microsecond resolution, over every response; null when none arrived. */
  latencyMs: Latency | null;
}

/** A driver run in progress: its result when done, and a way to stop it early. */
export interface RunningLoad<R> {
  done: Promise<R>;
  stop(): void;
}

/** The closed-model HTTP drivers, one of which a run chooses (--driver). */
export type DriverName = 'wrk' | 'lean' | 'autocannon';

/**
 * What generated a cell's load: its closed-model driver, or the Node generator's own driver for
 * the jobs only it runs (open model, websockets, server-sent events).
 */
export type RunDriver = DriverName | 'open-model' | 'websocket' | 'sse';

/** What a generator reports: the driver's result and the generator's own CPU use. */
export interface GeneratorRun<R> {
  result: R;
  /** The load generator's CPU over the run, in percent of one core (summed over its processes). */
  generatorCpuPercent: number;
  /** The load generator's CPU time over the run, in seconds (every process it used). */
  generatorCpuSeconds: number;
  driver: RunDriver;
}

/**
 * A driver written as one async function that checks `stopped()` between its phases and hands
 * over a `wake` callback for whatever it is waiting on, so stop() ends a wait at once.
 */
export type DriveFunction<R> = (stopped: () => boolean, onWake: (wake: () => void) => void) => Promise<R>;

export function stoppable<R>(drive: DriveFunction<R>): RunningLoad<R> {
  let stopped = false;
  let wake: () => void = () => {};
  const done = drive(
    () => stopped,
    (w) => (wake = w),
  );
  return {
    done,
    stop() {
      stopped = true;
      wake();
    },
  };
}
