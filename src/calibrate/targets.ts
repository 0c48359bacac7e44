/**
 * What `verdict calibrate` drives load against: by default a server that does no work (the fan-out
 * stub answering at once, a small HTTP/1.1 responder on raw sockets, about twice the requests per
 * CPU second of node:http, so the generator rather than the server is the first to fill its CPU),
 * or with --server a real server under test against a seeded PostgreSQL, set up as `verdict bench`
 * sets it up: the server pinned to the servers' CPUs, PostgreSQL beside the generator at a lower
 * priority.
 */
import { VerdictError } from '../core/errors.js';
import { seedUsers, startDatabase, type Database } from '../database/index.js';
import { startDownstreamStub } from '../load/downstream.js';
import type { CalibrationSummary } from '../results/calibration-schema.js';
import type { ServerManifest } from '../servers/manifest.js';
import { startServer } from '../servers/process.js';
import { withDatabasePinned, type Placement } from '../machine/environment.js';

export interface StartedTarget {
  info: CalibrationSummary['target'];
  url: string;
  /** The process group whose CPU is the target's. */
  pid: number;
  placement: Placement;
  stop(): Promise<void>;
}

/** The same niceness `verdict bench` gives PostgreSQL on the generator's CPU (src/bench/run.ts). */
const DATABASE_NICENESS = 10;
const NO_WORK_PATH = '/value?i=1';

export async function startNoWorkTarget(placement: Placement): Promise<StartedTarget> {
  const stub = await startDownstreamStub({ delayMs: 0, cpus: placement.servers });
  return {
    info: {
      kind: 'no-work',
      name: 'no-work',
      path: NO_WORK_PATH,
      description: 'a raw-socket HTTP/1.1 responder answering {"value":2} at once (no work, no database)',
    },
    url: stub.url,
    pid: stub.pid,
    placement,
    stop: () => stub.stop(),
  };
}

export interface ServerTargetOptions {
  databaseUrl?: string;
  python?: string;
  rows: number;
  log(line: string): void;
}

export async function startServerTarget(
  manifest: ServerManifest,
  placement: Placement,
  options: ServerTargetOptions,
): Promise<StartedTarget> {
  const database: Database = await startDatabase({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    log: options.log,
  });
  try {
    const pinned = withDatabasePinned(
      placement,
      placement.generator !== null && (await database.pinTo(placement.generator, { niceness: DATABASE_NICENESS })),
      DATABASE_NICENESS,
    );
    await seedUsers(database.url, options.rows);
    const server = await startServer(manifest, {
      databaseUrl: database.url,
      ...(options.python ? { python: options.python } : {}),
      ...(pinned.servers ? { cpus: pinned.servers } : {}),
    });
    const probe = await fetch(`${server.url}/api/users`, { signal: AbortSignal.timeout(10_000) }).catch(
      (error: Error) => error,
    );
    if (probe instanceof Error || !probe.ok) {
      await server.stop();
      throw new VerdictError(
        `${manifest.name} did not answer GET /api/users (` +
          `${probe instanceof Error ? probe.message : `status ${probe.status}`})`,
        `run 'verdict servers start ${manifest.name}' to see its log`,
      );
    }
    return {
      info: {
        kind: 'server',
        name: manifest.name,
        path: '/api/users',
        description:
          `${manifest.name} (${manifest.description}) against PostgreSQL ${database.version}, ` +
          `${options.rows.toLocaleString('en-US')} rows`,
      },
      url: server.url,
      pid: server.pid,
      placement: pinned,
      async stop() {
        await server.stop();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
