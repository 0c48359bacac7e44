import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { compareRuns } from '../../src/report/compare.js';
import { significance, studentTwoSidedP, welchP } from '../../src/report/significance.js';
import type { Results } from '../../src/results/schema.js';
import { captureOutput } from '../support/capture.js';
import { buildCell, buildResults, trials } from '../support/results-builder.js';

/** node-fastify at 10 connections with the given trials, and python-fastapi-tuned unchanged. */
const run = (nodeRps: number[], pythonRps = [3000, 3030, 2970]) =>
  buildResults([
    ...trials({ server: 'node-fastify', connections: 10 }, nodeRps),
    ...trials({ server: 'python-fastapi-tuned', connections: 10 }, pythonRps),
  ]);

const BASE = [5000, 5100, 4950];
const folder = mkdtempSync(join(tmpdir(), 'verdict-compare-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const save = (name: string, results: Results) => {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(results));
  return path;
};

describe("Welch's t-test", () => {
  it('matches Student t tables', () => {
    expect(studentTwoSidedP(2.776445, 4)).toBeCloseTo(0.05, 6);
    expect(studentTwoSidedP(12.7062, 1)).toBeCloseTo(0.05, 5);
    expect(studentTwoSidedP(1.959964, 1e6)).toBeCloseTo(0.05, 5);
    expect(studentTwoSidedP(0, 3)).toBe(1);
  });

  it('matches an independent computation of the same test', () => {
    // t = 15.49, df = 2.94; integrating the t density numerically (Simpson's rule) gives p = 0.000651.
    expect(welchP([100, 102, 98], [80, 81, 79])).toBeCloseTo(0.000651, 5);
  });

  it('tests nothing with one trial on a side: there is no noise estimate', () => {
    expect(significance([1000], [500])).toEqual({ method: 'none', p: null, significant: false });
    expect(significance([1000, 1010], [500])).toEqual({ method: 'none', p: null, significant: false });
    expect(significance([1000, 1010], [500, 505]).method).toBe('welch');
  });
});

describe('compare', () => {
  it('flags a 20% regression beyond the noise of both runs', () => {
    const comparison = compareRuns(run(BASE), run(BASE.map((v) => v * 0.8)));
    const row = comparison.rows.find((r) => r.server === 'node-fastify')!;
    expect(row.verdict).toBe('slower');
    expect(row.regression).toBe(true);
    expect(row.change).toBeCloseTo(-0.2, 10);
    expect(row.ratio!.estimate).toBeCloseTo(0.8, 2);
    expect(row.ratio!.high).toBeLessThan(1);
    expect(row.significance!.method).toBe('welch');
    expect(row.significance!.p!).toBeLessThan(0.01);
    expect(comparison.rows.find((r) => r.server === 'python-fastapi-tuned')!.verdict).toBe('within noise');
    expect(comparison.regressions).toBe(1);
  });

  it('calls a change faster or slower only when the whole interval of b/a excludes 1', () => {
    const faster = compareRuns(run(BASE), run(BASE.map((v) => v * 1.2))).rows.find((r) => r.server === 'node-fastify')!;
    expect(faster.verdict).toBe('faster');
    expect(faster.ratio!.low).toBeGreaterThan(1);
    // 5% better on average, but the spread of b's trials reaches below a's: within the noise.
    const unsure = compareRuns(run(BASE), run([4800, 5600, 5400])).rows.find((r) => r.server === 'node-fastify')!;
    expect(unsure.change!).toBeGreaterThan(0);
    expect(unsure.ratio!.low).toBeLessThan(1);
    expect(unsure.ratio!.high).toBeGreaterThan(1);
    expect(unsure.verdict).toBe('within noise');
  });

  it('ignores a 2% change inside the noise', () => {
    const comparison = compareRuns(run(BASE), run([5050, 4900, 5200]));
    const row = comparison.rows.find((r) => r.server === 'node-fastify')!;
    expect(row.change).toBeCloseTo(0.0066, 3);
    const slower = compareRuns(run([5000, 5300, 4800]), run([4950, 5150, 4700])).rows.find(
      (r) => r.server === 'node-fastify',
    )!;
    expect(slower.change! * 100).toBeCloseTo(-2, 0);
    for (const r of [row, slower]) {
      expect(r.verdict).toBe('within noise');
      expect(r.regression).toBe(false);
      expect(r.significance!.p!).toBeGreaterThan(0.05);
    }
  });

  it('counts a slow-down as a regression only from --threshold up', () => {
    const comparison = compareRuns(run(BASE), run(BASE.map((v) => v * 0.95)), 10);
    const row = comparison.rows.find((r) => r.server === 'node-fastify')!;
    expect(row.verdict).toBe('slower');
    expect(row.regression).toBe(false);
  });

  it('says why a group cannot be compared', () => {
    const b = buildResults([
      ...trials({ server: 'node-fastify', connections: 10 }, BASE),
      buildCell({ server: 'python-fastapi-tuned', connections: 10, outcome: 'errored', reason: 'server exited' }),
      ...trials({ server: 'node-fastify', connections: 100 }, BASE),
    ]);
    const rows = compareRuns(run(BASE), b).rows;
    expect(rows.map((r) => [r.server, r.connections, r.verdict, r.note])).toEqual([
      ['node-fastify', 10, 'within noise', null],
      ['node-fastify', 100, 'not compared', 'only in b'],
      ['python-fastapi-tuned', 10, 'not compared', 'no completed trial in b (errored: server exited)'],
    ]);
  });

  it('verdict compare prints the table; --fail-on-regression exits 1 on a regression and 0 without', async () => {
    const a = save('a.json', run(BASE));
    const slower = save('slower.json', run(BASE.map((v) => v * 0.8)));
    const same = save('same.json', run([5050, 4900, 5200]));

    const out = captureOutput({ cwd: folder });
    expect(await main(['compare', a, slower, '--fail-on-regression'], out)).toBe(1);
    const { stdout, stderr } = out.text();
    expect(stdout).toContain('verdict compare: a = a.json, b = slower.json');
    expect(stdout).toMatch(
      new RegExp(
        String.raw`node-fastify\s+users\s+–\s+10\s+5,017 ± 2%\s+4,013 ± 2%\s+0\.80 \[0\.77, 0\.83\]\s+-20\.00% ` +
          String.raw`\(p=0\.\d{3} n=3\+3\)\s+REGRESSION`,
      ),
    );
    expect(stdout).toMatch(
      new RegExp(
        String.raw`python-fastapi-tuned\s+users\s+–\s+10\s+3,000 ± 1%\s+3,000 ± 1%\s+1\.00 \[0\.98, 1\.02\]\s+~ ` +
          String.raw`\(p=1\.000 n=3\+3\)`,
      ),
    );
    expect(stdout).toContain('Two runs are not interleaved: compare servers within one run for paired intervals.');
    expect(stdout).toContain('2 cell groups compared: 0 faster, 1 slower (1 regression), 1 within the noise.');
    expect(stderr).toBe('verdict: 1 significant regression in slower.json; see the REGRESSION rows\n');

    const quiet = captureOutput({ cwd: folder });
    expect(await main(['compare', a, same, '--fail-on-regression'], quiet)).toBe(0);
    expect(quiet.text().stdout).not.toContain('REGRESSION');

    const json = captureOutput({ cwd: folder });
    expect(await main(['compare', a, slower, '--json', '--threshold', '25', '--fail-on-regression'], json)).toBe(0);
    const parsed = JSON.parse(json.text().stdout) as { regressions: number; rows: { verdict: string }[] };
    expect(parsed.regressions).toBe(0);
    expect(parsed.rows.map((r) => r.verdict)).toEqual(['slower', 'within noise']);
  });

  it('never calls a one-trial change a regression, and says why', async () => {
    const a = save('one-a.json', run([5000], [3000]));
    const b = save('one-b.json', run([2500], [3000]));
    const row = compareRuns(run([5000], [3000]), run([2500], [3000])).rows[0]!;
    expect(row).toMatchObject({ verdict: 'untested', regression: false });
    const out = captureOutput({ cwd: folder });
    expect(await main(['compare', a, b, '--fail-on-regression'], out)).toBe(0);
    expect(out.text().stdout).toMatch(
      /node-fastify\s+users\s+–\s+10\s+5,000\s+2,500\s+0\.50\s+-50\.00%\? \(n=1\+1: no noise estimate\)\n/,
    );
    expect(out.text().stdout).toContain(
      '2 cell groups compared: 0 faster, 0 slower (0 regressions), 0 within the noise, 2 not tested (one trial: ' +
        'run both with --rounds 3).',
    );
    expect(out.text().stderr).toBe(
      'note: 2 cell groups have one trial on a side and cannot be tested for a regression; run the benchmarks ' +
        'with --rounds 3\n',
    );
  });

  it('rejects a bad --threshold before reading anything', async () => {
    const out = captureOutput({ cwd: folder });
    expect(await main(['compare', 'a.json', 'b.json', '--threshold', 'lots'], out)).toBe(2);
    expect(out.text().stderr).toBe(
      "verdict: --threshold must be a percentage from 0 to 99.9 such as 5 or 2.5, got 'lots'\n",
    );
  });
});
