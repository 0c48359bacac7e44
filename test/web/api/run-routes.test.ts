/**
 * The runs API with the fake bench (test/web/fixtures/fake-bench.mjs): one run at a time (409),
 * progress as server-sent events, cancel by SIGINT to the process group, and every process the
 * run started gone afterwards, including one in a session of its own; a bench that ignores the
 * cancel is killed, and what it left behind is killed and reported.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProcesses, processTree, stillRunning, type ProcessInfo } from '../../../src/web/runs/process-tree.js';
import { sampleResults } from '../../support/sample-results.js';
import { postJson, startTestApp, type TestApp } from '../support/web-app.js';

interface SseEvent {
  id: number;
  type: string;
  data: any;
}

/** Reads a server-sent event stream until `until` says stop (or the stream ends). */
async function readEvents(
  url: string,
  until: (event: SseEvent) => boolean,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        if (!field('event')) continue;
        const event = { id: Number(field('id')), type: field('event')!, data: JSON.parse(field('data')!) };
        events.push(event);
        if (until(event)) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return events;
}

const folderWithFixture = () => {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-fake-fixture-'));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(sampleResults()));
  process.env.FAKE_BENCH_FIXTURE = join(dir, 'results.json');
  return dir;
};

describe('a run that finishes', () => {
  let app: TestApp;
  let fixture: string;
  beforeAll(async () => {
    fixture = folderWithFixture();
    app = await startTestApp({ fakeMode: 'finish' });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(fixture, { recursive: true, force: true });
  });

  it('starts with 202, streams progress and log lines, ends completed with its results file', async () => {
    const start = await app.call(
      '/api/runs',
      postJson({ servers: ['node-fastify'], workloads: ['users'], levels: [100, 10, 10] }),
    );
    expect(start.status).toBe(202);
    expect(start.json).toMatchObject({
      state: 'running',
      request: { servers: ['node-fastify'], workloads: ['users'], levels: [10, 100] },
    });
    expect(start.json.command).toMatch(
      new RegExp(
        '^verdict bench --quick --progress jsonl --servers node-fastify --workloads users --levels ' +
          String.raw`10,100 --out results\/bench-\d{8}-\d{6}\.json$`,
      ),
    );
    const events = await readEvents(`${app.origin}/api/runs/${start.json.id}/events`, (e) => e.type === 'end');
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('state');
    expect(types.at(-1)).toBe('end');
    expect(events.filter((e) => e.type === 'progress').map((e) => e.data.done)).toEqual([0, 1, 2, 3, 4]);
    expect(events.find((e) => e.type === 'progress')!.data).toEqual({
      done: 0,
      total: 4,
      label: 'users@10 round 1/1: fake-server',
      elapsedSeconds: 0,
      etaSeconds: 4,
    });
    const logs = events.filter((e) => e.type === 'log').map((e) => e.data);
    expect(logs).toContainEqual({ stream: 'stdout', message: 'a line on stdout' });
    expect(logs).toContainEqual({ stream: 'stderr', message: 'a plain stderr line' });
    expect(logs[0].message).toMatch(
      new RegExp(
        '^fake bench --mode=finish bench --quick --progress jsonl --servers node-fastify --workloads ' +
          String.raw`users --levels 10,100 --out \/.*\/results\/bench-`,
      ),
    );
    const end = events.at(-1)!.data;
    expect(end).toMatchObject({
      state: 'completed',
      exitCode: 0,
      results: `${start.json.id}.json`,
      leftovers: [],
      removedFolders: [],
      estimatedSeconds: 2,
    });
    expect(end.processesSeen).toBeGreaterThanOrEqual(3);
    // The new file is in the folder and opens like any other.
    const report = await app.call(`/api/results/${end.results}`);
    expect(report.status).toBe(200);
  });

  it("replays a finished run's events to a late subscriber, and only those after Last-Event-ID", async () => {
    const { run } = (await app.call('/api/runs/current')).json;
    const all = await readEvents(`${app.origin}/api/runs/${run.id}/events`, () => false);
    expect(all.at(-1)!.type).toBe('end');
    const later = await readEvents(`${app.origin}/api/runs/${run.id}/events`, () => false, {
      'last-event-id': String(all.at(-3)!.id),
    });
    expect(later.map((e) => e.id)).toEqual(all.slice(-2).map((e) => e.id));
  });

  it('refuses to cancel a run that has ended, and an unknown run', async () => {
    const { run } = (await app.call('/api/runs/current')).json;
    const ended = await app.call(`/api/runs/${run.id}/cancel`, postJson({}));
    expect(ended.status).toBe(409);
    expect(ended.json.error.code).toBe('run_not_running');
    const unknown = await app.call('/api/runs/bench-19990101-000000/cancel', postJson({}));
    expect(unknown.status).toBe(404);
  });
});

describe('one run at a time, and cancel', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ fakeMode: 'slow' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('validates the request against the real servers and workloads before starting anything', async () => {
    const cases: [unknown, string][] = [
      [{ servers: [] }, 'servers'],
      [{ servers: ['node-fastify', 'ruby-rails'] }, 'servers.1'],
      [{ servers: ['node-fastify'], workloads: ['bogus'] }, 'workloads.0'],
      [{ servers: ['node-fastify'], levels: [0] }, 'levels.0'],
      [{ servers: ['node-fastify'], levels: [3000] }, 'levels.0'],
      [{ servers: ['node-fastify'], levels: [1, 2, 3, 4, 5, 6] }, 'levels'],
      [{ servers: ['node-fastify'], trials: 9 }, ''],
    ];
    for (const [body, field] of cases) {
      const answer = await app.call('/api/runs', postJson(body));
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error.code).toBe('invalid_request');
      expect(answer.json.error.field ?? '', JSON.stringify(body)).toBe(field);
    }
    expect((await app.call('/api/runs/current')).json).toEqual({ run: null });
  });

  it(
    'answers 409 "a run is already in progress" to a second ' + 'start; cancel stops every process of the run',
    async () => {
      const start = await app.call('/api/runs', postJson({ servers: ['node-fastify'] }));
      expect(start.status).toBe(202);
      const second = await app.call('/api/runs', postJson({ servers: ['python-fastapi-tuned'] }));
      expect(second.status).toBe(409);
      expect(second.json.error).toEqual({
        status: 409,
        code: 'run_in_progress',
        message: `a run is already in progress (${start.json.id})`,
        fix: 'wait for it to end, or cancel it first',
      });

      // Our own record of the run's processes, independent of the app's tracker.
      const seen = new Map<string, ProcessInfo>();
      const progress = await readEvents(`${app.origin}/api/runs/${start.json.id}/events`, (e) => {
        for (const p of processTree(start.json.pid, listProcesses())) seen.set(`${p.pid}:${p.startTime}`, p);
        return e.type === 'progress' && e.data.done >= 2;
      });
      expect(progress.some((e) => e.type === 'progress')).toBe(true);
      const sleeps = [...seen.values()].filter((p) => p.command.startsWith('sleep 30'));
      expect(sleeps.map((p) => p.command).sort()).toEqual(['sleep 300', 'sleep 301']);
      expect(sleeps.find((p) => p.command === 'sleep 301')!.sid).not.toBe(start.json.pid);

      const cancel = await app.call(`/api/runs/${start.json.id}/cancel`, postJson({}));
      expect(cancel.status).toBe(202);
      expect(cancel.json.state).toBe('cancelling');
      const rest = await readEvents(`${app.origin}/api/runs/${start.json.id}/events`, (e) => e.type === 'end', {
        'last-event-id': String(progress.at(-1)!.id),
      });
      const end = rest.at(-1)!.data;
      expect(end).toMatchObject({ state: 'cancelled', exitCode: 130, leftovers: [] });
      expect(rest.some((e) => e.type === 'log' && e.data.message === 'interrupted: stopping')).toBe(true);
      expect([...seen.values()].filter(stillRunning)).toEqual([]);
      // The next run may start now.
      const again = await app.call('/api/runs', postJson({ servers: ['node-fastify'] }));
      expect(again.status).toBe(202);
      await app.call(`/api/runs/${again.json.id}/cancel`, postJson({}));
      await readEvents(`${app.origin}/api/runs/${again.json.id}/events`, (e) => e.type === 'end');
    },
  );
});

describe('a bench that ignores the cancel', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ fakeMode: 'stubborn', cancelGraceMs: 1_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is killed after the grace period, and the process it left behind is killed and reported', async () => {
    const start = await app.call('/api/runs', postJson({ servers: ['node-fastify'] }));
    await readEvents(
      `${app.origin}/api/runs/${start.json.id}/events`,
      (e) => e.type === 'progress' && e.data.done >= 1,
    );
    const detached = processTree(start.json.pid).find((p) => p.command === 'sleep 301')!;
    expect(detached).toBeDefined();
    await app.call(`/api/runs/${start.json.id}/cancel`, postJson({}));
    const events = await readEvents(`${app.origin}/api/runs/${start.json.id}/events`, (e) => e.type === 'end');
    const end = events.at(-1)!.data;
    expect(end.state).toBe('cancelled');
    expect(end.signal).toBe('SIGKILL');
    expect(end.leftovers).toEqual([{ pid: detached.pid, command: 'sleep 301' }]);
    expect(events.some((e) => e.type === 'log' && /did not stop within 1 s/.test(e.data.message))).toBe(true);
    expect(stillRunning(detached)).toBe(false);
  });
});

describe('a bench that leaves its PostgreSQL folder behind', () => {
  let app: TestApp;
  let fixture: string;
  beforeAll(async () => {
    fixture = folderWithFixture();
    app = await startTestApp({ fakeMode: 'leaky' });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(fixture, { recursive: true, force: true });
  });

  it("has the folder of the run's own PostgreSQL removed and reported, once that PostgreSQL has exited", async () => {
    const start = await app.call('/api/runs', postJson({ servers: ['node-fastify'] }));
    const root = join(tmpdir(), `verdict-pg-fake-${start.json.pid}`);
    const events = await readEvents(`${app.origin}/api/runs/${start.json.id}/events`, (e) => e.type === 'end');
    const end = events.at(-1)!.data;
    expect(end).toMatchObject({ state: 'completed', leftovers: [], removedFolders: [root] });
    expect(existsSync(root)).toBe(false);
    expect(
      events.some(
        (e) =>
          e.type === 'log' &&
          e.data.message === `removed the temporary PostgreSQL folder(s) the run left behind: ${root}`,
      ),
    ).toBe(true);
  });
});

describe('shutting the server down', () => {
  it('cancels the run in progress and waits for it', async () => {
    const app = await startTestApp({ fakeMode: 'slow' });
    const start = await app.call('/api/runs', postJson({ servers: ['node-fastify'] }));
    await readEvents(`${app.origin}/api/runs/${start.json.id}/events`, (e) => e.type === 'progress');
    const tree = processTree(start.json.pid);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    await app.close();
    expect(tree.filter(stillRunning)).toEqual([]);
  });
});
