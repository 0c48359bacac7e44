/**
 * `verdict serve`'s run page in real headless Chromium, with the real benchmark (embedded
 * PostgreSQL, real servers): a quick run on one server follows its progress live and opens its
 * results when it ends; a second run is started and cancelled with the keyboard, a third start
 * meanwhile is told a run is in progress (409), and afterwards not one process the run started
 * (the bench, PostgreSQL and its backends, the servers, the load generator) is left: checked
 * against our own record of its process tree, taken with `ps` while it ran. No request leaves
 * 127.0.0.1. Screenshots at laptop and phone size.
 *
 * Needs `npm run build`, the Python venv (`verdict setup`) and /usr/bin/chromium: without
 * Chromium the test fails, it does not skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOnlyLocalRequests, openBrowser, screenshots, type Browser } from '../web/support/browser.js';
import { startServe, type ServeProcess } from '../web/support/serve-cli.js';

interface Seen {
  pid: number;
  started: string;
  args: string;
}

/** Every process now, from `ps` (not from the code under test): pid, parent, start time, command. */
function processTable(): { pid: number; ppid: number; started: string; args: string }[] {
  const text = execFileSync('ps', ['-eo', 'pid=,ppid=,lstart=,args=', '-ww'], { encoding: 'utf8' });
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const parts = line.trim().split(/\s+/);
      return {
        pid: Number(parts[0]),
        ppid: Number(parts[1]),
        started: parts.slice(2, 7).join(' '),
        args: parts.slice(7).join(' '),
      };
    });
}

/** Follows a process tree by parent links, remembering everything it ever saw. */
function trackTree(root: number): { seen: Map<string, Seen>; stop(): void } {
  const seen = new Map<string, Seen>();
  const sample = () => {
    const all = processTable();
    const tree = new Set([root]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) {
        if (tree.has(p.ppid) && !tree.has(p.pid)) {
          tree.add(p.pid);
          grew = true;
        }
      }
    }
    // The first sighting names the process; a later one may show it exited (<defunct>).
    for (const p of all)
      if (tree.has(p.pid) && !seen.has(`${p.pid}|${p.started}`))
        seen.set(`${p.pid}|${p.started}`, { pid: p.pid, started: p.started, args: p.args });
  };
  sample();
  const timer = setInterval(sample, 150);
  return { seen, stop: () => clearInterval(timer) };
}

const stillThere = (seen: Iterable<Seen>) => {
  // A zombie has exited already; it only waits for its parent to read its status.
  const now = new Set(
    processTable()
      .filter((p) => !p.args.endsWith('<defunct>'))
      .map((p) => `${p.pid}|${p.started}`),
  );
  return [...seen].filter((p) => now.has(`${p.pid}|${p.started}`));
};

let folder = '';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-serve-run-'));
  serve = await startServe(folder);
  browser = await openBrowser();
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(130);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const currentRun = async () => (await (await page.request.get(`${serve.origin}/api/runs/current`)).json()).run;

describe('the run page', () => {
  it('offers the real servers and workloads, one per runtime checked, and shows the command it will run', async () => {
    await page.goto(`${serve.url}run`);
    const checked = await page
      .locator('#run-form input:checked')
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(checked).toEqual(['node-fastify', 'python-fastapi-tuned', 'users']);
    expect(await page.locator('#run-command').textContent()).toBe(
      'verdict bench --quick --servers node-fastify,python-fastapi-tuned --workloads users',
    );
    expect(await page.locator('#cancel-run').isDisabled()).toBe(true);
  });

  it('runs a quick benchmark on one server, shows its progress live, and opens its results when it ends', async () => {
    await page.locator('#run-server-python-fastapi-tuned').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#run-command').textContent()).toBe(
      'verdict bench --quick --servers node-fastify --workloads users',
    );
    // Two levels, so the throughput chart has a point per level.
    await page.locator('#run-levels').fill('10,100');
    expect(await page.locator('#run-command').textContent()).toBe(
      'verdict bench --quick --servers node-fastify --workloads users --levels 10,100',
    );
    await page.locator('#start-run').focus();
    await page.keyboard.press('Enter');

    const labels = new Set<string>();
    const counts = new Set<string>();
    let shot = false;
    const deadline = Date.now() + 180_000;
    while (
      !page.url().includes('/results?file=') &&
      Date.now() < deadline &&
      (await page
        .locator('#run-end')
        .isHidden()
        .catch(() => true))
    ) {
      const [label, count] = await Promise.all([
        page
          .locator('#run-label')
          .textContent()
          .catch(() => null),
        page
          .locator('#run-count')
          .textContent()
          .catch(() => null),
      ]);
      if (label) labels.add(label);
      if (count) counts.add(count);
      if (!shot && label?.startsWith('users@')) {
        await screenshots(page, 'run-progress', false);
        shot = true;
      }
      await page.waitForTimeout(200);
    }
    const ended = await currentRun();
    if (ended?.state !== 'completed') {
      throw new Error(
        `the run did not complete: ${JSON.stringify(ended)}\n` +
          `${(await page.locator('#run-log').textContent())?.slice(-3000)}`,
      );
    }
    expect(await page.locator('#run-end-text').textContent()).toMatch(
      /^The run finished\. All \d+ processes it started have stopped\. Results: bench-[\d-]+\.json\.$/,
    );
    // A finished run opens its results by itself.
    await page.waitForURL(/\/results\?file=/, { timeout: 15_000 });
    expect(page.url()).toMatch(/\/results\?file=bench-\d{8}-\d{6}(-\d+)?\.json$/);
    // Progress arrived as it happened: several cells, with their labels. Two levels, one round
    // (a quick run) of node-fastify and its A/A replicate: 4 cells.
    expect([...counts]).toEqual(expect.arrayContaining(['0/4 cells', '4/4 cells']));
    expect([...labels].some((l) => /^node-fastify users at 10 connections, round 1\/1( \(A\/A\))?$/.test(l))).toBe(
      true,
    );
    expect([...labels].some((l) => /^node-fastify users at 100 connections, round 1\/1( \(A\/A\))?$/.test(l))).toBe(
      true,
    );
    // The new results opened, charts drawn from what was just measured.
    await page.locator('#report svg.chart').first().waitFor();
    const throughput = page.locator('#report svg.chart[data-chart="throughput-users"]');
    expect(await throughput.getAttribute('data-points')).toBe('2');
    expect(await throughput.locator('circle.point').count()).toBe(2);
    const name = new URL(page.url()).searchParams.get('file')!;
    expect(existsSync(join(folder, 'results', name))).toBe(true);
    expect(await currentRun()).toMatchObject({ state: 'completed', exitCode: 0, results: name, leftovers: [] });
  }, 240_000);

  it('cancels a run with the keyboard: a second start meanwhile ' +
    'gets 409, and no process of the run is left', async () => {
    await page.goto(`${serve.url}run`);
    expect(await page.locator('#run-state').textContent()).toBe('completed');
    // Five levels: cells enough that the run is still measuring when Cancel is pressed.
    await page.locator('#run-levels').fill('10,50,100,200,400');
    await page.locator('#start-run').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await currentRun())?.state, { timeout: 10_000 }).toBe('running');
    const run = await currentRun();
    const tracker = trackTree(run.pid);
    try {
      // Wait until PostgreSQL and the first server are up and a cell is being measured.
      await expect
        .poll(() => page.locator('#run-label').textContent(), { timeout: 120_000, interval: 200 })
        .toMatch(/^node-fastify users at \d+ connections/);
      expect(await page.locator('#start-run').isDisabled(), 'Start is disabled while a run is going').toBe(true);

      const second = await page.request.post(`${serve.origin}/api/runs`, {
        headers: { origin: serve.origin },
        data: { servers: ['node-express-seed'] },
      });
      expect(second.status()).toBe(409);
      expect((await second.json()).error.message).toBe(`a run is already in progress (${run.id})`);

      await screenshots(page, 'run-cancel', false);
      // Focus went to Cancel when the run started.
      await page.locator('#cancel-run').focus();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('cancel-run');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#run-state').textContent(), { timeout: 60_000 }).toBe('cancelled');
    } finally {
      tracker.stop();
    }
    const seen = [...tracker.seen.values()];
    const serverPid = Number(
      /node-fastify started \(pid (\d+)/.exec((await page.locator('#run-log').textContent()) ?? '')?.[1],
    );
    // The record covers what matters, so "none left" means something.
    const record = JSON.stringify(seen.map((p) => `${p.pid} ${p.args.slice(0, 80)}`));
    expect(
      seen.some((p) => p.pid === run.pid && p.args.includes('dist/bin.js bench')),
      `the bench itself in ${record}`,
    ).toBe(true);
    expect(
      seen.some((p) => /\/postgres -D /.test(p.args)),
      `PostgreSQL in ${record}`,
    ).toBe(true);
    expect(
      seen.some((p) => p.pid === serverPid),
      `node-fastify (pid ${serverPid}) in ${record}`,
    ).toBe(true);
    expect(stillThere(seen)).toEqual([]);
    // Nor its temporary PostgreSQL folder.
    const dataDir = seen.map((p) => /\/postgres -D (\S+)/.exec(p.args)?.[1]).find(Boolean)!;
    expect(dataDir).toMatch(/\/verdict-pg-[^/]+\/data$/);
    expect(existsSync(dirname(dataDir)), dirname(dataDir)).toBe(false);

    expect(await currentRun()).toMatchObject({ id: run.id, state: 'cancelled', exitCode: 130, leftovers: [] });
    expect(await page.locator('#run-end-text').textContent()).toMatch(
      new RegExp(
        String.raw`^The run was cancelled\. All \d+ processes it started have stopped\.( Its temporary ` +
          String.raw`PostgreSQL folder was left behind and has been removed \(.*\)\.)? Results: ` +
          String.raw`bench-[\d-]+\.json\.$`,
      ),
    );
    expect(await page.locator('#open-results').textContent()).toBe('Open the partial results');
    expect(await page.locator('#start-run').isDisabled(), 'Start is enabled again').toBe(false);
    expect(await page.locator('#cancel-run').isVisible(), 'Cancel is gone with the run').toBe(false);
    await screenshots(page, 'run-cancelled', false, '#run-panel');
  }, 240_000);

  it('made no request beyond 127.0.0.1, and nothing was blocked', () => {
    expectOnlyLocalRequests(browser.requests, serve.origin);
    expect(browser.requests.some((u) => /\/api\/runs\/bench-[\d-]+\/events$/.test(u))).toBe(true);
    expect(browser.problems).toEqual([]);
  });
});
