/**
 * `verdict import k6`: the runners' JSON files merged into cells. The property that matters is
 * that the merge is exact: the samples split across several runner files give the very histogram
 * of all of them recorded together, and so the percentiles of the whole run, within HDR's stated
 * precision (3 significant digits) of the samples' own order statistics.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { createLatencyRecorder } from '../../src/load/histogram.js';
import { importedResults } from '../../src/import/document.js';
import { importK6 } from '../../src/import/k6.js';
import { k6Run } from '../../src/import/k6-run.js';
import { parseTimeUs } from '../../src/import/k6-points.js';
import { runtimeFlags } from '../../src/commands/import-options.js';
import { readResults } from '../../src/results/store.js';
import { resultsSchema, type Cell } from '../../src/results/schema.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { projectRoot } from '../../src/util/paths.js';
import { asCompleted } from '../support/cell-kinds.js';
import { exactPercentile, k6Lines, seededSamples, writeRunner, type CellSpec, type Sample } from './k6-samples.js';

const CELLS: CellSpec[] = [
  { server: 'node-fastify', workload: 'users', level: 10, requests: 6_000, medianMs: 1.8, ratePerSecond: 3_000 },
  {
    server: 'python-fastapi-tuned',
    workload: 'users',
    level: 10,
    requests: 5_000,
    medianMs: 3.1,
    ratePerSecond: 2_400,
  },
  { server: 'node-fastify', workload: 'users', level: 100, requests: 12_000, medianMs: 22, ratePerSecond: 4_500 },
  {
    server: 'python-fastapi-tuned',
    workload: 'users',
    level: 100,
    requests: 9_000,
    medianMs: 41,
    ratePerSecond: 2_600,
  },
];
const RUNNERS = 4;
const SEED = 20_261_130;
const PERCENTILES = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p999', 99.9],
] as const;

let folder = '';
let samples: Sample[] = [];
/** The runner files, written once: the tests below only read them. */
let paths: string[] = [];

/** The runner files: runner 1 in UTC+01:00 and gzipped, the others in UTC (k6 writes local time). */
function writeRunners(into: string, all: readonly Sample[], extraTags: Record<string, string> = {}): string[] {
  mkdirSync(into, { recursive: true });
  return Array.from({ length: RUNNERS }, (_, runner) => {
    const path = join(into, `runner-${runner}.json${runner === 1 ? '.gz' : ''}`);
    writeRunner(
      path,
      all.filter((s) => s.runner === runner),
      { offsetMinutes: runner === 1 ? 60 : 0, gzip: runner === 1, extraTags },
    );
    return path;
  });
}

const key = (s: { server: string; workload: string; level: number }) => `${s.server}|${s.workload}|${s.level}`;
const cellOf = (cells: readonly Cell[], spec: CellSpec) =>
  asCompleted(
    cells.find((c) => c.server === spec.server && c.workload === spec.workload && c.connections === spec.level),
  );

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-import-k6-'));
  samples = seededSamples(CELLS, RUNNERS, SEED);
  paths = writeRunners(join(folder, 'runners'), samples);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function importFolder(files: string[]) {
  const imported = await importK6(files, {});
  return k6Run(imported, new Map(), await loadManifests(), undefined);
}

describe('merging runners is exact', () => {
  it('every runner file holds part of every cell (the split the merge must undo)', () => {
    for (const spec of CELLS) {
      const runners = new Set(samples.filter((s) => key(s) === key(spec)).map((s) => s.runner));
      expect(runners.size).toBe(RUNNERS);
    }
  });

  it('gives each cell the histogram of all its samples recorded by one recorder', async () => {
    const { run } = await importFolder(paths);
    expect(run.cells).toHaveLength(CELLS.length);
    for (const spec of CELLS) {
      const one = createLatencyRecorder();
      for (const s of samples) if (key(s) === key(spec) && s.status !== 0) one.recordMs(s.durationMs);
      const cell = cellOf(run.cells, spec);
      // Equal to the last bit: the same counts in the same buckets.
      expect(cell.latencyMs).toEqual(one.summary());
      expect(cell.metrics.runners).toBe(RUNNERS);
    }
  });

  it('matches the exact order statistics of the samples within HDR precision (0.1% + 1 µs)', async () => {
    const { run } = await importFolder(paths);
    const report: string[] = [];
    for (const spec of CELLS) {
      const values = samples
        .filter((s) => key(s) === key(spec) && s.status !== 0)
        .map((s) => s.durationMs)
        .sort((a, b) => a - b);
      const latency = cellOf(run.cells, spec).latencyMs!;
      for (const [field, percentile] of PERCENTILES) {
        const exact = exactPercentile(values, percentile);
        const imported = latency[field];
        // HDR reports the top of the bucket holding the sample (rounded to the microsecond).
        expect(imported).toBeGreaterThanOrEqual(exact - 0.0005);
        expect(imported).toBeLessThanOrEqual(exact * 1.001 + 0.0015);
        report.push(
          `${key(spec)} ${field}: exact ${exact.toFixed(4)} ms, imported ${imported.toFixed(4)} ms (` +
            `${(((imported - exact) / exact) * 100).toFixed(3)}%)`,
        );
      }
      expect(latency.max).toBeGreaterThanOrEqual(values.at(-1)! - 0.0005);
      expect(latency.max).toBeLessThanOrEqual(values.at(-1)! * 1.001 + 0.0015);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(Math.abs(latency.mean! - mean) / mean).toBeLessThan(0.001);
    }
    // The figures behind the assertions, for whoever reads the test log.
    console.log(report.join('\n'));
  });

  it("differs from averaging the runners' own percentiles, which the test would catch", async () => {
    // What a dashboard without a merge shows: each runner's p99, averaged. The tail of a cell is
    // not spread evenly over runners, so the average misses the run's p99 by more than HDR's 0.1%.
    const { run } = await importFolder(paths);
    const misses = CELLS.map((spec) => {
      const perRunner = Array.from({ length: RUNNERS }, (_, runner) => {
        const one = createLatencyRecorder();
        for (const s of samples)
          if (key(s) === key(spec) && s.runner === runner && s.status !== 0) one.recordMs(s.durationMs);
        return one.summary()!.p999;
      });
      const averaged = perRunner.reduce((a, b) => a + b, 0) / RUNNERS;
      return Math.abs(averaged - cellOf(run.cells, spec).latencyMs!.p999) / averaged;
    });
    expect(Math.max(...misses)).toBeGreaterThan(0.01);
  });

  it('does not depend on how the samples are split or in which order the files are read', async () => {
    const split = await importFolder(paths);
    const onePath = join(folder, 'one-runner.json');
    writeRunner(onePath, samples);
    const single = await importK6([onePath], {});
    const reversed = await importFolder([...paths].reverse());
    for (const spec of CELLS) {
      const a = cellOf(split.run.cells, spec);
      const b = cellOf(reversed.run.cells, spec);
      const c = single.tallies.find((t) => key(t.key) === key(spec))!;
      expect(b.latencyMs).toEqual(a.latencyMs);
      expect(c.latency.summary()).toEqual(a.latencyMs);
      expect(c.responses).toBe(a.requests);
    }
  });
});

describe('the counts of each cell', () => {
  it('counts responses, non-2xx, errors, timeouts, failures and checks from the samples', async () => {
    const { run } = await importFolder(paths);
    for (const spec of CELLS) {
      const own = samples.filter((s) => key(s) === key(spec));
      const cell = cellOf(run.cells, spec);
      expect(cell.requests).toBe(own.filter((s) => s.status !== 0).length);
      expect(cell.non2xx).toBe(own.filter((s) => s.status === 500).length);
      expect(cell.timeouts).toBe(own.filter((s) => s.errorCode === '1050').length);
      expect(cell.errors).toBe(own.filter((s) => s.errorCode === '1212').length);
      expect(cell.metrics.failedRequests).toBe(own.filter((s) => s.status !== 200).length);
      expect(cell.metrics.checksPassed).toBe(own.filter((s) => s.checkPassed).length);
      expect(cell.metrics.checksFailed).toBe(own.filter((s) => !s.checkPassed).length);
      expect(cell.non2xx + cell.errors + cell.timeouts).toBeGreaterThan(0);
    }
  });

  it(
    'computes req/s as (responses - 1) over the span of their ' + 'times, runners in other time zones included',
    async () => {
      const { run } = await importFolder(paths);
      for (const spec of CELLS) {
        const times = samples.filter((s) => key(s) === key(spec) && s.status !== 0).map((s) => s.timeNs);
        // biome-ignore lint/complexity/useMathMinMax: the times are bigints, which Math.min rejects
        const first = times.reduce((a, b) => (a < b ? a : b));
        // biome-ignore lint/complexity/useMathMinMax: the times are bigints, which Math.max rejects
        const last = times.reduce((a, b) => (a > b ? a : b));
        // To the microsecond, as the import reads k6's times.
        const spanSeconds = Number(last / 1000n - first / 1000n) / 1e6;
        const cell = cellOf(run.cells, spec);
        expect(cell.durationSeconds).toBeCloseTo(spanSeconds, 6);
        expect(cell.requestsPerSecond).toBeCloseTo((times.length - 1) / spanSeconds, 6);
        // And near the rate the samples were generated at (a wrong zone would move it by an hour's worth).
        expect(cell.requestsPerSecond! / spec.ratePerSecond).toBeGreaterThan(0.95);
        expect(cell.requestsPerSecond! / spec.ratePerSecond).toBeLessThan(1.05);
      }
    },
  );

  it('reads k6 times to the microsecond in any zone', () => {
    expect(parseTimeUs('2017-05-09T14:34:45.625742514+02:00')).toBe(
      Date.parse('2017-05-09T12:34:45Z') * 1000 + 625_742,
    );
    expect(parseTimeUs('2017-05-09T12:34:45Z')).toBe(Date.parse('2017-05-09T12:34:45Z') * 1000);
    expect(parseTimeUs('2017-05-09 12:34:45')).toBeUndefined();
  });
});

describe('the results file', () => {
  it('passes the schema and records the source, the runners and what is not available', async () => {
    const { run } = await importFolder(writeRunners(join(folder, 'doc'), samples, { k6_version: 'v1.4.2' }));
    const results = resultsSchema.parse(importedResults(run));
    expect(results.source).toMatchObject({
      kind: 'import',
      engine: { name: 'k6', version: 'v1.4.2' },
      runners: RUNNERS,
    });
    expect(results.source!.targets.map((t) => t.url).sort()).toEqual([
      'http://node-fastify.test:8080',
      'http://python-fastapi-tuned.test:8080',
    ]);
    expect(results.source!.notAvailable.join(' ')).toMatch(/Server CPU and memory/);
    expect(results.source!.notAvailable.join(' ')).toMatch(/Queries per request/);
    expect(results.environment.loadGenerator).toEqual({ driver: 'k6', version: 'v1.4.2' });
    expect(results.plan.driver).toBe('k6');
    // verdict's own server names carry their runtime and variant.
    expect(results.servers.map((s) => [s.name, s.runtime, s.variant])).toEqual([
      ['node-fastify', 'node', 'tuned'],
      ['python-fastapi-tuned', 'python', 'tuned'],
    ]);
    for (const cell of results.cells.map(asCompleted)) {
      expect(cell.serverCpuPercent).toBeNull();
      expect(cell.serverRssMb).toBeNull();
      expect(cell.queriesPerRequest).toBeNull();
      expect(cell.driver).toBe('k6');
    }
  });
});

describe('tags, fallbacks and damaged files', () => {
  const few = () => samples.filter((s) => s.server === 'node-fastify' && s.level === 10).slice(0, 200);

  it(
    'places samples without tags with --server, --workload and ' + '--level, and needs a runtime for an unknown server',
    async () => {
      const path = join(folder, 'untagged.json');
      writeRunner(path, few(), { omitTags: ['server', 'workload', 'level'] });
      const error = (await importK6([path], {}).catch((e: unknown) => e)) as UsageError;
      expect(error.oneLine()).toMatch(
        new RegExp(
          String.raw`untagged\.json:\d+: a http_req_duration sample has no 'workload', 'level', 'server' tag; .* ` +
            'or give --workload, --level, --server for the samples without$',
        ),
      );
      const imported = await importK6([path], { server: 'api', workload: 'users', level: 50 });
      const noRuntime = (() => {
        try {
          k6Run(imported, new Map(), [], undefined);
        } catch (e) {
          return e as UsageError;
        }
      })();
      expect(noRuntime?.oneLine()).toMatch(
        /^server 'api' has no runtime: .*; add --runtime api=node or --runtime api=python$/,
      );
      const { run } = k6Run(imported, runtimeFlags('node', 'api'), [], undefined);
      expect(
        run.cells.map(asCompleted).map((c) => [c.server, c.runtime, c.workload, c.connections, c.requests]),
      ).toEqual([['api', 'node', 'users', 50, few().filter((s) => s.status !== 0).length]]);
    },
  );

  it('skips a cut-off last line with a warning, and refuses a damaged line in the middle', async () => {
    const lines = k6Lines(few());
    const cut = join(folder, 'cut.json');
    writeFileSync(cut, `${lines.join('\n')}\n${lines.at(-1)!.slice(0, 30)}`);
    const { warnings } = k6Run(await importK6([cut], {}), new Map(), await loadManifests(), undefined);
    expect(warnings.join('\n')).toMatch(/cut\.json: its last line is cut off .* skipped/);
    const damaged = join(folder, 'damaged.json');
    writeFileSync(damaged, [...lines.slice(0, 20), '{"type":"Point","da', ...lines.slice(20)].join('\n'));
    await expect(importK6([damaged], {})).rejects.toThrow(/damaged\.json:21 is damaged .* and lines follow it/);
  });

  it('refuses a file that is not k6 output, naming it', async () => {
    const csv = join(folder, 'out.csv');
    writeFileSync(csv, 'metric_name,timestamp,metric_value\nhttp_reqs,1595325560,1.000000\n');
    const error = await importK6([csv], {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/out\.csv is not k6 JSON output \(line 1: not JSON/);
  });

  it('refuses a level tag that is not a whole number', async () => {
    const path = join(folder, 'bad-level.json');
    writeFileSync(
      path,
      k6Lines(few())
        .map((l) => l.replace('"level":"10"', '"level":"ten"'))
        .join('\n'),
    );
    await expect(importK6([path], {})).rejects.toThrow(/tag level="ten" is not a whole number/);
  });
});

describe('verdict import k6 through the built CLI', () => {
  const bin = join(projectRoot, 'dist', 'bin.js');
  let cwd = '';
  function verdict(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
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
    cwd = join(folder, 'cli');
    mkdirSync(cwd);
    cpSync(join(folder, 'runners'), join(cwd, 'runners'), { recursive: true });
    // A second run of the same servers, slower, for compare.
    writeRunners(
      join(cwd, 'slower'),
      seededSamples(
        CELLS.map((c) => ({ ...c, medianMs: c.medianMs * 1.5, ratePerSecond: c.ratePerSecond * 0.8 })),
        RUNNERS,
        SEED + 1,
      ),
    );
  });

  it('imports a folder of runner files into a results file that verdict reads back', async () => {
    const { code, stdout, stderr } = await verdict('import', 'k6', 'runners', '--out', 'k6.json');
    expect(stderr).toMatch(/imported 4 cells from 4 runners of k6 unknown: k6\.json/);
    expect(code).toBe(0);
    expect(stdout).toContain('users at 100 connections');
    const results = await readResults(join(cwd, 'k6.json'));
    expect(results.cells).toHaveLength(4);
    expect(results.source?.runners).toBe(4);
  });

  it('takes the runner files one by one on the command line, the same cells as their folder', async () => {
    const names = ['runner-0.json', 'runner-1.json.gz', 'runner-2.json', 'runner-3.json'].map((n) =>
      join('runners', n),
    );
    const listed = await verdict('import', 'k6', ...names, '--out', 'listed.json');
    expect(listed.code, listed.stderr).toBe(0);
    await verdict('import', 'k6', 'runners', '--out', 'folder.json');
    const [fromList, fromFolder] = [
      await readResults(join(cwd, 'listed.json')),
      await readResults(join(cwd, 'folder.json')),
    ];
    expect(fromList.source?.runners).toBe(4);
    expect(fromList.cells.map((c) => asCompleted(c).latencyMs)).toEqual(
      fromFolder.cells.map((c) => asCompleted(c).latencyMs),
    );
    const twice = await verdict('import', 'k6', names[0]!, names[0]!, '--out', 'twice.json');
    expect(twice.code).toBe(2);
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);
    expect(twice.stderr).toMatch(/named twice/);
  });

  it('prints the results JSON with --json', async () => {
    const { code, stdout } = await verdict(
      'import',
      'k6',
      'runners',
      '--out',
      'k6-json.json',
      '--json',
      '--engine-version',
      'v1.4.2',
    );
    expect(code).toBe(0);
    const printed = resultsSchema.parse(JSON.parse(stdout));
    expect(printed.source?.engine).toEqual({ name: 'k6', version: 'v1.4.2' });
    expect(JSON.parse(readFileSync(join(cwd, 'k6-json.json'), 'utf8'))).toEqual(JSON.parse(stdout));
  });

  it(
    'passes through verdict report: a claims table, claims ' + 'without data not measured rather than a crash',
    async () => {
      await verdict('import', 'k6', 'runners', '--out', 'report-me.json');
      const { code, stdout, stderr } = await verdict('report', 'report-me.json');
      expect(stderr).not.toMatch(/TypeError|undefined|NaN/);
      expect(code).toBe(0);
      expect(stdout).toMatch(/The guide's claims on this machine: \d+ supported, \d+ refuted, \d+ inconclusive/);
      expect(stdout).toMatch(/not measured in this run/);
      expect(stdout).not.toMatch(/NaN/);
      for (const format of ['md', 'html', 'json']) {
        const rendered = await verdict('report', 'report-me.json', '--format', format, '--out', `report.${format}`);
        expect(rendered.code, `${format}: ${rendered.stderr}`).toBe(0);
      }
    },
  );

  it('passes through verdict compare', async () => {
    await verdict('import', 'k6', 'runners', '--out', 'a.json');
    await verdict('import', 'k6', 'slower', '--out', 'b.json');
    const { code, stdout, stderr } = await verdict('compare', 'a.json', 'b.json');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('node-fastify');
    expect(stdout).toContain('python-fastapi-tuned');
    expect(stdout).not.toMatch(/NaN/);
  });

  it.each([
    [
      'an unknown engine',
      ['import', 'gatling', 'runners'],
      new RegExp(
        "^verdict: unknown engine 'gatling' for 'verdict import'; choose k6 or wrk: verdict import k6 " +
          String.raw`FILE, verdict import wrk FILE\n$`,
      ),
    ],
    ['no file', ['import', 'k6'], /^verdict: 'verdict import' needs <file> .*; run 'verdict import --help'\n$/],
    ['a missing folder', ['import', 'k6', 'nowhere'], /^verdict: no file or folder at .*nowhere; check the path\n$/],
    [
      'a wrk-only flag',
      ['import', 'k6', 'runners', '--connections', '10'],
      /^verdict: --connections is for 'verdict import wrk', not k6; drop --connections\n$/,
    ],
    [
      'a bad runtime',
      ['import', 'k6', 'runners', '--runtime', 'api=ruby'],
      /^verdict: --runtime api=ruby: the runtime must be node or python, got 'ruby'; e\.g\. --runtime api=node\n$/,
    ],
    [
      'a runtime for a server not in the files',
      ['import', 'k6', 'runners', '--runtime', 'api=node'],
      new RegExp(
        String.raw`^verdict: --runtime names api, which no sample's server tag \(or --server\) names; the ` +
          String.raw`servers in these files are node-fastify, python-fastapi-tuned\n$`,
      ),
    ],
  ])('exits 2 with one line for %s', async (_what, args, message) => {
    const { code, stdout, stderr } = await verdict(...args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});
