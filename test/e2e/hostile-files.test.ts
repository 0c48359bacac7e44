/**
 * Hostile results files (test/support/hostile-results.ts) against the real executables: `verdict
 * report` and `verdict compare` (dist/bin.js) refuse each with exit code 2 and one stderr line
 * naming the cause, in bounded memory even for 100 MB; `verdict serve` answers each upload and
 * each file of its folder with a 4xx JSON error and keeps answering, its event loop never held
 * for seconds. Needs `npm run build` (which `npm test` runs first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { HUGE_FILE, writeHostileFiles, type HostileFile } from '../support/hostile-results.js';
import { sampleResults } from '../support/sample-results.js';
import { startServe, type ServeProcess } from '../web/support/serve-cli.js';

const bin = join(projectRoot, 'dist', 'bin.js');
const folder = mkdtempSync(join(tmpdir(), 'verdict-hostile-e2e-'));
const results = join(folder, 'results');
mkdirSync(results);
const files = writeHostileFiles(results, { huge: true });
writeFileSync(join(results, 'good.json'), JSON.stringify(sampleResults()));

/** Records the process's peak resident memory (kB) as it exits: loaded into the CLI's own process with --import. */
const maxRssHook = join(folder, 'max-rss.mjs');
writeFileSync(
  maxRssHook,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => " +
    'writeFileSync(process.env.VERDICT_TEST_MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));\n',
);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verdict(args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, bin, ...args],
      { cwd: folder, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

/** Exit code 2, nothing on stdout, exactly one line on stderr that names the cause. */
function expectOneLineRefusal(run: Run, cause: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(2);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr).toMatch(/^verdict: /);
  expect(run.stderr).toMatch(cause);
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing; run 'npm run build' first`);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(files)('verdict report and compare: $what', (file: HostileFile) => {
  const path = `results/${file.name}`;

  it('report exits 2 with one line naming the cause', async () => {
    expectOneLineRefusal(await verdict(['report', path]), file.cause);
  });

  it('compare exits 2 with one line naming it, on either side', async () => {
    expectOneLineRefusal(await verdict(['compare', 'results/good.json', path]), file.cause);
    expectOneLineRefusal(await verdict(['compare', path, 'results/good.json']), file.cause);
  });
});

describe('verdict report on the 100 MB file', () => {
  it('peaks under 300 MB of memory', async () => {
    const rssFile = join(folder, 'max-rss.txt');
    const run = await verdict(['report', `results/${HUGE_FILE}`], ['--import', maxRssHook], {
      VERDICT_TEST_MAX_RSS_FILE: rssFile,
    });
    expectOneLineRefusal(run, /is 100\.\d MB, over the 5 MB limit/);
    const maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    expect(maxRssMb).toBeGreaterThan(0);
    expect(maxRssMb).toBeLessThan(300);
  });
});

describe('verdict serve', () => {
  let serve: ServeProcess;
  let heartbeat: { stop(): Promise<{ answers: number; failures: string[]; longestGapMs: number }> } | undefined;

  beforeAll(async () => {
    serve = await startServe(folder);
  }, 60_000);
  afterAll(async () => {
    await heartbeat?.stop();
    // SIGINT as Ctrl-C; SIGKILL if it has not gone within 10 s, so no server outlives the test.
    const killer = setTimeout(() => serve?.child.kill('SIGKILL'), 10_000);
    await serve?.stop();
    clearTimeout(killer);
  }, 20_000);

  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; json: any }> {
    const response = await fetch(`${serve.origin}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = { text };
    }
    return { status: response.status, json };
  }

  /**
   * GET /api/results over and over while the uploads are processed, one after another: the longest
   * wait between two answers says how long the event loop was held. Bounded: each request times out.
   */
  function startHeartbeat() {
    let running = true;
    const state = { answers: 0, failures: [] as string[], longestGapMs: 0 };
    const loop = (async () => {
      let last = performance.now();
      while (running) {
        try {
          const answer = await call('/api/results');
          if (answer.status !== 200) state.failures.push(`GET /api/results answered ${answer.status}`);
          state.answers++;
        } catch (error) {
          state.failures.push(`GET /api/results failed: ${(error as Error).message}`);
        }
        const now = performance.now();
        state.longestGapMs = Math.max(state.longestGapMs, now - last);
        last = now;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return state;
      },
    };
  }

  it('answers each hostile upload with its 4xx JSON error, and GET /api/results right after', async () => {
    heartbeat = startHeartbeat();
    for (const file of files) {
      const body = readFileSync(join(results, file.name));
      const answer = await call('/api/results/upload', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-file-name': file.name },
      });
      expect(answer.status, `${file.name}: ${JSON.stringify(answer.json).slice(0, 300)}`).toBe(file.status);
      expect(answer.json.error).toMatchObject({ status: file.status, code: file.code });
      // The 100 MB body is refused by Fastify from its Content-Length, in the app's own words.
      expect(answer.json.error.message).toMatch(file.name === HUGE_FILE ? /5 MB/ : file.cause);
      const list = await call('/api/results');
      expect(list.status).toBe(200);
      expect(list.json.files.map((f: { name: string }) => f.name)).toContain(file.name);
    }
    const beat = await heartbeat.stop();
    heartbeat = undefined;
    expect(beat.failures).toEqual([]);
    // Generous: before the caps one upload (10,000 servers) held the loop for many seconds; now
    // each is refused after JSON.parse at most. 3 s leaves room for a loaded 2-core machine.
    expect(beat.answers).toBeGreaterThan(0);
    expect(beat.longestGapMs).toBeLessThan(3_000);
    expect(serve.child.exitCode).toBeNull();
  }, 180_000);

  it('answers each hostile file of its folder with its 4xx JSON error, and still reports the good one', async () => {
    for (const file of files) {
      const answer = await call(`/api/results/${file.name}`);
      expect(answer.status, `${file.name}: ${JSON.stringify(answer.json).slice(0, 300)}`).toBe(file.status);
      expect(answer.json.error).toMatchObject({
        status: file.status,
        code: file.code,
        message: expect.stringMatching(file.cause),
      });
    }
    const good = await call('/api/results/good.json');
    expect(good.status).toBe(200);
    expect(good.json.source).toEqual({ kind: 'folder', name: 'good.json' });
    expect(serve.child.exitCode).toBeNull();
  }, 120_000);
});
