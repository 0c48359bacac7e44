/**
 * What the held-connection drivers (websocket, sse) share: the server's memory read from /proc
 * around the moment connections are held, the open-file and port checks that must pass before
 * thousands of sockets are opened, and opening them with a bounded number of attempts in flight.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { sampleGroup, startGroupSampler } from '../measure/proc.js';
import { openFilesShortfall } from '../util/open-files.js';

const MB = 1024 * 1024;

/** How the opening of N held connections went: the part of a websocket or SSE result both share. */
export interface ConnectPhase {
  connectErrors: number;
  connectErrorReasons: string[];
  /** Connections that closed (or streams that ended) while they should have been held. */
  dropped: number;
  connectSeconds: number;
  /** CPU while connecting, in percent of one core. */
  serverConnectCpuPercent: number;
  generatorConnectCpuPercent: number;
  rssBeforeMb: number;
}

/** The ConnectPhase fields from what openAll, phaseCpu and the memory reading gave. */
export function connectPhase(phase: {
  opened: { failed: number; reasons: string[] };
  dropped: number;
  connectSeconds: number;
  connectUsage: { serverCpuPercent: number; generatorCpuPercent: number };
  rssBeforeMb: number;
}): ConnectPhase {
  return {
    connectErrors: phase.opened.failed,
    connectErrorReasons: phase.opened.reasons,
    dropped: phase.dropped,
    connectSeconds: phase.connectSeconds,
    serverConnectCpuPercent: phase.connectUsage.serverCpuPercent,
    generatorConnectCpuPercent: phase.connectUsage.generatorCpuPercent,
    rssBeforeMb: phase.rssBeforeMb,
  };
}

/** Total resident memory of the server's process group now, in MiB. */
export function groupRssMb(pgid: number): number {
  return sampleGroup(pgid).reduce((sum, p) => sum + p.rssBytes, 0) / MB;
}

/**
 * The group's RSS once it has stopped moving: samples every 200 ms until two in a row are within
 * 0.25 MiB (a collector or allocator still returning memory would otherwise blur the reading),
 * for at most maxMs; the last sample either way.
 */
export async function settledRssMb(pgid: number, maxMs = 3_000): Promise<number> {
  const deadline = performance.now() + maxMs;
  let last = groupRssMb(pgid);
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = groupRssMb(pgid);
    if (Math.abs(now - last) < 0.25) return now;
    last = now;
  }
  return last;
}

/** Local ports the kernel hands out to outgoing connections (all of ours go to one server port). */
function ephemeralPorts(): number | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined ? high - low + 1 : undefined;
  } catch {
    return undefined;
  }
}

/** Why `connections` sockets cannot be held by this process and the server, or undefined when they can. */
export function holdingProblem(serverPid: number, connections: number): string | undefined {
  const ports = ephemeralPorts();
  if (ports !== undefined && connections > ports - 1_000) {
    return (
      `${connections.toLocaleString('en-US')} connections to one port need as many local ports, and only ` +
      `${ports.toLocaleString('en-US')} are configured (net.ipv4.ip_local_port_range)`
    );
  }
  return (
    openFilesShortfall(serverPid, 'the server', connections) ??
    openFilesShortfall('self', 'the load generator', connections)
  );
}

/**
 * Runs open(i, signal) for i in 0..count-1 with at most `inFlight` attempts at once (thousands
 * of simultaneous SYNs would overflow the server's listen backlog and measure that instead).
 * The whole phase has `withinMs`: a server that accepts too slowly (busy serving those already
 * connected) would otherwise keep the cell going for minutes. Then the signal aborts attempts in
 * flight and the rest are not made; all of them count as failed. Returns how many failed and
 * the first few distinct reasons.
 */
export async function openAll(
  count: number,
  inFlight: number,
  open: (i: number, signal: AbortSignal) => Promise<void>,
  stopped: () => boolean,
  withinMs = connectPhaseMs(count),
): Promise<{ failed: number; reasons: string[] }> {
  let next = 0;
  let failed = 0;
  const reasons = new Set<string>();
  const phase = new AbortController();
  // One listener per attempt in flight, each removed when its attempt settles.
  setMaxListeners(inFlight + 10, phase.signal);
  const timer = setTimeout(
    () => phase.abort(new Error(`connecting took longer than ${Math.round(withinMs / 1000)} s`)),
    withinMs,
  );
  const worker = async () => {
    while (next < count && !stopped() && !phase.signal.aborted) {
      const i = next++;
      try {
        await open(i, phase.signal);
      } catch (error) {
        failed += 1;
        if (reasons.size < 5) reasons.add(error instanceof Error ? error.message : String(error));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  } finally {
    clearTimeout(timer);
  }
  if (phase.signal.aborted && next < count) {
    failed += count - next;
    reasons.add(`${(count - next).toLocaleString('en-US')} not attempted: ${(phase.signal.reason as Error).message}`);
  }
  return { failed, reasons: [...reasons] };
}

/**
 * CPU of the server's group and of this generator over one phase (the broadcasts, the SSE window):
 * the cell's own CPU figures also cover connecting and memory readings, which dilute them.
 */
export function phaseCpu(serverPid: number): { stop(): { serverCpuPercent: number; generatorCpuPercent: number } } {
  const server = startGroupSampler(serverPid, 500);
  const started = performance.now();
  const own = process.cpuUsage();
  return {
    stop() {
      const used = process.cpuUsage(own);
      const wallMs = performance.now() - started;
      return {
        serverCpuPercent: server.stop().cpuPercent,
        generatorCpuPercent: wallMs > 0 ? ((used.user + used.system) / 1000 / wallMs) * 100 : 0,
      };
    },
  };
}

/**
 * Time allowed for opening `count` connections: 10 s, or 350 a second for large counts (both
 * servers open more than 400 a second on a busy 2-core machine until they are saturated).
 */
export const connectPhaseMs = (count: number) => Math.max(10_000, (count / 350) * 1000);

/** Wall-clock milliseconds with a fraction: the same clock the servers stamp their messages with. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
