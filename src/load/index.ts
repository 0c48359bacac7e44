import { LeanGenerator } from './lean-generator.js';
import { NodeWorkerGenerator } from './node-generator.js';
import { WrkGenerator, wrkPath } from './wrk-generator.js';
import type { LoadJob } from './jobs.js';
import type { DriverName, GeneratorRun } from './types.js';

export type { LoadJob } from './jobs.js';
export type { GeneratorRun, HttpLoadResult, PathSpec, ClosedHttpJob, DriverName, RunDriver } from './types.js';

/**
 * The closed-model drivers: wrk (C, the lightest), lean (verdict's own keep-alive client,
 * lean-closed.ts) and autocannon. autocannon read about 20% below wrk on the fastest server here,
 * so it is no longer the default; it stays selectable.
 */
export const DRIVERS: readonly DriverName[] = ['wrk', 'lean', 'autocannon'];

/** wrk where it is installed (verdict setup installs it), else the lean driver, which needs nothing. */
export function defaultDriver(): DriverName {
  return wrkPath() ? 'wrk' : 'lean';
}

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
export async function createGenerators(
  driver: DriverName,
  cpus?: string,
): Promise<{ http: LoadGenerator; node: LoadGenerator; close(): Promise<void> }> {
  const node = await NodeWorkerGenerator.start(cpus);
  const http: LoadGenerator =
    driver === 'wrk' ? new WrkGenerator(cpus) : driver === 'lean' ? await LeanGenerator.start(node, cpus) : node;
  return {
    http,
    node,
    async close() {
      await Promise.all([node.close(), http === node ? undefined : http.close()]);
    },
  };
}
