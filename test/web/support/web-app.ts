/**
 * The web app in-process on a free loopback port, over real HTTP, with a temporary results
 * folder and the fake bench (test/web/fixtures/fake-bench.mjs) in place of the real one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRates } from '../../../src/decide/rates.js';
import { loadManifests } from '../../../src/servers/manifest.js';
import { createWebApp, type WebApp, type WebAppOptions } from '../../../src/web/app.js';
import { ResultsFolder } from '../../../src/web/results-folder.js';
import { RunManager } from '../../../src/web/runs/run-manager.js';
import { WORKLOADS } from '../../../src/workloads/index.js';

export const fakeBench = fileURLToPath(new URL('../fixtures/fake-bench.mjs', import.meta.url));

export interface TestApp {
  url: string;
  origin: string;
  folder: string;
  web: WebApp;
  call(path: string, init?: RequestInit): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function startTestApp(
  options: { fakeMode?: 'finish' | 'slow' | 'stubborn' | 'leaky'; cancelGraceMs?: number; web?: WebAppOptions } = {},
): Promise<TestApp> {
  const cwd = mkdtempSync(join(tmpdir(), 'verdict-web-'));
  const folder = join(cwd, 'results');
  const runs = new RunManager({
    command: [process.execPath, fakeBench, `--mode=${options.fakeMode ?? 'finish'}`],
    cwd,
    resultsDir: folder,
    cancelGraceMs: options.cancelGraceMs ?? 5_000,
  });
  const web = await createWebApp(
    {
      cwd,
      folder: new ResultsFolder(folder),
      rates: loadRates(),
      runs,
      manifests: await loadManifests(),
      workloads: WORKLOADS,
    },
    '0.0.0-test',
    options.web,
  );
  const url = await web.listen('127.0.0.1', 0);
  const origin = url.replace(/\/$/, '');
  return {
    url,
    origin,
    folder,
    web,
    async call(path, init = {}) {
      const response = await fetch(`${origin}${path}`, init);
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    async close() {
      await web.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

export const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
