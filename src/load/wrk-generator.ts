/**
 * The wrk driver (C, one thread per generator CPU, much lighter than autocannon): the default where
 * wrk is installed. Each run is its own wrk process, pinned like the Node generator, with a Lua
 * script that prints its summary as JSON.
 * wrk reports latency in microseconds and counts responses with status >= 400 as status errors.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { VerdictError } from '../core/errors.js';
import { cpuList } from '../measure/cpu-busy.js';
import { startGroupSampler } from '../measure/proc.js';
import { projectRoot } from '../util/paths.js';
import { spawnGroup } from '../util/process-group.js';
import { which } from '../util/system.js';
import type { LoadJob } from './jobs.js';
import type { GeneratorRun, HttpLoadResult } from './types.js';

const script = join(projectRoot, 'src', 'load', 'wrk.lua');

/** The VERDICT_RESULT line src/load/wrk.lua prints (and src/import/wrk-done.lua, for `verdict import wrk`). */
export interface WrkSummary {
  responses: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function wrkPath(): string | undefined {
  return which('wrk');
}

/**
 * wrk's version, e.g. "4.1.0" from "wrk debian/4.1.0-3+b2 [epoll] ...". wrk prints it with its
 * usage text and exits 1 for -v, so the exit status says nothing here.
 */
export function wrkVersion(): string | undefined {
  const out = spawnSync('wrk', ['-v'], { encoding: 'utf8', timeout: 10_000 });
  const match = /^wrk (?:\S*\/)?(\d[\w.]*)/m.exec(`${out.stdout ?? ''}${out.stderr ?? ''}`);
  return match?.[1];
}

export class WrkGenerator {
  readonly driver = 'wrk' as const;
  private abortCurrent: (() => void) | undefined;

  constructor(private readonly cpus?: string) {}

  async run<R>(job: LoadJob): Promise<GeneratorRun<R>> {
    const wrk = wrkPath();
    if (!wrk)
      throw new VerdictError('wrk is not installed', 'run verdict setup (it installs wrk), or use --driver lean');
    // Held-connection jobs (websocket, sse) always go to the Node generator; wrk only sends HTTP requests.
    if (!('path' in job)) throw new VerdictError(`wrk cannot run ${job.kind} jobs`, 'run them on the Node generator');
    const path = job.path.kind === 'fixed' ? job.path.path : job.path.template;
    const idMax = job.path.kind === 'random-id' ? job.path.max : 0;
    // One wrk thread per generator CPU (each thread runs its own event loop on its share of the connections).
    const threads = Math.max(1, Math.min(job.connections, cpuList(this.cpus ?? '0').length));
    const wrkArgs = [
      `-t${threads}`,
      `-c${job.connections}`,
      `-d${Math.max(1, Math.round(job.durationSeconds))}s`,
      '--timeout',
      `${job.timeoutSeconds}s`,
      '-s',
      script,
      job.baseUrl,
    ];
    const { child, exited, kill } = spawnGroup('wrk', wrk, wrkArgs, {
      cpus: this.cpus ?? null,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VERDICT_PATH: path, VERDICT_ID_MAX: String(idMax) },
    });
    // wrk prints its summary when interrupted, so an abort still yields a partial result.
    this.abortCurrent = () => child.kill('SIGINT');
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const sampler = startGroupSampler(child.pid!);
    const code = await exited;
    const usage = sampler.stop();
    this.abortCurrent = undefined;
    await kill();
    const line = output.split('\n').find((l) => l.startsWith('VERDICT_RESULT '));
    if (!line) throw new VerdictError(`wrk failed (code ${code}): ${output.trim().split('\n').at(-1) ?? 'no output'}`);
    return {
      result: toResult(JSON.parse(line.slice('VERDICT_RESULT '.length)) as WrkSummary, job) as R,
      generatorCpuPercent: usage.cpuPercent,
      generatorCpuSeconds: usage.cpuSeconds,
      driver: 'wrk',
    };
  }

  abort(): void {
    this.abortCurrent?.();
  }

  async close(): Promise<void> {}
}

function toResult(summary: WrkSummary, job: { connections: number }): HttpLoadResult {
  const ms = (us: number) => us / 1000;
  return {
    responses: summary.responses,
    // wrk does not count requests in flight when it stops; in a closed model each open
    // connection has exactly one, so that is the estimate used for queries per request.
    sent: summary.responses + job.connections,
    durationSeconds: summary.durationUs / 1e6,
    errors: summary.connect + summary.read + summary.write,
    timeouts: summary.timeout,
    non2xx: summary.status,
    statusCounts: {},
    latencyMs:
      summary.responses > 0
        ? {
            p50: ms(summary.p50),
            p90: ms(summary.p90),
            p99: ms(summary.p99),
            p999: ms(summary.p999),
            max: ms(summary.max),
            mean: ms(summary.mean),
          }
        : null,
  };
}
