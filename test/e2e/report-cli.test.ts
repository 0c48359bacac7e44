/**
 * `verdict report` as a user runs it: the built executable, real files, real exit codes.
 * Needs `npm run build` (which `npm test` runs first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { reportFixture } from '../report/fixture.js';

const bin = join(projectRoot, 'dist', 'bin.js');
let folder = '';

function verdict(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: folder, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code: number }).code) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing; run 'npm run build' first`);
  folder = mkdtempSync(join(tmpdir(), 'verdict-report-cli-'));
  writeFileSync(join(folder, 'run.json'), JSON.stringify(reportFixture()));
  writeFileSync(join(folder, 'broken.json'), '{"schema": "verdict-results", ');
  writeFileSync(join(folder, 'other.json'), JSON.stringify({ name: 'package.json, not results' }));
  const bad = reportFixture() as unknown as { cells: { requestsPerSecond: unknown }[] };
  bad.cells[0]!.requestsPerSecond = 'fast';
  writeFileSync(join(folder, 'bad-field.json'), JSON.stringify(bad));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('verdict report: errors are one line and exit 2', () => {
  it.each([
    [
      'a missing file',
      ['missing.json'],
      /^verdict: no results file at .*missing\.json; run 'verdict bench' first, or check the path\n$/,
    ],
    [
      'a file that is not JSON',
      ['broken.json'],
      /^verdict: .*broken\.json is not JSON: .*; pass a results file written by 'verdict bench'\n$/,
    ],
    [
      'JSON that is not a results file',
      ['other.json'],
      new RegExp(
        String.raw`^verdict: .*other\.json is not a verdict results file \(no "schema": "verdict-results"\); ` +
          String.raw`pass a file written by 'verdict bench'\n$`,
      ),
    ],
    [
      'a results file with a wrong field',
      ['bad-field.json'],
      new RegExp(
        String.raw`^verdict: .*bad-field\.json: field 'cells\.0\.requestsPerSecond' .*; the file was changed by ` +
          String.raw`hand or is damaged; run 'verdict bench' again\n$`,
      ),
    ],
    [
      'an unknown format',
      ['run.json', '--format', 'pdf'],
      /^verdict: --format must be one of terminal, md, html, json, got 'pdf'\n$/,
    ],
    [
      'no file given and none in ./results',
      [],
      new RegExp(
        String.raw`^verdict: no results file given and none in .\/results; run 'verdict bench' first, or pass ` +
          String.raw`the results file: verdict report <results>\n$`,
      ),
    ],
  ])('%s', async (_what, args, message) => {
    const { code, stdout, stderr } = await verdict('report', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

describe('verdict report: formats and where they go', () => {
  it('prints the summary and the claims table in the terminal by default', async () => {
    const { code, stdout } = await verdict('report', 'run.json');
    expect(code).toBe(0);
    expect(stdout).toContain('users at 100 connections');
    expect(stdout).toContain("The guide's claims on this machine: 1 supported, 2 refuted, 11 inconclusive");
  });

  it('reads the newest results file in ./results when no file is named', async () => {
    mkdirSync(join(folder, 'results'));
    writeFileSync(join(folder, 'results', 'older.json'), '{"schema": "verdict-results", ');
    utimesSync(join(folder, 'results', 'older.json'), new Date(2026, 0, 1), new Date(2026, 0, 1));
    writeFileSync(join(folder, 'results', 'newer.json'), JSON.stringify(reportFixture()));
    try {
      const { code, stdout } = await verdict('report');
      expect(code).toBe(0);
      expect(stdout).toContain("The guide's claims on this machine: 1 supported, 2 refuted, 11 inconclusive");
    } finally {
      rmSync(join(folder, 'results'), { recursive: true, force: true });
    }
  });

  it('writes Markdown to a file with --out, and to stdout with --out -', async () => {
    const toFile = await verdict('report', 'run.json', '--format', 'md', '--out', 'report.md');
    expect(toFile).toMatchObject({ code: 0, stdout: '', stderr: 'report: report.md\n' });
    const expected = readFileSync(join(projectRoot, 'test', 'report', 'expected', 'report.md'), 'utf8');
    expect(readFileSync(join(folder, 'report.md'), 'utf8')).toBe(expected);
    const toStdout = await verdict('report', 'run.json', '--format', 'md', '--out', '-');
    expect(toStdout.stdout).toBe(expected);
  });

  it('writes HTML beside the results file by default', async () => {
    const { code, stderr } = await verdict('report', 'run.json', '--format', 'html');
    expect(code).toBe(0);
    expect(stderr).toBe('report: run.html\n');
    expect(readFileSync(join(folder, 'run.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });

  it('prints JSON with the verdicts and the numbers', async () => {
    const { code, stdout } = await verdict('report', 'run.json', '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      schema: string;
      version: number;
      noiseFloor: string | null;
      counts: Record<string, number>;
      claims: { id: string; verdict: string; checks: { interval: { level: number } | null; values: number[] }[] }[];
    };
    expect(report).toMatchObject({ schema: 'verdict-report', version: 2 });
    expect(report.noiseFloor).toMatch(
      /^node-fastify against itself in 6 rounds: one pair of trials lies within ×\/÷ 1\.\d\d \(95%\)/,
    );
    expect(report.counts).toEqual({ supported: 1, refuted: 2, inconclusive: 11 });
    // 0.97x [0.94x, 1.00x] after 3 rounds: the interval reaches below 0.95x, so more rounds are needed.
    const validation = report.claims.find((c) => c.id === 'validation-no-extra-cost')!;
    expect(validation.verdict).toBe('inconclusive');
    expect(validation.checks[0]).toMatchObject({ interval: { level: 0.95 } });
    expect(validation.checks[0]!.values).toHaveLength(3);
  });
});
