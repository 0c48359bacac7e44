/**
 * Runs load jobs in a separate Node process (src/load/worker.ts), pinned with taskset when
 * possible, and samples that process's CPU so a saturated generator is noticed.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VerdictError } from '../core/errors.js';
import { startGroupSampler } from '../measure/proc.js';
import { projectRoot } from '../util/paths.js';
import { spawnGroup } from '../util/process-group.js';
import { nodeDriverOf, type LoadJob } from './jobs.js';
import type { GeneratorRun } from './types.js';

const workerPath = join(projectRoot, 'dist', 'load', 'worker.js');

type Reply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string };

export class NodeWorkerGenerator {
  readonly driver = 'autocannon' as const;
  private nextId = 1;
  private pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private stderr: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly stopProcess: () => Promise<void>,
  ) {
    child.on('message', (reply: Reply) => {
      if (reply.type === 'ready') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'result') waiter?.resolve(reply.result);
      else waiter?.reject(new VerdictError(`the load generator failed: ${reply.message}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(...chunk.toString().split('\n').filter(Boolean)));
    child.on('exit', (code, signal) => {
      for (const waiter of this.pending.values()) {
        waiter.reject(
          new VerdictError(
            `the load generator exited (${signal ?? `code ${code}`}): ${this.stderr.at(-1) ?? 'no message'}`,
          ),
        );
      }
      this.pending.clear();
    });
  }

  /** Starts the generator process and waits until it is ready to take jobs. */
  static async start(cpus?: string): Promise<NodeWorkerGenerator> {
    if (!existsSync(workerPath))
      throw new VerdictError(`the load generator is not built (${workerPath})`, 'run npm run build');
    const { child, kill: stopProcess } = spawnGroup('load generator', process.execPath, [workerPath], {
      cpus: cpus ?? null,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) =>
        reject(new VerdictError(`the load generator did not start (code ${code})`, 'run npm run build')),
      );
    });
    return new NodeWorkerGenerator(child, stopProcess);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async run<R>(job: LoadJob): Promise<GeneratorRun<R>> {
    const id = this.nextId++;
    const sampler = startGroupSampler(this.pid);
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.child.send({ type: 'run', id, job });
      });
      const usage = sampler.stop();
      return {
        result: result as R,
        generatorCpuPercent: usage.cpuPercent,
        generatorCpuSeconds: usage.cpuSeconds,
        driver: nodeDriverOf(job),
      };
    } finally {
      sampler.stop();
    }
  }

  abort(): void {
    if (this.child.connected) this.child.send({ type: 'stop' });
  }

  close(): Promise<void> {
    return this.stopProcess();
  }
}
