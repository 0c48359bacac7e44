/**
 * `verdict serve`'s results page in real headless Chromium: a results file from the folder opens
 * with the same charts, tables and claims verdict as the HTML report (every chart drawn with its
 * data), bad uploads (not JSON, not a results file, too large) get a clear message and the server
 * keeps answering, and no request leaves 127.0.0.1. Screenshots at laptop and phone size.
 *
 * Needs `npm run build` and /usr/bin/chromium: without it the test fails, it does not skip.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { buildReport } from '../../src/report/report-model.js';
import { sampleResults } from '../support/sample-results.js';
import { expectOnlyLocalRequests, openBrowser, screenshots, type Browser } from '../web/support/browser.js';
import { startServe, type ServeProcess } from '../web/support/serve-cli.js';

const sample = sampleResults();
const report = buildReport(sample);
/** The charts the HTML report draws for this file: id and number of data points. */
const reportCharts = [
  ...renderHtmlReport(report).matchAll(/<svg class="chart[^"]*"[^>]*data-chart="([^"]+)"[^>]*data-points="(\d+)"/g),
].map((m) => ({ id: m[1]!, points: Number(m[2]) }));

let folder = '';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-serve-results-'));
  mkdirSync(join(folder, 'results'));
  writeFileSync(join(folder, 'results', 'sample.json'), JSON.stringify(sample));
  serve = await startServe(folder);
  browser = await openBrowser();
  page = browser.page;
  await page.goto(`${serve.url}results`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(130);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function drawnCharts(): Promise<
  { id: string; declared: number; drawn: number; width: number; lines: string[] }[]
> {
  return page.$$eval('#report svg.chart', (svgs) =>
    svgs.map((svg) => ({
      id: svg.getAttribute('data-chart') ?? '',
      declared: Number(svg.getAttribute('data-points')),
      drawn: svg.querySelectorAll('circle.point').length + svg.querySelectorAll('rect.bar').length,
      width: svg.getBoundingClientRect().width,
      lines: [...svg.querySelectorAll('path.line')].map((p) => p.getAttribute('d') ?? ''),
    })),
  );
}

async function upload(name: string, buffer: Buffer, mimeType = 'application/json'): Promise<void> {
  await page.locator('#upload-file').setInputFiles({ name, mimeType, buffer });
  await page.locator('#upload-button').focus();
  await page.keyboard.press('Enter');
}

describe('the results page', () => {
  it(
    'opens a file from the results folder with the keyboard: the ' + "HTML report's charts, each drawn with its data",
    async () => {
      expect(reportCharts.length).toBeGreaterThanOrEqual(10);
      expect(
        await page
          .locator('#results-file option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
      ).toEqual(['sample.json']);
      await page.locator('#open-file').focus();
      await page.keyboard.press('Enter');
      await page.locator('#report svg.chart').first().waitFor();
      const charts = await drawnCharts();
      expect(charts.map((c) => ({ id: c.id, points: c.declared }))).toEqual(reportCharts);
      for (const chart of charts) {
        expect(chart.declared, chart.id).toBeGreaterThan(0);
        expect(chart.drawn, chart.id).toBe(chart.declared);
        expect(chart.width, chart.id).toBeGreaterThan(300);
        for (const d of chart.lines) expect(d, chart.id).toMatch(/^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)*$/);
      }
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('report-title');
      expect(await page.locator('#report-title').textContent()).toBe('Report: sample.json');
    },
  );

  it('shows the claims verdict, the tables and the sections of the HTML report', async () => {
    const claims = await page
      .locator('#report table.claims > tbody > tr.claim')
      .evaluateAll((rows) => rows.map((r) => [r.id, r.getAttribute('data-verdict')]));
    expect(claims).toEqual(report.claims.map((c) => [`claim-${c.id}`, c.verdict]));
    const sections = await page.locator('#report > section').evaluateAll((s) => s.map((e) => e.id));
    expect(sections).toEqual([
      'claims',
      'throughput',
      'offered-load',
      'latency',
      'memory',
      'realtime',
      'fanout',
      'compute',
      'measurements',
      'warnings',
      'not-measurable',
      'environment',
    ]);
    expect(await page.locator('#measurements table.data').count()).toBeGreaterThan(3);
    await screenshots(page, 'results');
  });

  it('says clearly why an upload is not opened, and the server keeps answering', async () => {
    const message = page.locator('#results-message');
    await upload('notes.txt', Buffer.from('Remember to benchmark on the real hardware.'), 'text/plain');
    await expect
      .poll(() => message.textContent(), { timeout: 10_000 })
      .toMatch(/^Could not open notes\.txt: notes\.txt is not JSON: /);
    expect(await message.isVisible()).toBe(true);

    await upload('package.json', Buffer.from('{"name": "my-app", "version": "1.0.0"}'));
    await expect
      .poll(() => message.textContent(), { timeout: 10_000 })
      .toBe(
        'Could not open package.json: package.json is not a verdict results file (no "schema": ' +
          '"verdict-results"). Pass a file written by \'verdict bench\'.',
      );

    await upload(
      'edited.json',
      Buffer.from(JSON.stringify({ ...sample, cells: [{ ...sample.cells[0], round: 'first' }] })),
    );
    await expect
      .poll(() => message.textContent(), { timeout: 10_000 })
      .toMatch(/^Could not open edited\.json: edited\.json: field 'cells\.0\.round' /);
    await screenshots(page, 'results-bad-upload', false, '#upload-form');

    const big = Buffer.alloc(6 * 1024 * 1024, ' ');
    await upload('huge.json', big);
    await expect
      .poll(() => message.textContent(), { timeout: 10_000 })
      .toBe('Could not open huge.json: it is 6.0 MB, larger than the 5.0 MB limit for results files.');
    // The server enforces the limit on its own too, from the declared length, before reading the
    // body (a client still sending it meets a closed connection, so this one only declares it).
    const direct = await declaredUpload(`${serve.origin}/api/results/upload`, big.length, serve.origin);
    expect(direct.status).toBe(413);
    expect((JSON.parse(direct.body) as { error: { message: string } }).error.message).toBe(
      'the request body is larger than the 5 MB limit',
    );

    // Still answering, and a good upload opens.
    expect((await page.request.get(`${serve.origin}/api/results`)).status()).toBe(200);
    await upload('my copy.json', Buffer.from(JSON.stringify(sample)));
    await expect
      .poll(() => page.locator('#report-title').textContent(), { timeout: 10_000 })
      .toBe('Uploaded: my copy.json');
    expect(await message.isVisible()).toBe(false);
    expect((await drawnCharts()).length).toBe(reportCharts.length);
  });

  it('opens /results?file=NAME directly (where a finished run sends you)', async () => {
    await page.goto(`${serve.url}results?file=sample.json`);
    await page.locator('#report svg.chart').first().waitFor();
    expect(await page.locator('#report-title').textContent()).toBe('Report: sample.json');
    await page.goto(`${serve.url}results?file=missing.json`);
    await expect
      .poll(() => page.locator('#results-message').textContent(), { timeout: 10_000 })
      .toMatch(/^Could not open missing\.json: no results file 'missing\.json' in /);
  });

  it('made no request beyond 127.0.0.1, and nothing was blocked', () => {
    expectOnlyLocalRequests(browser.requests, serve.origin);
    expect(browser.problems.filter((p) => !/status of (400|404|413|422)/.test(p))).toEqual([]);
  });
});

/** Sends only the headers of an upload of `length` bytes and returns the server's answer. */
function declaredUpload(url: string, length: number, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': length, origin } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          outgoing.destroy();
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.flushHeaders();
  });
}
