/**
 * A CPU profile of a running Node server over exactly one trial, taken through its inspector.
 *
 * `node --cpu-prof` writes its profile only when the process exits, so it would cover the whole
 * stage (warm-up, every measured round). Instead the server is started with an inspector port
 * chosen but closed (`--inspect-port` in NODE_OPTIONS: nothing listens and nothing changes until
 * it is opened), and for the profiled trial verdict opens it with SIGUSR1, as `node inspect -p`
 * does, and brackets the trial with the Chrome DevTools Protocol's Profiler.start and
 * Profiler.stop. The result is the same .cpuprofile that --cpu-prof writes.
 */
import WebSocket from 'ws';
import { sleep } from '../util/system.js';
import type { CpuProfile } from './stacks.js';

/** V8's default sampling interval (what --cpu-prof-interval defaults to): 1,000 samples a second. */
export const NODE_SAMPLING_MICROSECONDS = 1000;
export const NODE_TOOL =
  `V8's CPU profiler through the inspector (Profiler.start/stop), a sample every ` +
  `${NODE_SAMPLING_MICROSECONDS / 1000} ms`;

/** The environment that gives a Node server a closed inspector port that SIGUSR1 opens. */
export function inspectorEnv(
  port: number,
  inherited: string | undefined = process.env.NODE_OPTIONS,
): Record<string, string> {
  return { NODE_OPTIONS: [inherited, `--inspect-port=127.0.0.1:${port}`].filter(Boolean).join(' ') };
}

export interface NodeCapture {
  stop(): Promise<CpuProfile>;
  /** Closes the session without a profile (the trial failed). */
  cancel(): void;
}

/** The inspector's WebSocket URL, once it answers on `port` (it opens a few ms after SIGUSR1). */
async function debuggerUrl(port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(1_000) });
      const targets = (await response.json()) as { webSocketDebuggerUrl?: string }[];
      const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
      if (url) return url;
      last = 'no debugger target listed';
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(50);
  }
  throw new Error(
    `the Node inspector did not open on 127.0.0.1:${port} within ${timeoutMs / 1000} s of SIGUSR1 (${last})`,
  );
}

/** A minimal CDP client: one request at a time is all a profile needs, but ids keep answers apart. */
function cdpSession(socket: WebSocket) {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  const fail = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  socket.on('close', () => fail(new Error('the inspector closed the connection (did the server exit?)')));
  socket.on('error', fail);
  return {
    send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
  };
}

/** Opens the inspector of process `pid` (listening-to-be on `port`) and starts the profiler. */
export async function startNodeCapture(
  pid: number,
  port: number,
  options: { openTimeoutMs?: number } = {},
): Promise<NodeCapture> {
  process.kill(pid, 'SIGUSR1');
  const url = await debuggerUrl(port, options.openTimeoutMs ?? 5_000);
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const cdp = cdpSession(socket);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: NODE_SAMPLING_MICROSECONDS });
    await cdp.send('Profiler.start');
  } catch (error) {
    socket.close();
    throw error;
  }
  return {
    async stop() {
      try {
        const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop');
        return profile;
      } finally {
        socket.close();
      }
    },
    cancel() {
      socket.close();
    },
  };
}
