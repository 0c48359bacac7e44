/**
 * Real profiles of real servers, the way `verdict bench --profile` takes them: node-fastify through
 * its inspector (closed until the profiled trial opens it) and python-fastapi-tuned with py-spy,
 * each over one short trial of GET /api/users. The raw profiles land beside the results file and
 * the results file gets a valid `profiles` entry whose frames are the servers' own.
 *
 * Needs `npm run build` and the venv with py-spy (`verdict setup`); py-spy needs ptrace, which a
 * root user (as in CI) has.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/index.js';
import { createProfiler } from '../../src/profile/profiler.js';
import { resultsSchema, type Results } from '../../src/results/schema.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import { findPython } from '../../src/servers/python.js';
import type { Measurement } from '../../src/workloads/types.js';
import { startTestDatabase } from '../support/database.js';
import { buildResults, steady } from '../support/results-builder.js';
import { startServerUnderTest, stopServers } from '../support/servers.js';

const SERVERS = ['node-fastify', 'python-fastapi-tuned'];

/** A plain closed loop of GET /api/users: enough load to profile, nothing measured. */
async function load(server: RunningServer, connections: number, seconds: number): Promise<Measurement> {
  const end = Date.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  const worker = async () => {
    while (Date.now() < end) {
      try {
        const response = await fetch(`${server.url}/api/users`);
        await response.arrayBuffer();
        requests += 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, 20) }, worker));
  return {
    requests,
    sent: requests + errors,
    durationSeconds: seconds,
    requestsPerSecond: requests / seconds,
    latencyMs: null,
    errors,
    timeouts: 0,
    non2xx: 0,
    generatorCpuPercent: null,
  };
}

let folder = '';
let db: Database | undefined;
const running: RunningServer[] = [];
let results: Results;
const logs: string[] = [];
let inspectorClosedBefore = false;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verdict-profile-'));
  db = await startTestDatabase({ rows: 1000 });
  const manifests = (await loadManifests()).filter((m) => SERVERS.includes(m.name));
  const profiler = createProfiler({
    resultsPath: join(folder, 'r.json'),
    python: (await findPython()).path,
    generatorCpus: null,
    usersLevels: [100],
    cellSeconds: 1,
    log: (line) => logs.push(line),
  });
  for (const manifest of manifests) {
    const env = await profiler.serverEnv(manifest);
    running.push(await startServerUnderTest(manifest, db, { env }));
    if (manifest.runtime === 'node') {
      // Until the profiled trial, nothing listens on the inspector port.
      const port = Number(/--inspect-port=127\.0\.0\.1:(\d+)/.exec(env.NODE_OPTIONS ?? '')?.[1]);
      inspectorClosedBefore = await fetch(`http://127.0.0.1:${port}/json/list`).then(
        () => false,
        () => true,
      );
    }
  }
  results = buildResults(SERVERS.flatMap((server) => steady({ server, connections: 100 }, 1000)));
  await profiler.profileStage({
    servers: running,
    pids: running.map((s) => s.pid),
    results,
    save: async () => void resultsSchema.parse(results),
    load,
  });
}, 120_000);

afterAll(async () => {
  await stopServers(running);
  await db?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('profiling real servers during one trial', () => {
  it('records a profile of each, valid in the results file, beside it', () => {
    expect(results.profiles?.folder).toBe('r.profiles');
    const byServer = Object.fromEntries(results.profiles!.servers.map((p) => [p.server, p]));
    expect(Object.keys(byServer).sort()).toEqual(SERVERS);
    for (const profile of Object.values(byServer)) {
      expect(profile.status, `${profile.server}: ${profile.reason}`).toBe('recorded');
      expect(profile.connections).toBe(100);
      expect(profile.durationSeconds).toBe(5);
      expect(profile.samples).toBeGreaterThan(100);
      expect(profile.topSelf.length).toBeGreaterThanOrEqual(5);
      expect(profile.topSelf.length).toBeLessThanOrEqual(10);
      expect(profile.flame!.totalSamples).toBe(profile.samples);
      expect(existsSync(join(folder, profile.file!))).toBe(true);
    }
    expect(() => resultsSchema.parse(results)).not.toThrow();
  });

  it(
    'Node: the inspector opens only for the profiled trial, and the profile is a .cpuprofile of the server and ' +
      'its packages',
    () => {
      expect(inspectorClosedBefore).toBe(true);
      const profile = results.profiles!.servers.find((p) => p.server === 'node-fastify')!;
      const raw = JSON.parse(readFileSync(join(folder, profile.file!), 'utf8')) as {
        nodes: unknown[];
        samples: number[];
      };
      expect(profile.file).toBe('r.profiles/node-fastify.cpuprofile');
      expect(raw.nodes.length).toBeGreaterThan(50);
      const locations = profile.flame!.frames.map((f) => f.location);
      expect(locations.some((l) => l.startsWith('fastify/'))).toBe(true);
      expect(locations.some((l) => l.startsWith('postgres/'))).toBe(true);
      expect(locations.some((l) => l.startsWith('dist/'))).toBe(true);
      expect(locations.every((l) => !l.startsWith('/'))).toBe(true);
    },
  );

  it("Python: py-spy's collapsed stacks reach the app's handler, through FastAPI", () => {
    const profile = results.profiles!.servers.find((p) => p.server === 'python-fastapi-tuned')!;
    expect(profile.file).toBe('r.profiles/python-fastapi-tuned.py-spy.txt');
    expect(readFileSync(join(folder, profile.file!), 'utf8')).toMatch(/^<module> \(serve\.py\);.* \d+$/m);
    const frames = profile.flame!.frames;
    expect(frames).toContainEqual({ name: 'list_users', location: 'app.py', category: 'app' });
    expect(frames.some((f) => f.location.startsWith('fastapi/') && f.category === 'library')).toBe(true);
    expect(frames.some((f) => f.location.startsWith('asyncio/') && f.category === 'runtime')).toBe(true);
  });

  it('logs each profiled trial and what took the most self time', () => {
    for (const server of SERVERS)
      expect(logs.join('\n')).toMatch(
        new RegExp(`${server}: profile saved \\(\\d+ samples; most self time: .+ \\d+\\.\\d%`),
      );
  });
});
