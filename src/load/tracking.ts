/**
 * Which driver generated a cell's load and how much generator CPU it took, recorded whatever the
 * workload does: the bench hands a workload these wrappers of its generators and reads them after.
 * A workload may make more than one run (compute's drain, say); CPU is summed over them all.
 */
import type { LoadGenerator } from './index.js';
import type { LoadJob } from './jobs.js';
import type { GeneratorRun, RunDriver } from './types.js';

/** The drivers that send requests and get responses: their CPU per response is meaningful. */
const REQUEST_DRIVERS: readonly RunDriver[] = ['wrk', 'lean', 'autocannon', 'open-model'];

export interface TrackedGenerators {
  http: LoadGenerator;
  node: LoadGenerator;
  /** The cell's driver (the last run's) and the generator's CPU per response, for `responses` responses. */
  fields(responses: number): { driver?: RunDriver; generatorCpuUsPerRequest?: number | null };
}

export function trackGenerators(http: LoadGenerator, node: LoadGenerator): TrackedGenerators {
  let driver: RunDriver | undefined;
  let cpuSeconds = 0;
  const wrap = (generator: LoadGenerator): LoadGenerator => ({
    driver: generator.driver,
    async run<R>(job: LoadJob): Promise<GeneratorRun<R>> {
      const run = await generator.run<R>(job);
      driver = run.driver;
      cpuSeconds += run.generatorCpuSeconds;
      return run;
    },
    abort: () => generator.abort(),
    close: () => generator.close(),
  });
  return {
    http: wrap(http),
    node: wrap(node),
    fields(responses) {
      if (!driver) return {};
      if (!REQUEST_DRIVERS.includes(driver)) return { driver };
      return {
        driver,
        generatorCpuUsPerRequest: responses > 0 ? Math.round((cpuSeconds / responses) * 1e7) / 10 : null,
      };
    },
  };
}
