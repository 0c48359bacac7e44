/**
 * Starts the fan-out downstream stub (src/load/downstream-stub.ts) as its own process, pinned
 * with taskset to the load generator's CPUs when given (away from the server under test), and
 * reads its call counter.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VerdictError } from '../core/errors.js';
import { projectRoot } from '../util/paths.js';
import { spawnGroup } from '../util/process-group.js';

const stubPath = join(projectRoot, 'dist', 'load', 'downstream-stub.js');

export interface DownstreamStub {
  url: string;
  pid: number;
  delayMs: number;
  pinnedTo: string | null;
  /** How many /value calls the stub has answered since it started. */
  answered(): Promise<number>;
  stop(): Promise<void>;
}

export async function startDownstreamStub(options: { delayMs: number; cpus?: string | null }): Promise<DownstreamStub> {
  if (!existsSync(stubPath))
    throw new VerdictError(`the downstream stub is not built (${stubPath})`, 'run npm run build');
  const {
    child,
    pinnedTo,
    kill: stop,
  } = spawnGroup('downstream stub', process.execPath, [stubPath], {
    cpus: options.cpus ?? null,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STUB_DELAY_MS: String(options.delayMs) },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () =>
        reject(new VerdictError('the downstream stub did not start within 10 s', 'run npm run build and try again')),
      10_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new VerdictError(
          `the downstream stub exited (code ${code}): ${stderr.trim().split('\n').at(-1) ?? 'no message'}`,
          'run npm run build and try again',
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    delayMs: options.delayMs,
    pinnedTo,
    async answered() {
      const response = await fetch(`${url}/stats`, { signal: AbortSignal.timeout(5_000) });
      return ((await response.json()) as { answered: number }).answered;
    },
    stop,
  };
}
