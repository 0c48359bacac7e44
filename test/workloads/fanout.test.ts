/**
 * GET /api/fanout?n=K on both tuned servers, with the downstream stub the workload's setup starts
 * (its own process): each request makes exactly K calls (counted at the stub) whose answers are
 * summed correctly, the workload runs through both closed-model drivers with K calls per request
 * verified, and a downstream that goes away turns requests into JSON 502s (errors, not successes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/index.js';
import { createGenerators, type LoadGenerator } from '../../src/load/index.js';
import { WrkGenerator, wrkPath } from '../../src/load/wrk-generator.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import type { CellContext, WorkloadResources } from '../../src/workloads/index.js';
import { FANOUT_DELAY_MS, fanoutWorkload } from '../../src/workloads/fanout.js';
import { isStructuredError } from '../contract/checks.js';
import { startTestDatabase } from '../support/database.js';
import { describeProbe, probe } from '../support/http.js';
import { startServerUnderTest, stopServers } from '../support/servers.js';

const tuned = (await loadManifests()).filter((m) => m.variant === 'tuned');
let db: Database;
let stub: WorkloadResources;
const servers = new Map<string, RunningServer>();
let generators: Awaited<ReturnType<typeof createGenerators>>;

/** The stub's own counter, read over HTTP like the workload does. */
async function answered(): Promise<number> {
  const response = await fetch(`${stub.env.DOWNSTREAM_URL}/stats`);
  return ((await response.json()) as { answered: number }).answered;
}

beforeAll(async () => {
  db = await startTestDatabase({ rows: 100 });
  stub = await fanoutWorkload.setup!({ generatorCpus: null, quick: true });
  // A small pool keeps the test light; the bench gives both servers the same, larger one.
  for (const m of tuned)
    servers.set(m.name, await startServerUnderTest(m, db, { env: { ...stub.env, DOWNSTREAM_POOL_SIZE: '64' } }));
  generators = await createGenerators('autocannon');
});

afterAll(async () => {
  await generators?.close();
  await stopServers(servers);
  await stub?.stop();
  await db?.stop();
});

const context = (server: RunningServer, http: LoadGenerator, k: number): CellContext => ({
  server,
  database: db,
  http,
  node: generators.node,
  connections: 4,
  parameters: { k },
  durationSeconds: 1,
  timeoutSeconds: 5,
  rows: 100,
  earlierCells: [],
});

it('the run records the stub and the shared pool size as facts', () => {
  expect(stub.env.DOWNSTREAM_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(Object.values(stub.facts ?? {}).join(' ')).toContain(`${FANOUT_DELAY_MS} ms`);
});

describe.each(tuned.map((m) => [m.name] as const))('%s', (name) => {
  const server = () => servers.get(name)!;

  it.each([1, 10, 50])(
    'K = %i: K downstream calls per request, counted at the stub, every answer summed once',
    async (k) => {
      const before = await answered();
      const requests = 3;
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: requests }, () => probe(`${server().url}/api/fanout?n=${k}`)),
      );
      const elapsed = performance.now() - started;
      for (const answer of answers) {
        expect(answer.kind === 'answer' && answer.status, describeProbe(answer)).toBe(200);
        // Call i answers i + 1.
        if (answer.kind === 'answer') expect(answer.json).toEqual({ k, succeeded: k, sum: (k * (k + 1)) / 2 });
      }
      expect((await answered()) - before).toBe(requests * k);
      // Concurrent calls: three requests of K calls take about one delay, not K of them.
      expect(elapsed).toBeGreaterThanOrEqual(FANOUT_DELAY_MS);
      if (k === 50) expect(elapsed).toBeLessThan(FANOUT_DELAY_MS * 25);
    },
  );

  it('a fan-out width out of range is a JSON 422', async () => {
    for (const n of ['0', '101', 'many']) {
      const answer = await probe(`${server().url}/api/fanout?n=${n}`);
      expect(answer.kind === 'answer' && answer.status, describeProbe(answer)).toBe(422);
    }
  });

  it(
    'the workload through autocannon (generator process): no ' + 'errors, K calls per request verified at the stub',
    async () => {
      const measurement = await fanoutWorkload.run(context(server(), generators.http, 5));
      console.log(
        `[fanout] ${name} autocannon K=5: ${measurement.requestsPerSecond?.toFixed(0)} req/s, p50 ` +
          `${measurement.latencyMs?.p50} ms, metrics ${JSON.stringify(measurement.metrics)}`,
      );
      expect(measurement.requests).toBeGreaterThan(20);
      expect(measurement.errors + measurement.timeouts + measurement.non2xx).toBe(0);
      expect(measurement.latencyMs!.p50).toBeGreaterThanOrEqual(FANOUT_DELAY_MS);
      expect(measurement.metrics!.downstreamCallsPerRequest).toBeGreaterThan(4.9);
      expect(measurement.metrics!.downstreamCallsPerRequest).toBeLessThanOrEqual(5);
      expect(measurement.metrics!.stubCpuPercent).toBeGreaterThan(0);
    },
  );

  it('the workload through wrk: no errors, K calls per request', async () => {
    expect(wrkPath(), 'wrk is not installed: run npx verdict setup').toBeTruthy();
    const measurement = await fanoutWorkload.run(context(server(), new WrkGenerator(), 10));
    expect(measurement.requests).toBeGreaterThan(20);
    expect(measurement.errors + measurement.timeouts + measurement.non2xx).toBe(0);
    // wrk's sent count is an estimate (responses + connections): within a few percent of K.
    expect(measurement.metrics!.downstreamCallsPerRequest).toBeGreaterThan(9.5);
    expect(measurement.metrics!.downstreamCallsPerRequest).toBeLessThan(10.5);
  });
});

describe('when the downstream service goes away', () => {
  beforeAll(async () => {
    await stub.stop();
  });

  describe.each(tuned.map((m) => [m.name] as const))('%s', (name) => {
    it('answers a JSON 502 that says how many calls failed, and keeps running', async () => {
      const answer = await probe(`${servers.get(name)!.url}/api/fanout?n=3`, 8_000);
      console.log(`[fanout] ${name} without downstream -> ${describeProbe(answer)}`);
      expect(answer.kind === 'answer' && answer.status, describeProbe(answer)).toBe(502);
      if (answer.kind !== 'answer') return;
      expect(isStructuredError(answer.json, 502), answer.text).toBe(true);
      expect((answer.json as { message: string }).message).toBe('3 of 3 downstream calls failed');
      expect(servers.get(name)!.hasExited()).toBe(false);
    });
  });
});
