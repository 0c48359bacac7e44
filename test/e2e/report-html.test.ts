/**
 * The main command end to end, in a real browser: a real short benchmark (embedded PostgreSQL,
 * real servers) ends with the claims table and an HTML report; `verdict report --format html`
 * writes the same; headless Chromium opens it from disk, every chart is drawn, the claims table
 * is there, and not one network request is made. A screenshot is kept in test-artifacts/, and
 * its pixels must show every chart's marks in their series' colours.
 *
 * Needs `npm run build` (which `npm test` runs first) and Debian's Chromium at /usr/bin/chromium
 * (`apt-get install -y chromium`): without it the test fails, it does not skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { readPng } from '../support/png.js';

const CHROMIUM = '/usr/bin/chromium';
const bin = join(projectRoot, 'dist', 'bin.js');
const artifacts = join(projectRoot, 'test-artifacts');

let folder = '';
let profile = '';
let child: ChildProcess | undefined;
let context: BrowserContext | undefined;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];
let bench = { code: -1, stdout: '', stderr: '' };

function run(args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child = spawn(process.execPath, [bin, ...args], {
      cwd: folder,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child?.kill('SIGINT');
      reject(new Error(`verdict ${args.join(' ')} took more than ${timeoutMs / 1000} s:\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      child = undefined;
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing; run 'npm run build' first`);
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with 'apt-get install -y chromium'`);
  folder = mkdtempSync(join(tmpdir(), 'verdict-report-html-'));
  profile = mkdtempSync(join(tmpdir(), 'verdict-chromium-profile-'));

  // Every workload, so every kind of chart has data: the two tuned servers run them all, and the
  // guide's Express code the users workload (about 2 minutes on 2 cores).
  bench = await run(
    [
      'bench',
      '--quick',
      '--levels',
      '10,100',
      '--servers',
      'node-express-seed,node-fastify,python-fastapi-tuned',
      '--out',
      join(folder, 'r.json'),
    ],
    360_000,
  );
  if (bench.code !== 0) throw new Error(`verdict bench exited ${bench.code}:\n${bench.stderr.slice(-3000)}`);
  const report = await run(
    ['report', join(folder, 'r.json'), '--format', 'html', '--out', join(folder, 'r.html')],
    60_000,
  );
  if (report.code !== 0) throw new Error(`verdict report exited ${report.code}: ${report.stderr}`);

  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(pathToFileURL(join(folder, 'r.html')).href, { waitUntil: 'load' });
}, 450_000);

afterAll(async () => {
  child?.kill('SIGINT');
  await context?.close();
  for (const dir of [folder, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the main command ends with the verdict', () => {
  it('verdict bench prints the claims table and writes the HTML report beside the results', () => {
    expect(bench.stdout).toMatch(/The guide's claims on this machine: \d+ supported, \d+ refuted, \d+ inconclusive/);
    expect(bench.stdout).toMatch(/\n {2}(supported|refuted|inconclusive) +thousands-rps /);
    expect(bench.stderr).toMatch(/report: .*r\.html\n/);
    expect(bench.stdout).toContain('Quick run: one round per cell is indicative, not a verdict');
  });
});

describe('the HTML report in headless Chromium', () => {
  it('draws every chart, each with its data points', async () => {
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return {
          id: svg.getAttribute('data-chart') ?? '',
          declared: Number(svg.getAttribute('data-points')),
          points: svg.querySelectorAll('circle.point').length + svg.querySelectorAll('rect.bar').length,
          paths: [...svg.querySelectorAll('path.line')].map((p) => ({
            d: p.getAttribute('d') ?? '',
            length: (p as SVGPathElement).getTotalLength(),
          })),
          width: box.width,
          height: box.height,
        };
      }),
    );
    const ids = charts.map((c) => c.id);
    // Throughput against connections, latency percentiles, memory per connection, real-time
    // delivery, fan-out latency against K and compute latency per implementation.
    for (const expected of [
      'throughput-users',
      'latency-users-10',
      'latency-users-100',
      'memory-websocket',
      'memory-sse',
      'delivery-websocket',
      'lag-sse',
      'compute-1',
    ]) {
      expect(ids, expected).toContain(expected);
    }
    expect(
      ids.some((id) => id.startsWith('fanout-')),
      'a fan-out chart',
    ).toBe(true);
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(200);
      expect(chart.height, chart.id).toBeGreaterThan(100);
      expect(chart.points, chart.id).toBeGreaterThan(0);
      expect(chart.points, chart.id).toBe(chart.declared);
      for (const path of chart.paths) {
        expect(path.d, chart.id).toMatch(/^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$/);
        expect(path.length, chart.id).toBeGreaterThan(10);
      }
    }
    // Users at 10 and 100 connections on three servers: a line each, a point per level.
    const throughput = charts.find((c) => c.id === 'throughput-users')!;
    expect(throughput.paths.length).toBe(3);
    expect(throughput.points).toBe(6);
  });

  it('has nothing marked as not measured: the run covered every workload', async () => {
    expect(await page.$$eval('p.not-measured', (ps) => ps.map((p) => p.textContent))).toEqual([]);
  });

  it('shows the claims table with a verdict for every claim, the environment and the warnings', async () => {
    const claims = await page.$$eval('table.claims > tbody > tr.claim', (rows) =>
      rows.map((r) => [r.id, r.getAttribute('data-verdict'), r.querySelector('.badge')?.textContent]),
    );
    expect(claims.length).toBeGreaterThanOrEqual(14);
    for (const [id, verdict, badge] of claims) {
      expect(['supported', 'refuted', 'inconclusive'], String(id)).toContain(verdict);
      expect(badge).toBe(verdict);
    }
    expect(await page.locator('#claim-thousands-rps blockquote').textContent()).toBe(
      'A well-configured FastAPI or Express service will both handle thousands of requests per second on modest ' +
        'hardware.',
    );
    expect(await page.locator('#environment table.environment').count()).toBe(1);
    expect(await page.locator('#warnings h2').textContent()).toMatch(/^Warnings \(\d+\)$/);
  });

  it('made no network request: only the file itself was loaded, and nothing was blocked', () => {
    expect(requests).toEqual([pathToFileURL(join(folder, 'r.html')).href]);
    expect(problems).toEqual([]);
  });

  it('saves a screenshot that shows every chart drawn in its series’ colours', async () => {
    mkdirSync(artifacts, { recursive: true });
    const path = join(artifacts, 'report-html.png');
    await page.screenshot({ path, fullPage: true });
    const picture = readPng(readFileSync(path));
    // The whole page, at one image pixel per CSS pixel.
    const size = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
    }));
    expect([picture.width, picture.height]).toEqual([size.width, size.height]);

    // Where each chart's points and bars are on the page, and the colours they are filled with.
    // The DOM checks above pass for a chart that is in the page but not painted (hidden,
    // transparent, drawn over, outside the picture); the picture itself must show every mark.
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const marks = [...svg.querySelectorAll('circle.point, rect.bar')].map((mark) => {
          const box = mark.getBoundingClientRect();
          return {
            x: Math.round(box.left + box.width / 2 + window.scrollX),
            y: Math.round(box.top + box.height / 2 + window.scrollY),
            width: box.width,
            height: box.height,
            fill: getComputedStyle(mark).fill,
          };
        });
        return { id: svg.getAttribute('data-chart') ?? '', marks };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(9);
    for (const chart of charts) {
      const colours = [...new Set(chart.marks.map((mark) => mark.fill))].map(
        (fill) => /^rgb\((\d+), (\d+), (\d+)\)$/.exec(fill)?.slice(1).map(Number) ?? [],
      );
      for (const colour of colours)
        expect(
          colour,
          `${chart.id}: a fill that is not rgb(): ${chart.marks.map((m) => m.fill).join(', ')}`,
        ).toHaveLength(3);
      const isMarkColour = ([r, g, b]: number[]) =>
        colours.some(([cr, cg, cb]) => Math.abs(r! - cr!) + Math.abs(g! - cg!) + Math.abs(b! - cb!) <= 12);
      // A point is a circle of radius 3.5: the 5x5 pixels around its centre are inside it, so at
      // least one shows a mark's exact colour, whatever the anti-aliasing at its edge, a whisker
      // drawn across it, or another series' point drawn over it at the same place. A bar thinner
      // than 5 px (a value near zero) has no such middle, and is left out.
      const checked = chart.marks.filter((mark) => mark.width >= 5 && mark.height >= 5);
      expect(checked.length, `${chart.id}: marks large enough to check`).toBeGreaterThan(0);
      for (const mark of checked) {
        expect(mark.x + 2, `${chart.id}: a mark beyond the picture's right edge`).toBeLessThan(picture.width);
        expect(mark.y + 2, `${chart.id}: a mark beyond the picture's bottom edge`).toBeLessThan(picture.height);
        let painted = false;
        for (let dy = -2; dy <= 2 && !painted; dy++)
          for (let dx = -2; dx <= 2 && !painted; dx++) painted = isMarkColour(picture.rgb(mark.x + dx, mark.y + dy));
        expect(
          painted,
          `${chart.id}: the mark at (${mark.x}, ${mark.y}) is not painted in any of the chart's colours`,
        ).toBe(true);
      }
    }
  });
});
