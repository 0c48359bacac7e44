/**
 * `verdict bench --profile` end to end, in a real browser: a short run (embedded PostgreSQL, real
 * servers, real profilers) writes the raw profiles beside the results file and an HTML report
 * whose every tuned and reference server has a flame graph and its top ten by self time. Headless
 * Chromium opens the report from disk with every request routed: anything but the file itself is
 * aborted and fails the test. A screenshot of the section is kept in test-artifacts/.
 *
 * Needs `npm run build`, the venv with py-spy (`verdict setup`) and Chromium at /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILED_VARIANTS } from '../../src/profile/plan.js';
import type { Results } from '../../src/results/schema.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { projectRoot } from '../../src/util/paths.js';
import { artifacts, openBrowser, type Browser } from '../web/support/browser.js';

const bin = join(projectRoot, 'dist', 'bin.js');
/** The two tuned servers, and the reference servers where the checkout has them. */
const CANDIDATES = ['node-fastify', 'python-fastapi-tuned', 'node-http-raw', 'python-asgi-raw'];

let folder = '';
let browser: Browser | undefined;
let profiled: string[] = [];
let bench = { code: -1, stdout: '', stderr: '' };
let results: Results;
const blocked: string[] = [];

function run(args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: folder,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`verdict ${args.join(' ')} took more than ${timeoutMs / 1000} s:\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const reportUrl = () => pathToFileURL(join(folder, 'r.html')).href;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing; run 'npm run build' first`);
  folder = mkdtempSync(join(tmpdir(), 'verdict-report-profiles-'));
  const manifests = (await loadManifests()).filter((m) => CANDIDATES.includes(m.name));
  profiled = manifests.filter((m) => PROFILED_VARIANTS.includes(m.variant)).map((m) => m.name);
  // One round of 1 s trials at 100 connections, no extra rounds: the profiled trials (5 s each) are most of it.
  bench = await run(
    [
      'bench',
      '--workloads',
      'users',
      '--servers',
      manifests.map((m) => m.name).join(','),
      '--levels',
      '100',
      '--rounds',
      '1',
      '--duration',
      '1s',
      '--warmup',
      '1s',
      '--budget',
      '0',
      '--profile',
      '--out',
      join(folder, 'r.json'),
    ],
    240_000,
  );
  if (bench.code !== 0) throw new Error(`verdict bench exited ${bench.code}:\n${bench.stderr.slice(-3000)}`);
  results = JSON.parse(readFileSync(join(folder, 'r.json'), 'utf8')) as Results;

  browser = await openBrowser();
  // Every request is routed: the report file itself may load, anything else is refused and noted.
  await browser.context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === reportUrl()) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  await browser.page.goto(reportUrl(), { waitUntil: 'load' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('verdict bench --profile', () => {
  it('profiles every tuned and reference server in an extra trial, never a measured cell', () => {
    expect(profiled.length).toBeGreaterThanOrEqual(2);
    expect(results.profiles!.servers.map((p) => p.server).sort()).toEqual([...profiled].sort());
    for (const profile of results.profiles!.servers) {
      expect(profile.status, `${profile.server}: ${profile.reason}`).toBe('recorded');
      expect(profile.connections).toBe(100);
    }
    // The planned cells only: one users trial per server (plus the A/A replicate), none of them the profiled one.
    const users = results.cells.filter((c) => c.workload === 'users' && !c.aa);
    expect(users.map((c) => c.server).sort()).toEqual(results.plan.servers.slice().sort());
    for (const server of profiled) expect(bench.stderr).toContain(`${server}: profile saved`);
  });

  it('saves the raw profiles beside the results file', () => {
    const files = readdirSync(join(folder, 'r.profiles')).sort();
    const expected = results.profiles!.servers.map((p) => p.file!.replace('r.profiles/', '')).sort();
    expect(files).toEqual(expected);
    for (const server of profiled) expect(files.some((f) => f.startsWith(`${server}.`))).toBe(true);
  });
});

describe('the flame graphs in headless Chromium', () => {
  it('draws a flame graph for each profiled server, with frames, labels and tooltips', async () => {
    const graphs = await browser!.page.$$eval('svg.flame', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return {
          id: svg.id,
          frames: svg.querySelectorAll('g.frame > rect').length,
          declared: Number(svg.getAttribute('data-frames')),
          titles: svg.querySelectorAll('g.frame > title').length,
          labels: svg.querySelectorAll('g.frame > text').length,
          width: box.width,
          height: box.height,
        };
      }),
    );
    expect(graphs.map((g) => g.id).sort()).toEqual(profiled.map((s) => `flame-${s}`).sort());
    for (const graph of graphs) {
      expect(graph.frames, graph.id).toBeGreaterThan(20);
      expect(graph.frames, graph.id).toBe(graph.declared);
      expect(graph.titles, graph.id).toBe(graph.frames);
      expect(graph.labels, graph.id).toBeGreaterThan(5);
      expect(graph.width, graph.id).toBeGreaterThan(600);
      expect(graph.height, graph.id).toBeGreaterThan(100);
    }
  });

  it('shows the top ten functions by self time for each', async () => {
    for (const server of profiled) {
      const rows = await browser!.page.$$eval(`div.profile[data-server="${server}"] table.top-self tbody tr`, (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
      expect(rows, server).toHaveLength(10);
      const selves = rows.map((r) => Number(r[3]!.replace('%', '')));
      expect(selves, server).toEqual([...selves].sort((a, b) => b - a));
      expect(selves[0]!, server).toBeGreaterThan(0);
    }
  });

  it('made no network request: only the file itself was loaded, and nothing was blocked', () => {
    expect(blocked).toEqual([]);
    expect(browser!.requests).toEqual([reportUrl()]);
    expect(browser!.problems).toEqual([]);
  });

  it('saves a screenshot of the section', async () => {
    mkdirSync(artifacts, { recursive: true });
    const path = join(artifacts, 'report-profiles.png');
    await browser!.page.locator('#profiles').screenshot({ path });
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });
});
