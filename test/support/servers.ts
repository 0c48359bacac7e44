/**
 * Starts servers under test from their manifests against a test database, the way the benchmark
 * does (src/servers/process.ts), and stops them all. Node servers must have been built
 * (npm run build, which `npm test` runs first); Python servers need the venv (verdict setup).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../src/database/index.js';
import { afterAll, beforeAll } from 'vitest';
import { loadManifests, type ServerManifest } from '../../src/servers/manifest.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/servers/process.js';
import { findPython } from '../../src/servers/python.js';
import type { Workload } from '../../src/workloads/index.js';
import { startTestDatabase } from './database.js';

export async function startServerUnderTest(
  manifest: ServerManifest,
  db: Database,
  options: Partial<StartServerOptions> = {},
): Promise<RunningServer> {
  const missing = manifest.start.args.find(
    (arg) => /^(dist|build)\//.test(arg) && !existsSync(join(manifest.dir, arg)),
  );
  if (missing) throw new Error(`${manifest.name}: ${missing} is not built; run 'npm run build' first`);
  const python = manifest.runtime === 'python' ? (await findPython()).path : undefined;
  return startServer(manifest, { databaseUrl: db.url, python, ...options });
}

/** Starts every server at once; if one fails, the others are stopped before the error is thrown. */
export async function startServersUnderTest(
  manifests: ServerManifest[],
  db: Database,
): Promise<Map<string, RunningServer>> {
  const results = await Promise.allSettled(manifests.map((m) => startServerUnderTest(m, db)));
  const running = new Map<string, RunningServer>();
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') running.set(manifests[i]!.name, result.value);
  });
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopServers(running);
    throw failed.reason;
  }
  return running;
}

export async function stopServers(servers: Iterable<RunningServer> | Map<string, RunningServer>): Promise<void> {
  const list = servers instanceof Map ? [...servers.values()] : [...servers];
  await Promise.all(list.map((s) => s.stop()));
}

/**
 * For a test file about one workload: the servers whose manifests implement it, started once
 * against a small seeded test database before the file's tests and stopped after them.
 */
export async function serversImplementing(
  workload: Workload,
  rows = 100,
): Promise<{ implementing: ServerManifest[]; server(name: string): RunningServer; database(): Database }> {
  const implementing = (await loadManifests()).filter((m) => workload.appliesTo(m));
  let db: Database | undefined;
  const servers = new Map<string, RunningServer>();
  beforeAll(async () => {
    db = await startTestDatabase({ rows });
    for (const m of implementing) servers.set(m.name, await startServerUnderTest(m, db));
  });
  afterAll(async () => {
    await stopServers(servers);
    await db?.stop();
  });
  return { implementing, server: (name) => servers.get(name)!, database: () => db! };
}
