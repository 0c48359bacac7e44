/**
 * The compute workload against the real tuned servers (and the embedded PostgreSQL they need to
 * start): every implementation of both runtimes gives the reference's answer, both runtimes
 * generate the same inputs, a wrong answer fails the preflight with the difference named, and
 * the workload measures both of its levels with the real load generator.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/index.js';
import { createGenerators } from '../../src/load/index.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import { findPython } from '../../src/servers/python.js';
import { serversDir } from '../../src/util/paths.js';
import {
  checkComputeAnswers,
  computeImplementations,
  computePath,
  computeWorkload,
  describeFailedChecks,
} from '../../src/workloads/compute.js';
import { computeReference, SEEDS, STATS_COUNT, xorshift32 } from '../../src/workloads/compute-reference.js';
import type { CellContext } from '../../src/workloads/types.js';
import { startTestDatabase } from '../support/database.js';
import { startServersUnderTest, stopServers } from '../support/servers.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';
const manifests = (await loadManifests()).filter((m) => m.name === NODE || m.name === PYTHON);
let db: Database;
let servers = new Map<string, RunningServer>();
let generators: Awaited<ReturnType<typeof createGenerators>> | undefined;

beforeAll(async () => {
  db = await startTestDatabase({ rows: 100 });
  servers = await startServersUnderTest(manifests, db);
  generators = await createGenerators('autocannon');
});

afterAll(async () => {
  await generators?.close();
  await stopServers(servers);
  await db?.stop();
});

const server = (name: string) => servers.get(name)!;

describe('the inputs', () => {
  it('are the same in verdict, node-fastify and python-fastapi-tuned: first values and the millionth', async () => {
    const seeds = [SEEDS.a, SEEDS.b, SEEDS.stats];
    const expected = seeds.map((seed) => [...xorshift32(seed, 5), xorshift32(seed, STATS_COUNT)[STATS_COUNT - 1]!]);

    const nodeData = (await import(pathToFileURL(join(serversDir, NODE, 'dist', 'compute', 'data.js')).href)) as {
      xorshift32(seed: number, count: number): Float64Array;
    };
    expect(
      seeds.map((seed) => [...nodeData.xorshift32(seed, 5), nodeData.xorshift32(seed, STATS_COUNT)[STATS_COUNT - 1]!]),
    ).toEqual(expected);

    const python = (await findPython()).path;
    const script = `import json, compute_kernels as k
print(json.dumps([k.xorshift32(s, 5) + [k.xorshift32(s, ${STATS_COUNT})[-1]] for s in ${JSON.stringify(seeds)}]))`;
    const printed = execFileSync(python, ['-c', script], { cwd: join(serversDir, PYTHON), encoding: 'utf8' });
    // Python prints the shortest text that reads back as the same float64, so equality is exact.
    expect(JSON.parse(printed)).toEqual(expected);
    expect(expected[0]!.slice(0, 2)).toEqual([xorshift32(SEEDS.a, 1)[0], xorshift32(SEEDS.a, 2)[1]]);
  });
});

describe('answers', () => {
  it('each tuned server lists its implementations in its manifest', () => {
    expect(computeImplementations(server(NODE).manifest)).toEqual(['typed-array', 'mathjs']);
    expect(computeImplementations(server(PYTHON).manifest)).toEqual(['numpy', 'pure-python']);
    expect(computeWorkload.parameterSets(false, server(PYTHON).manifest)).toEqual([
      { operation: 'matmul', implementation: 'numpy' },
      { operation: 'matmul', implementation: 'pure-python' },
      { operation: 'stats', implementation: 'numpy' },
      { operation: 'stats', implementation: 'pure-python' },
    ]);
    // --quick keeps the implementations the claims read: mathjs is left out, NumPy and pure Python stay.
    expect(computeWorkload.parameterSets(true, server(NODE).manifest)).toEqual([
      { operation: 'matmul', implementation: 'typed-array' },
      { operation: 'stats', implementation: 'typed-array' },
    ]);
    expect(computeWorkload.parameterSets(true, server(PYTHON).manifest)).toHaveLength(4);
  });

  it.each([NODE, PYTHON])('%s: every implementation of both operations equals the reference', async (name) => {
    const checks = await checkComputeAnswers(server(name));
    expect(checks.map((c) => `${c.operation}/${c.implementation}`)).toEqual(
      ['matmul', 'stats'].flatMap((op) => computeImplementations(server(name).manifest).map((impl) => `${op}/${impl}`)),
    );
    for (const check of checks)
      console.log(
        `[compute] ${name} ${check.operation}/${check.implementation}: first answer in ` +
          `${Math.round(check.elapsedMs)} ms`,
      );
    expect(describeFailedChecks(checks)).toBeUndefined();
    await expect(computeWorkload.preflight(server(name), 100)).resolves.toBeUndefined();
  });

  it('a reference that differs in one figure is reported for every implementation, with the figure named', async () => {
    const reference = computeReference();
    const wrong = { ...reference, stats: { ...reference.stats, p90: reference.stats.p90 * (1 + 1e-6) } };
    const checks = await checkComputeAnswers(server(NODE), wrong);
    const stats = checks.filter((c) => c.operation === 'stats');
    expect(stats.map((c) => c.differences.map((d) => d.field))).toEqual([['p90'], ['p90']]);
    expect(checks.filter((c) => c.operation === 'matmul').every((c) => c.differences.length === 0)).toBe(true);
    expect(describeFailedChecks(checks)).toMatch(
      new RegExp(
        String.raw`^typed-array stats: p90 = 0\.89\d+ \(reference 0\.89\d+, relative difference 1\.0e-6 > ` +
          String.raw`1e-9\) \| mathjs stats: p90 = `,
      ),
    );
  });

  it('a server that cannot answer an implementation its manifest names fails the preflight, naming it', async () => {
    const real = server(NODE);
    const claimsNumpy = {
      ...real,
      url: real.url,
      manifest: { ...real.manifest, workloadParameters: { compute: { implementation: ['numpy'] } } },
    } as RunningServer;
    await expect(computeWorkload.preflight(claimsNumpy, 100)).rejects.toThrow(
      new RegExp(
        "node-fastify's compute answers differ from verdict's reference: numpy matmul: status 422: " +
          '.*numpy stats: status 422',
      ),
    );
  });
});

describe('the workload', () => {
  const context = (name: string, connections: number, parameters: Record<string, string>): CellContext => ({
    server: server(name),
    database: db,
    http: generators!.http,
    node: generators!.node,
    connections,
    parameters,
    durationSeconds: 2,
    timeoutSeconds: 8,
    rows: 100,
    earlierCells: [],
  });

  it(
    'runs at 1 and 4 connections: about four times the latency ' + '(one request at a time), the same CPU per request',
    async () => {
      expect(computeWorkload.levels).toEqual({ default: [1], quick: [1] });
      const parameters = { operation: 'matmul', implementation: 'typed-array' };
      const one = await computeWorkload.run(context(NODE, 1, parameters));
      const four = await computeWorkload.run(context(NODE, 4, parameters));
      console.log(
        `[compute] typed-array matmul: 1 connection ${one.requestsPerSecond?.toFixed(1)} req/s p50 ` +
          `${one.latencyMs?.p50} ms CPU ${one.metrics?.cpuMsPerRequest?.toFixed(1)} ms/request; 4 connections ` +
          `${four.requestsPerSecond?.toFixed(1)} req/s p50 ${four.latencyMs?.p50} ms CPU ` +
          `${four.metrics?.cpuMsPerRequest?.toFixed(1)} ms/request`,
      );
      for (const m of [one, four]) {
        expect(m.requests).toBeGreaterThan(5);
        expect(m.errors + m.timeouts + m.non2xx).toBe(0);
        expect(m.latencyMs).not.toBeNull();
      }
      expect(four.latencyMs!.p50).toBeGreaterThan(2 * one.latencyMs!.p50);
      // The CPU one request costs does not depend on the queue in front of it.
      const [cpuOne, cpuFour] = [one.metrics?.cpuMsPerRequest, four.metrics?.cpuMsPerRequest];
      expect(cpuOne).toBeGreaterThan(0);
      expect(cpuFour! / cpuOne!).toBeGreaterThan(0.5);
      expect(cpuFour! / cpuOne!).toBeLessThan(2);
    },
  );

  it('waits for the requests a synchronous server had accepted before the next cell starts', async () => {
    // Pure-Python statistics take a large part of a second: at 4 connections, three requests are
    // still queued in the server when the load stops.
    const slow = await computeWorkload.run(context(PYTHON, 4, { operation: 'stats', implementation: 'pure-python' }));
    expect(slow.requests).toBeGreaterThan(0);
    expect(slow.metrics?.drainSeconds).toBeGreaterThan(0.3);
    const started = performance.now();
    const response = await fetch(`${server(PYTHON).url}${computePath('matmul', 'numpy')}`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    // Behind three abandoned pure-Python requests this would take over a second.
    expect(performance.now() - started).toBeLessThan(300);
  });
});
