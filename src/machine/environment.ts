/**
 * The context every results file carries (mitata prints cpu and runtime before its results):
 * hardware, OS, runtimes, PostgreSQL, CPU placement and the servers' main library versions.
 */
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, platform } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../database/index.js';
import type { DriverName } from '../load/index.js';
import { wrkVersion } from '../load/wrk-generator.js';
import type { Environment } from '../results/schema.js';
import type { ServerManifest } from '../servers/manifest.js';
import { pythonPackageVersions } from '../servers/python.js';
import { projectRoot } from '../util/paths.js';
import { which } from '../util/system.js';
import { verdictVersion } from '../util/version.js';

export interface Placement {
  available: boolean;
  servers: string | null;
  generator: string | null;
  /** Where PostgreSQL runs, when verdict could move it (the embedded server only). */
  database: string | null;
  note: string;
}

/**
 * Servers and the load generator on separate CPUs (the generator must not steal the server's
 * time): the last CPU for the generator, the others for servers. PostgreSQL is left unpinned.
 */
export function cpuPlacement(pin: boolean, cpuCount: number = cpus().length): Placement {
  if (!pin)
    return {
      available: false,
      servers: null,
      generator: null,
      database: null,
      note: 'pinning turned off with --no-pin',
    };
  if (!which('taskset'))
    return {
      available: false,
      servers: null,
      generator: null,
      database: null,
      note: 'taskset not found: processes are not pinned (apt-get install util-linux)',
    };
  if (cpuCount < 2)
    return { available: false, servers: null, generator: null, database: null, note: 'one CPU: nothing to separate' };
  const last = cpuCount - 1;
  const servers = last === 1 ? '0' : `0-${last - 1}`;
  return {
    available: true,
    servers,
    generator: String(last),
    database: null,
    note: `servers on CPU ${servers}, load generator on CPU ${last}, PostgreSQL unpinned (shares every CPU)`,
  };
}

/**
 * The embedded PostgreSQL joins the load generator: the server under test then has its CPUs to
 * itself. Left on every CPU, the database's backends take turns on the server's core, and they
 * take more of it the faster a server is (more queries a second), which penalises the fastest
 * server most (measured here: node-fastify gained 60% with PostgreSQL moved away, FastAPI 20%),
 * and their bursts add noise between trials. The generator's core is watched for saturation.
 */
export function withDatabasePinned(placement: Placement, pinned: boolean, databaseNiceness?: number): Placement {
  if (!pinned || !placement.generator) return placement;
  const database =
    databaseNiceness === undefined ? 'PostgreSQL' : `PostgreSQL (at niceness ${databaseNiceness}, below the generator)`;
  return {
    ...placement,
    database: placement.generator,
    note: `servers on CPU ${placement.servers}, load generator and ${database} on CPU ${placement.generator}`,
  };
}

export function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1] ?? platform();
  } catch {
    return platform();
  }
}

export function nodePackageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'missing';
  }
}

export function generatorVersion(driver: DriverName): string {
  if (driver === 'wrk') return wrkVersion() ?? 'unknown';
  // The lean driver is verdict's own code (src/load/lean-closed.ts): its version is verdict's.
  if (driver === 'lean') return `verdict ${verdictVersion()}`;
  return nodePackageVersion('autocannon');
}

export function describeEnvironment(args: {
  database: Database;
  rows: number;
  python: string | null;
  placement: Placement;
  driver: DriverName;
  workers: number;
  facts?: Record<string, string>;
}): Environment {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryMb: Math.round(totalmem() / (1024 * 1024)),
    os: osName(),
    kernel: release(),
    node: process.versions.node,
    python: args.python,
    postgres: args.database.version,
    database: {
      embedded: args.database.embedded,
      maxConnections: args.database.maxConnections,
      rows: args.rows,
      queryCounting: args.database.statementsAvailable,
    },
    pinning: {
      available: args.placement.available,
      servers: args.placement.servers,
      generator: args.placement.generator,
      database: args.placement.database,
      note: args.placement.note,
    },
    loadGenerator: { driver: args.driver, version: generatorVersion(args.driver) },
    facts: args.facts ?? {},
    processModel:
      `${args.workers} process${args.workers === 1 ? '' : 'es'} per server for both runtimes (` +
      `${
        args.workers === 1
          ? 'no cluster, one uvicorn process'
          : `Node cluster with ${args.workers} workers, ` + `uvicorn --workers ${args.workers}`
      }` +
      `)`,
  };
}

/** The versions of each server's main libraries, from node_modules or the Python environment. */
export async function libraryVersions(
  manifest: ServerManifest,
  python: string | null,
): Promise<Record<string, string>> {
  if (manifest.runtime === 'node') {
    return Object.fromEntries(manifest.libraries.map((name) => [name, nodePackageVersion(name)]));
  }
  if (!python) return Object.fromEntries(manifest.libraries.map((name) => [name, 'unknown']));
  return pythonPackageVersions(python, manifest.libraries);
}
