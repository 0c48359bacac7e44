/**
 * The bench records, per cell, which driver generated its load and the generator's CPU per
 * response, whatever the workload does with the generators it is given.
 */
import { describe, expect, it } from 'vitest';
import type { LoadGenerator } from '../../src/load/index.js';
import { trackGenerators } from '../../src/load/tracking.js';
import type { LoadJob } from '../../src/load/jobs.js';
import type { GeneratorRun, RunDriver } from '../../src/load/types.js';

function fake(driver: RunDriver, cpuSeconds: number): LoadGenerator {
  return {
    driver: 'wrk',
    run: async <R>(_job: LoadJob): Promise<GeneratorRun<R>> => ({
      result: {} as R,
      generatorCpuPercent: 50,
      generatorCpuSeconds: cpuSeconds,
      driver,
    }),
    abort: () => undefined,
    close: async () => undefined,
  };
}

const job: LoadJob = {
  kind: 'closed-http',
  baseUrl: 'http://127.0.0.1:1',
  path: { kind: 'fixed', path: '/' },
  connections: 1,
  durationSeconds: 1,
  timeoutSeconds: 1,
};

describe('trackGenerators', () => {
  it('records the driver and the CPU per response, summed over every run of the cell', async () => {
    const tracked = trackGenerators(fake('wrk', 0.25), fake('open-model', 1));
    await tracked.http.run(job);
    await tracked.http.run(job);
    expect(tracked.fields(50_000)).toEqual({ driver: 'wrk', generatorCpuUsPerRequest: 10 });
    expect(tracked.fields(0)).toEqual({ driver: 'wrk', generatorCpuUsPerRequest: null });
  });

  it('names the Node generator’s own drivers, with no CPU per request for held connections', async () => {
    const ws = trackGenerators(fake('wrk', 0), fake('websocket', 2));
    await ws.node.run(job);
    expect(ws.fields(1_000)).toEqual({ driver: 'websocket' });
    const open = trackGenerators(fake('wrk', 0), fake('open-model', 0.1));
    await open.node.run(job);
    expect(open.fields(4_000)).toEqual({ driver: 'open-model', generatorCpuUsPerRequest: 25 });
    expect(trackGenerators(fake('wrk', 0), fake('sse', 0)).fields(10)).toEqual({});
  });
});
