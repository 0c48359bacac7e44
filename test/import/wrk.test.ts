/**
 * `verdict import wrk`: real wrk runs against a small HTTP server this test starts, imported from
 * what wrk printed: its summary alone, verdict's own wrk.lua line, and the full distribution of
 * src/import/wrk-done.lua. Relations, not timings: what wrk printed must come through unchanged,
 * and the distribution must give wrk's own percentiles within the histogram's precision.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWrkOutput, parseWrkTimeUs } from '../../src/import/wrk-output.js';
import { latencyFromDistribution, wrkCell } from '../../src/import/wrk.js';
import { readResults } from '../../src/results/store.js';
import { projectRoot } from '../../src/util/paths.js';
import { spawnGroup } from '../../src/util/process-group.js';
import { asCompleted } from '../support/cell-kinds.js';
import { exactPercentile } from './k6-samples.js';

const DONE_HOOK = join(projectRoot, 'src', 'import', 'wrk-done.lua');
const VERDICT_WRK_LUA = join(projectRoot, 'src', 'load', 'wrk.lua');
const CONNECTIONS = 4;

let folder = '';
let server: Server;
let base = '';
/** What the server sent, to check wrk's counts against. */
const served = { total: 0, errors: 0 };
const outputs: Record<'distribution' | 'verdictLua' | 'text', string> = { distribution: '', verdictLua: '', text: '' };

/** A users endpoint: a little work, and a 500 for every 97th request. */
function startServer(): Promise<void> {
  server = createServer((request, response) => {
    served.total += 1;
    const fail = served.total % 97 === 0;
    if (fail) served.errors += 1;
    const delay = served.total % 13 === 0 ? 3 : 0;
    setTimeout(() => {
      response.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ users: [{ id: 1, name: 'Ada', email: 'ada@example.com' }], path: request.url }));
    }, delay);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}

/** wrk for 2 s, its output as printed; killed (its whole group) if it has not finished in 30 s. */
async function wrk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const run = spawnGroup('wrk (test)', 'wrk', ['-t1', `-c${CONNECTIONS}`, '-d2s', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  run.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  run.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const code = await Promise.race([
      run.exited,
      new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 30_000).unref()),
    ]);
    if (code !== 0) throw new Error(`wrk ${args.join(' ')} ended with ${code}: ${output}`);
    return output;
  } finally {
    await run.kill();
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-import-wrk-'));
  await startServer();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  outputs.distribution = await wrk(['--latency', '-s', DONE_HOOK, `${base}/api/users`]);
  outputs.verdictLua = await wrk(['-s', VERDICT_WRK_LUA, base], { VERDICT_PATH: '/api/users', VERDICT_ID_MAX: '0' });
  outputs.text = await wrk(['--latency', `${base}/api/users`]);
  for (const [name, text] of Object.entries(outputs)) writeFileSync(join(folder, `${name}.txt`), text);
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

const options = {
  server: 'api',
  runtime: 'node' as const,
  variant: 'tuned' as const,
  workload: 'users',
  connections: undefined,
  endedAt: new Date('2026-11-30T12:00:00Z'),
};

describe("reading wrk's output", () => {
  it("reads wrk's time units", () => {
    expect(parseWrkTimeUs('688.10us')).toBeCloseTo(688.1, 6);
    expect(parseWrkTimeUs('1.67ms')).toBeCloseTo(1670, 6);
    expect(parseWrkTimeUs('2.00s')).toBe(2e6);
    expect(parseWrkTimeUs('1.50m')).toBe(90e6);
    expect(parseWrkTimeUs('fast')).toBeUndefined();
  });

  it('reads the summary: URL, connections, requests, duration, the --latency percentiles and the status errors', () => {
    const output = parseWrkOutput(outputs.text, 'text.txt');
    const requests = Number(/(\d+) requests in/.exec(outputs.text)![1]);
    expect(output.url).toBe(`${base}/api/users`);
    expect(output.connections).toBe(CONNECTIONS);
    expect(output.requests).toBe(requests);
    expect([...output.percentilesUs.keys()]).toEqual([50, 75, 90, 99]);
    // wrk counted what the server sent, less at most the requests in flight when it stopped.
    expect(requests).toBeLessThanOrEqual(served.total);
    expect(output.statusErrors).toBeGreaterThan(0);
    const { cell: imported, latencySource } = wrkCell(output, options, 'text.txt');
    const cell = asCompleted(imported);
    expect(latencySource).toBe('text summary (no p99.9)');
    expect(cell.latencyMs).toBeNull();
    expect(cell.metrics.latencyP50Ms).toBe(output.percentilesUs.get(50)! / 1000);
    expect(cell.requestsPerSecond).toBeCloseTo(requests / output.durationSeconds!, 6);
  });

  it("takes verdict's wrk.lua line (src/load/wrk.lua) as wrk's exact counts and percentiles", () => {
    const output = parseWrkOutput(outputs.verdictLua, 'verdict-lua.txt');
    const done = output.done!;
    expect(done.responses).toBeGreaterThan(0);
    const { cell: imported, latencySource } = wrkCell(output, options, 'verdict-lua.txt');
    const cell = asCompleted(imported);
    expect(latencySource).toBe('done-hook');
    expect(cell.requests).toBe(done.responses);
    expect(cell.non2xx).toBe(done.status);
    expect(cell.non2xx).toBeGreaterThan(0);
    expect(cell.latencyMs).toEqual({
      p50: done.p50 / 1000,
      p90: done.p90 / 1000,
      p99: done.p99 / 1000,
      p999: done.p999 / 1000,
      max: done.max / 1000,
      mean: done.mean / 1000,
    });
    expect(cell.requestsPerSecond).toBeCloseTo(done.responses / (done.durationUs / 1e6), 6);
  });

  it("gives wrk's own percentiles from the full distribution, within the histogram's precision", () => {
    const output = parseWrkOutput(outputs.distribution, 'distribution.txt');
    const counts = output.distribution!;
    const done = output.done!;
    // Every latency wrk recorded, sorted, one entry per request (wrk's corrected record).
    const values = counts.flatMap(([us, count]) => Array.from({ length: count }, () => us)).sort((a, b) => a - b);
    expect(values.length).toBeGreaterThanOrEqual(done.responses);
    expect(values.at(-1)).toBe(done.max);
    const latency = latencyFromDistribution(counts)!;
    const report: string[] = [];
    for (const [field, percentile] of [
      ['p50', 50],
      ['p90', 90],
      ['p99', 99],
      ['p999', 99.9],
    ] as const) {
      const exactUs = exactPercentile(values, percentile);
      const importedUs = latency[field] * 1000;
      expect(importedUs).toBeGreaterThanOrEqual(exactUs);
      expect(importedUs).toBeLessThanOrEqual(exactUs * 1.001 + 1);
      // wrk's own figure is the same order statistic, or the next one (it ranks round(p n + 0.5)).
      const rank = values.indexOf(exactUs);
      expect([exactUs, values[values.lastIndexOf(exactUs) + 1]]).toContain(done[field]);
      report.push(
        `${field}: wrk ${done[field]} µs, distribution ${exactUs} µs (rank ${rank + 1} of ${values.length}), ` +
          `imported ${importedUs} µs`,
      );
    }
    console.log(report.join('\n'));
    // Without the VERDICT_RESULT line the import falls back to the distribution.
    const withoutDone = parseWrkOutput(
      outputs.distribution
        .split('\n')
        .filter((l) => !l.startsWith('VERDICT_RESULT'))
        .join('\n'),
      'distribution.txt',
    );
    const { cell: imported, latencySource } = wrkCell(withoutDone, options, 'distribution.txt');
    const cell = asCompleted(imported);
    expect(latencySource).toBe('distribution');
    expect(cell.latencyMs).toEqual(latency);
    expect(cell.requests).toBe(Number(/(\d+) requests in/.exec(outputs.distribution)![1]));
  });

  it('refuses output that is not from wrk, and a --connections that contradicts it', () => {
    expect(() => parseWrkOutput('hello\nworld\n', 'notes.txt')).toThrow(/notes\.txt is not wrk output/);
    expect(() =>
      wrkCell(parseWrkOutput(outputs.text, 'text.txt'), { ...options, connections: 100 }, 'text.txt'),
    ).toThrow(/--connections 100 but text\.txt says wrk held 4/);
  });
});

describe('verdict import wrk through the built CLI', () => {
  const bin = join(projectRoot, 'dist', 'bin.js');
  function verdict(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd: folder, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
        (error, stdout, stderr) => {
          resolve({
            code: error ? Number((error as NodeJS.ErrnoException & { code: number }).code) : 0,
            stdout,
            stderr,
          });
        },
      );
    });
  }
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing; run 'npm run build' first`);
  });

  it('imports a run printed with the done hook, and report and compare read it', async () => {
    const imported = await verdict(
      'import',
      'wrk',
      'distribution.txt',
      '--server',
      'api',
      '--runtime',
      'node',
      '--workload',
      'users',
      '--out',
      'wrk-a.json',
      '--engine-version',
      '4.1.0',
    );
    expect(imported.stderr).toMatch(/imported 1 cell from 1 runner of wrk 4\.1\.0: wrk-a\.json/);
    expect(imported.code).toBe(0);
    const results = await readResults(join(folder, 'wrk-a.json'));
    const done = parseWrkOutput(outputs.distribution, 'x').done!;
    expect(results.cells[0]).toMatchObject({
      server: 'api',
      runtime: 'node',
      workload: 'users',
      connections: CONNECTIONS,
      requests: done.responses,
      driver: 'wrk',
    });
    expect(results.source).toMatchObject({
      kind: 'import',
      engine: { name: 'wrk', version: '4.1.0' },
      runners: 1,
      targets: [{ name: 'api', url: base, runtime: 'node' }],
    });

    const second = await verdict(
      'import',
      'wrk',
      'verdictLua.txt',
      '--server',
      'api',
      '--runtime',
      'api=node',
      '--workload',
      'users',
      '--connections',
      String(CONNECTIONS),
      '--out',
      'wrk-b.json',
    );
    expect(second.code, second.stderr).toBe(0);
    const report = await verdict('report', 'wrk-a.json');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/The guide's claims on this machine: \d+ supported, \d+ refuted, \d+ inconclusive/);
    expect(report.stdout).not.toMatch(/NaN/);
    const compare = await verdict('compare', 'wrk-a.json', 'wrk-b.json');
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toContain('api');
  });

  it('imports the bare summary with a warning that its latency cannot serve the claims', async () => {
    const { code, stderr } = await verdict(
      'import',
      'wrk',
      'text.txt',
      '--server',
      'py',
      '--runtime',
      'python',
      '--workload',
      'users',
      '--out',
      'wrk-text.json',
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: Latency percentiles for the claims: wrk's summary has no p99\.9/);
    const results = JSON.parse(readFileSync(join(folder, 'wrk-text.json'), 'utf8')) as {
      cells: { latencyMs: unknown; metrics: Record<string, number> }[];
    };
    expect(results.cells[0]!.latencyMs).toBeNull();
    expect(Object.keys(results.cells[0]!.metrics).sort()).toEqual([
      'latencyMaxMs',
      'latencyMeanMs',
      'latencyP50Ms',
      'latencyP75Ms',
      'latencyP90Ms',
      'latencyP99Ms',
    ]);
    const report = await verdict('report', 'wrk-text.json');
    expect(report.code, report.stderr).toBe(0);
  });

  it.each([
    [
      'no --server',
      ['import', 'wrk', 'text.txt', '--workload', 'users'],
      new RegExp(
        String.raw`^verdict: 'verdict import wrk' needs --server NAME: wrk's output names no server; e\.g\. ` +
          String.raw`--server api --runtime node\n$`,
      ),
    ],
    [
      'no runtime',
      ['import', 'wrk', 'text.txt', '--server', 'api', '--workload', 'users'],
      /^verdict: server 'api' has no runtime: .*; add --runtime api=node or --runtime api=python\n$/,
    ],
    [
      'a k6-only flag',
      ['import', 'wrk', 'text.txt', '--level', '5'],
      /^verdict: --level is for 'verdict import k6', not wrk; drop --level\n$/,
    ],
    [
      'contradicting connections',
      [
        'import',
        'wrk',
        'text.txt',
        '--server',
        'api',
        '--runtime',
        'node',
        '--workload',
        'users',
        '--connections',
        '100',
      ],
      new RegExp(
        String.raw`^verdict: --connections 100 but .*text\.txt says wrk held 4; drop --connections or pass the ` +
          String.raw`output of the run with 100\n$`,
      ),
    ],
  ])('exits 2 with one line for %s', async (_what, args, message) => {
    const { code, stdout, stderr } = await verdict(...args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});
