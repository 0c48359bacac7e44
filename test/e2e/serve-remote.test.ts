/**
 * `verdict serve --host 0.0.0.0 --allow-remote` in real headless Chromium: the page opened with
 * the printed token works (its scripts' API calls carry the cookie the first request set), the
 * cookie is out of the page's scripts' reach, and without it the page gets 401.
 *
 * Needs `npm run build` (which `npm test` runs first) and /usr/bin/chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOnlyLocalRequests, openBrowser, type Browser } from '../web/support/browser.js';
import { startServe, type ServeProcess } from '../web/support/serve-cli.js';

let folder = '';
let serve: ServeProcess;
let browser: Browser;
let local = '';

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-serve-remote-'));
  serve = await startServe(folder, ['--host', '0.0.0.0', '--allow-remote']);
  // Bound to every interface; the browser reaches it over loopback, with the printed token.
  const printed = new URL(serve.url);
  local = `http://127.0.0.1:${printed.port}/?token=${printed.searchParams.get('token')}`;
  browser = await openBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  const code = await serve?.stop();
  expect(code).toBe(130);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('a server other machines can reach', () => {
  it('works in the browser from the printed URL: the token becomes an HttpOnly, SameSite=Strict cookie', async () => {
    const { page, context } = browser;
    await page.goto(local);
    expect(new URL(page.url()).pathname).toBe('/decide');
    await page.locator('#f-javascript').selectOption('none');
    await page.locator('#f-python').selectOption('strong');
    await expect.poll(() => page.locator('#rec-title').textContent(), { timeout: 10_000 }).toBe('Python');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await context.cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
      { name: 'verdict-token', httpOnly: true, sameSite: 'Strict' },
    ]);
    expect(browser.problems).toEqual([]);
    expectOnlyLocalRequests(browser.requests, new URL(local).origin);
  });

  it('answers 401 once the cookie is gone and the URL has no token', async () => {
    await browser.context.clearCookies();
    const response = await browser.page.goto(`${new URL(local).origin}/decide`);
    expect(response?.status()).toBe(401);
    expect(await browser.page.textContent('body')).toContain('open the URL with ?token= that verdict serve printed');
  });
});
