/**
 * Starts a server from its manifest, optionally pinned to CPUs with taskset, waits until its
 * health path answers, and stops its whole process tree (Node cluster workers, uvicorn workers).
 * Servers run in their own process group so one signal reaches every process they started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { VerdictError } from '../core/errors.js';
import { onCleanup } from '../util/lifecycle.js';
import { freePort } from '../util/ports.js';
import { pinnedCommand } from '../util/process-group.js';
import { sleep } from '../util/system.js';
import type { ServerManifest } from './manifest.js';

export interface StartServerOptions {
  databaseUrl: string;
  /** The interpreter that `{python}` stands for. */
  python?: string;
  /** Processes: Node cluster workers or uvicorn workers. */
  workers?: number;
  /** A taskset CPU list such as "0" or "0,1"; ignored when taskset is missing. */
  cpus?: string;
  port?: number;
  /** Extra environment for workload-specific settings (e.g. the fan-out downstream URL). */
  env?: Record<string, string>;
  /** Per-request logging; off for benchmarks unless asked, and stated in the results. */
  logRequests?: boolean;
  startTimeoutMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  readonly manifest: ServerManifest;
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** The CPU list it is pinned to, or null when not pinned. */
  readonly pinnedTo: string | null;
  /** Resolves when the server's main process exits, for whatever reason. */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  logTail(lines?: number): string[];
  stop(): Promise<void>;
}

const LOG_LINES = 200;
const STOP_GRACE_MS = 5_000;

export async function startServer(manifest: ServerManifest, options: StartServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const workers = options.workers ?? 1;
  const substitute = (value: string) =>
    value
      .replaceAll('{node}', process.execPath)
      .replaceAll('{python}', options.python ?? 'python3')
      .replaceAll('{port}', String(port))
      .replaceAll('{workers}', String(workers));
  const { command, args, pinnedTo } = pinnedCommand(
    substitute(manifest.start.command),
    manifest.start.args.map(substitute),
    options.cpus,
  );

  const child = spawn(command, args, {
    cwd: manifest.dir,
    detached: true, // own process group: stop() signals every process the server started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      WORKERS: String(workers),
      POOL_SIZE: String(manifest.pool?.size ?? ''),
      LOG_REQUESTS: options.logRequests ? '1' : '0',
      NODE_ENV: 'production',
      PYTHONUNBUFFERED: '1',
    },
  });
  const logs: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(line);
    if (logs.length > LOG_LINES) logs.splice(0, logs.length - LOG_LINES);
  };
  child.stdout!.on('data', remember);
  child.stderr!.on('data', remember);

  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.on('error', (error) => {
      logs.push(`failed to start: ${error.message}`);
      exitInfo = { code: null, signal: null };
      resolve(exitInfo);
    });
  });

  const stop = onCleanup(`server ${manifest.name}`, () => stopProcessGroup(child, exited));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    manifest,
    pid: child.pid ?? -1,
    port,
    url,
    pinnedTo,
    exited,
    hasExited: () => exitInfo !== undefined,
    logTail: (lines = 20) => logs.slice(-lines),
    stop,
  };

  try {
    await waitForHealth(server, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

async function waitForHealth(server: RunningServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const healthUrl = `${server.url}${server.manifest.healthPath}`;
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      const info = await server.exited;
      throw new ServerStartError(server, `exited with ${info.signal ?? `code ${info.code}`} before it was healthy`);
    }
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new ServerStartError(server, `was not healthy at ${server.manifest.healthPath} within ${timeoutMs / 1000} s`);
}

export class ServerStartError extends VerdictError {
  constructor(
    readonly server: RunningServer,
    what: string,
  ) {
    const last = server.logTail(1)[0];
    super(
      `server ${server.manifest.name} ${what}${last ? ` (last log line: ${last.trim().slice(0, 200)})` : ''}`,
      `run 'verdict servers start ${server.manifest.name}' to see its whole log`,
    );
  }
}

/** SIGTERM to the group for a graceful shutdown, SIGKILL after a grace period. */
async function stopProcessGroup(child: ChildProcess, exited: Promise<ExitInfo>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  signalGroup('SIGTERM');
  await Promise.race([exited, sleep(STOP_GRACE_MS)]);
  // Whatever is left of the group (a stuck leader, workers that outlived it) is killed.
  signalGroup('SIGKILL');
  await exited;
}
