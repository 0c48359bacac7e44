/**
 * The database's own ceiling: the guide's query at the same connection count, straight from a
 * client with no HTTP in between. A server's throughput as a share of it shows how much the web
 * layer costs. pgbench when installed (C, prepared statements), otherwise a Node loop with pg.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Ceiling } from '../results/schema.js';
import { onCleanup } from '../util/lifecycle.js';
import { spawnGroup } from '../util/process-group.js';
import { findTool, PGBENCH } from '../setup/system-tools.js';

export const USERS_QUERY = 'SELECT id, name, email FROM users LIMIT 50';

/**
 * pgbench's -T counts from its start, and its clients first connect one after another (about 9 ms
 * each here with PostgreSQL's scram-sha-256): at 1,000 clients a plain -T 3 ends before the first
 * transaction. The run is lengthened by the time connecting takes; pgbench reports tps "without
 * initial connection time". A few threads share the connecting (and the generator's CPU); the
 * allowance does not count on them, so some measuring time is left even when they do not help.
 */
const PGBENCH_THREADS = 4;
const CONNECT_SECONDS_PER_CLIENT = 0.009;
export function pgbenchSeconds(connections: number, durationSeconds: number): number {
  return Math.max(1, Math.round(durationSeconds)) + Math.ceil(connections * CONNECT_SECONDS_PER_CLIENT);
}

export interface CeilingOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** CPUs for the client (the load generator's), when pinning. */
  cpus: string | null;
  preferPgbench?: boolean;
}

export async function measureCeiling(options: CeilingOptions): Promise<Ceiling> {
  // A pgbench that runs: Debian's pg_wrapper can leave one on PATH that only prints an error.
  const pgbench = options.preferPgbench === false ? undefined : findTool(PGBENCH, process.env);
  try {
    return pgbench ? await withPgbench(pgbench, options) : await withNodeLoop(options);
  } catch (error) {
    return {
      workload: 'users',
      connections: options.connections,
      method: pgbench ? 'pgbench' : 'node-loop',
      transactionsPerSecond: null,
      latencyMs: null,
      reason: (error as Error).message.split('\n')[0] ?? 'failed',
    };
  }
}

async function withPgbench(pgbench: string, options: CeilingOptions): Promise<Ceiling> {
  const folder = await mkdtemp(join(tmpdir(), 'verdict-pgbench-'));
  const removeFolder = onCleanup('pgbench script', () => rm(folder, { recursive: true, force: true }));
  try {
    const script = join(folder, 'users.sql');
    await writeFile(script, `${USERS_QUERY};\n`);
    const args = [
      '-n',
      '-c',
      String(options.connections),
      '-j',
      String(PGBENCH_THREADS),
      '-T',
      String(pgbenchSeconds(options.connections, options.durationSeconds)),
      '-M',
      'prepared',
      '-f',
      script,
      options.url,
    ];
    const output = await runToEnd(pgbench, args, options.cpus);
    const tps = /tps = ([\d.]+)/.exec(output)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
    if (!tps) throw new Error(`pgbench gave no result: ${output.trim().split('\n').at(-1) ?? ''}`);
    return {
      workload: 'users',
      connections: options.connections,
      method: 'pgbench',
      transactionsPerSecond: Number(tps),
      latencyMs: latency ? Number(latency) : null,
      reason: null,
    };
  } finally {
    await removeFolder();
  }
}

async function runToEnd(command: string, args: string[], cpus: string | null): Promise<string> {
  const { child, exited, kill } = spawnGroup('pgbench', command, args, { cpus, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await exited;
  await kill();
  if (code !== 0) throw new Error(`pgbench exited with code ${code}: ${output.trim().split('\n').at(-1) ?? ''}`);
  return output;
}

/** Fallback: N connections each running the prepared query back to back for the duration. */
async function withNodeLoop(options: CeilingOptions): Promise<Ceiling> {
  const clients = Array.from({ length: options.connections }, () => new pg.Client({ connectionString: options.url }));
  for (const client of clients) client.on('error', () => {});
  const closeAll = onCleanup('ceiling clients', async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  });
  try {
    await Promise.all(clients.map((c) => c.connect()));
    let done = 0;
    let latencyTotal = 0;
    const deadline = Date.now() + options.durationSeconds * 1000;
    const started = Date.now();
    await Promise.all(
      clients.map(async (client) => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          await client.query({ name: 'verdict-ceiling', text: USERS_QUERY });
          latencyTotal += performance.now() - t0;
          done += 1;
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    return {
      workload: 'users',
      connections: options.connections,
      method: 'node-loop',
      transactionsPerSecond: done / seconds,
      latencyMs: done ? latencyTotal / done : null,
      reason: null,
    };
  } finally {
    await closeAll();
  }
}
