/**
 * `verdict serve`'s decide page in real headless Chromium: the questionnaire is answered (with
 * the keyboard where a user would), the recommendation follows every answer from the real
 * engine, a contradictory answer is marked with the engine's message, the ADR downloads, the
 * focus order and focus ring work, and no request leaves 127.0.0.1. Screenshots at laptop and
 * phone size go to test-artifacts/.
 *
 * Needs `npm run build` (which `npm test` runs first) and /usr/bin/chromium: without it the
 * test fails, it does not skip.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleById } from '../../src/decide/rules.js';
import { sampleResults } from '../support/sample-results.js';
import { expectOnlyLocalRequests, openBrowser, screenshots, type Browser } from '../web/support/browser.js';
import { startServe, type ServeProcess } from '../web/support/serve-cli.js';

let folder = '';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

const choice = () => page.locator('#rec-title');
const choiceBecomes = (text: string) => expect.poll(() => choice().textContent(), { timeout: 10_000 }).toBe(text);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-serve-decide-'));
  mkdirSync(join(folder, 'results'));
  writeFileSync(join(folder, 'results', 'sample.json'), JSON.stringify(sampleResults()));
  serve = await startServe(folder);
  browser = await openBrowser();
  page = browser.page;
  await page.goto(`${serve.url}decide`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  const code = await serve?.stop();
  expect(code).toBe(130);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the decide page', () => {
  it('opens with the recommendation for the default answers, citing the newest results file', async () => {
    await expect(page.title()).resolves.toBe('Decide · verdict');
    expect(await choice().textContent()).toBe('Node.js');
    expect(await page.locator('#decision-evidence').textContent()).toContain(join('results', 'sample.json'));
    expect(await page.locator('label[for="f-touch-ai"]').textContent()).toBe(
      'AI/ML integration or LLM-powered features (now, in the first release)',
    );
  });

  it(
    'is worked with the keyboard: the skip link, then every ' + 'field in order, each with a visible focus ring',
    async () => {
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      const order: string[] = [];
      const rings: string[] = [];
      for (let i = 0; i < 40 && !order.includes('download-adr'); i += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement;
          const style = getComputedStyle(element);
          return { id: element.id || element.textContent!.trim(), ring: `${style.outlineStyle} ${style.outlineWidth}` };
        });
        order.push(focused.id);
        rings.push(focused.ring);
      }
      expect(order).toEqual([
        '⚖ verdict',
        'Decide',
        'Results',
        'Run a benchmark',
        'f-name',
        'f-touch-realtime',
        'f-touch-ai',
        'f-touch-data-science',
        'f-touch-background-jobs',
        'f-touch-rest-api',
        'f-touch-react-frontend',
        'f-touch-high-concurrency',
        'f-greenfield',
        'f-javascript',
        'f-python',
        'f-team-mid',
        'f-team-senior',
        'f-team-principal',
        'f-hiring',
        'f-location',
        'f-ai-planned',
        'f-peak',
        'f-results',
        'download-adr',
      ]);
      for (const [i, ring] of rings.entries()) expect(ring, order[i]).toMatch(/^solid [3-9]px$/);
      // The skip link lands on the main content.
      await page.locator('.skip-link').focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    },
  );

  it(
    'follows the answers: a JavaScript team with a REST API ' + 'gets Node.js; adding AI moves it to the hybrid',
    async () => {
      await page.locator('#f-javascript').selectOption('strong');
      await page.locator('#f-touch-rest-api').focus();
      await page.keyboard.press('Space');
      // The default answers already give Node.js (by a tie-break): wait for the rules to change.
      await expect
        .poll(() => page.locator('[data-rule]').evaluateAll((items) => items.map((i) => i.getAttribute('data-rule'))), {
          timeout: 10_000,
        })
        .toEqual(['row-rest-api-javascript', 'override-team']);
      expect(await choice().textContent()).toBe('Node.js');

      await page.locator('#f-touch-ai').focus();
      await page.keyboard.press('Space');
      await choiceBecomes('Hybrid (Node.js gateway + Python services)');
      expect(await page.locator('#decision-status').textContent()).toMatch(
        /^Recommendation: Hybrid \(Node\.js gateway \+ Python services\), confidence (high|medium|low)$/,
      );
      expect(await page.locator('[data-rule="ai-rule"] blockquote').textContent()).toBe(ruleById('ai-rule').quote);
      expect(await page.locator('[data-conflict="javascript-team-vs-ai"]').count()).toBe(1);
      const costs = await page
        .locator('table.costs tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent]),
        );
      expect(costs.map(([name]) => name)).toEqual(['Node.js', 'Python', 'Hybrid']);
      for (const [, value] of costs) expect(value).toMatch(/^£[\d,]+–£[\d,]+$/);
      expect(await page.locator('#decision-risks li').count()).toBeGreaterThan(0);
      await screenshots(page, 'decide-hybrid');
    },
  );

  it('gives a Python team with AI Python', async () => {
    await page.locator('#f-javascript').selectOption('none');
    await page.locator('#f-python').selectOption('strong');
    await choiceBecomes('Python');
  });

  it("marks a contradictory answer with the engine's message, and clears it when fixed", async () => {
    await page.locator('#f-ai-planned').selectOption('no');
    const error = page.locator('#f-ai-planned-error');
    await expect.poll(() => error.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await error.textContent()).toBe(
      "profile field aiPlanned: aiPlanned is 'no' but touches includes 'ai' (AI in the first release); use yes, " +
        'or remove ai from touches',
    );
    expect(await page.locator('#f-ai-planned').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#decision').getAttribute('class')).toContain('stale');
    expect(await page.locator('#form-message').textContent()).toMatch(/^Not updated: /);
    await screenshots(page, 'decide-invalid', false, '#f-ai-planned');

    await page.locator('#f-ai-planned').selectOption('yes');
    await expect.poll(() => error.isVisible(), { timeout: 10_000 }).toBe(false);
    expect(await page.locator('#f-ai-planned').getAttribute('aria-invalid')).toBeNull();
    expect(await choice().textContent()).toBe('Python');
  });

  it('cites no measurements when told not to', async () => {
    await page.locator('#f-results').selectOption('none');
    await expect
      .poll(() => page.locator('#decision-evidence').textContent(), { timeout: 10_000 })
      .toContain('No measurements were used');
  });

  it('downloads the ADR as MADR Markdown for the answers given', async () => {
    await page.locator('#f-name').fill('Checkout service');
    await page.locator('#f-touch-ai').focus();
    await page.keyboard.press('Space'); // AI off again: Python team, REST API
    await choiceBecomes('Python');
    await page.locator('#download-adr').focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('decision-checkout-service.md');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toMatch(/^---\nstatus: proposed\ndate: \d{4}-\d{2}-\d{2}\n/);
    expect(text).toContain('\n# Use Python for Checkout service\n');
    for (const heading of [
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '### Consequences',
      '### Confirmation',
      '## Pros and Cons of the Options',
      '## More Information',
    ]) {
      expect(text).toContain(`\n${heading}\n`);
    }
    expect(text).toContain('Chosen option: "Python"');
  });

  it('made no request beyond 127.0.0.1, and nothing was blocked or failed', () => {
    expectOnlyLocalRequests(browser.requests, serve.origin);
    expect(browser.requests.filter((u) => u.endsWith('/api/decide')).length).toBeGreaterThan(5);
    expect(browser.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
