/**
 * Waits until a process group stops using the CPU. A closed-model run that ends stops sending,
 * but a server that computes synchronously still works through the requests it had accepted
 * (their clients are gone; nothing cancels CPU-bound code). The next cell must not start behind
 * that work, and an HTTP probe cannot tell when it is done: it may be answered before requests
 * queued ahead of it. The CPU the group uses can.
 */
import { commandOutput, sleep } from '../util/system.js';
import { sampleGroup } from './proc.js';

const CLOCK_TICKS = Number(commandOutput('getconf', ['CLK_TCK'])) || 100;

export interface IdleWait {
  /** Seconds waited, including the final idle window. */
  seconds: number;
  /** False when the group was still busy after maxSeconds. */
  idle: boolean;
}

const ticksOf = (pgids: number | readonly number[]) =>
  (typeof pgids === 'number' ? [pgids] : pgids).reduce(
    (total, pgid) => total + sampleGroup(pgid).reduce((sum, p) => sum + p.cpuTicks, 0),
    0,
  );

/** CPU seconds the group's live processes have used so far (user + system). */
export const groupCpuSeconds = (pgid: number) => ticksOf(pgid) / CLOCK_TICKS;

/**
 * Resolves once a window of `windowMs` passes with the group (or all the groups together) using
 * less than `idlePercent` of one core, or after `maxSeconds`. Interleaved rounds keep every server
 * of a stage running, so the wait before a trial covers them all: a server still draining its own
 * trial's backlog would take CPU from the next server measured. /proc counts CPU time in clock ticks (usually 100 a
 * second), so
 * windows shorter than about 200 ms cannot tell 10% from 0%.
 */
export async function waitUntilIdle(
  pgid: number | readonly number[],
  options: { maxSeconds: number; windowMs?: number; idlePercent?: number },
): Promise<IdleWait> {
  const windowMs = options.windowMs ?? 200;
  const idlePercent = options.idlePercent ?? 10;
  const started = performance.now();
  let before = ticksOf(pgid);
  for (;;) {
    const windowStart = performance.now();
    await sleep(windowMs);
    const after = ticksOf(pgid);
    const elapsedMs = performance.now() - windowStart;
    const percent = ((after - before) / CLOCK_TICKS / (elapsedMs / 1000)) * 100;
    before = after;
    const seconds = (performance.now() - started) / 1000;
    if (percent < idlePercent) return { seconds, idle: true };
    if (seconds >= options.maxSeconds) return { seconds, idle: false };
  }
}
