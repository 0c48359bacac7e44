/**
 * Real headless Chromium (Debian's, at /usr/bin/chromium) through playwright-core, in a fresh
 * empty profile, recording every request the page makes so a test can check that none left
 * 127.0.0.1. Missing Chromium is a failure, not a skip.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { projectRoot } from '../../../src/util/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const artifacts = join(projectRoot, 'test-artifacts');
export const SIZES = { laptop: { width: 1366, height: 860 }, phone: { width: 390, height: 844 } } as const;

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Console errors and uncaught exceptions, e.g. a CSP violation. */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with 'apt-get install -y chromium'`);
  const profile = mkdtempSync(join(tmpdir(), 'verdict-chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
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
    viewport: SIZES.laptop,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return {
    context,
    page,
    requests,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every request went to the server's own origin (blob: downloads carry that origin too). */
export function expectOnlyLocalRequests(requests: string[], origin: string): void {
  expect(requests.length).toBeGreaterThan(0);
  expect(new URL(origin).hostname).toBe('127.0.0.1');
  const elsewhere = requests.filter((url) => new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
}

/** A screenshot at laptop and phone size, kept in test-artifacts/ (gitignored). */
export async function screenshots(page: Page, name: string, fullPage = true, show?: string): Promise<string[]> {
  mkdirSync(artifacts, { recursive: true });
  const paths: string[] = [];
  const before = page.viewportSize() ?? SIZES.laptop;
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    // Nothing may be wider than the window: a phone must not scroll sideways.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name} at ${size} size is wider than the window`).toBeLessThanOrEqual(0);
    if (show) await page.locator(show).evaluate((element) => element.scrollIntoView({ block: 'center' }));
    const path = join(artifacts, `serve-${name}-${size}.png`);
    await page.screenshot({ path, fullPage });
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    paths.push(path);
  }
  await page.setViewportSize(before);
  return paths;
}
