import { NodeWorkerGenerator } from './node-generator.js';
import { WrkGenerator } from './wrk-generator.js';
import type { GeneratorRun, LoadJob } from './types.js';

export type { GeneratorRun, HttpLoadResult, LoadJob, PathSpec, ClosedHttpJob } from './types.js';

export type DriverName = 'autocannon' | 'wrk';
export const DRIVERS: readonly DriverName[] = ['autocannon', 'wrk'];

/** A process that generates load, pinned to `cpus` when given. */
export interface LoadGenerator {
  readonly driver: DriverName;
  run<R>(job: LoadJob): Promise<GeneratorRun<R>>;
  abort(): void;
  close(): Promise<void>;
}

/**
 * HTTP request/response jobs go to the chosen driver; other job kinds (websockets, server-sent
 * events, open-model schedules) always run in the Node generator, which implements them all.
 */
export async function createGenerators(driver: DriverName, cpus?: string): Promise<{ http: LoadGenerator; node: LoadGenerator; close(): Promise<void> }> {
  const node = await NodeWorkerGenerator.start(cpus);
  const http: LoadGenerator = driver === 'wrk' ? new WrkGenerator(cpus) : node;
  return {
    http,
    node,
    async close() {
      await Promise.all([node.close(), http === node ? undefined : http.close()]);
    },
  };
}
