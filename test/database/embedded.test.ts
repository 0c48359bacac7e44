/**
 * The embedded PostgreSQL moves onto the load generator's CPU, and so do the backends it starts
 * afterwards; a database verdict did not start is left where it is.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/database/client.js';
import type { Database } from '../../src/database/index.js';
import { connectExternal } from '../../src/database/external.js';
import { startTestDatabase } from '../support/database.js';

/** The nice value: field 19 of /proc/<pid>/stat, counted after the command name's closing parenthesis. */
const niceness = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};
const allowedCpus = (pid: number) =>
  /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

let db: Database;
beforeAll(async () => {
  db = await startTestDatabase({ rows: 100 });
});
afterAll(async () => {
  await db?.stop();
});

describe('pinning PostgreSQL', () => {
  it('pins the postmaster, its running processes and every backend started later', async () => {
    expect(await db.pinTo('1')).toBe(true);
    await withClient(db.url, async (client) => {
      const backend = (await client.query<{ pid: number }>('/* verdict: */ SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      expect(allowedCpus(backend)).toBe('1');
      const others = (
        await client.query<{ pid: number }>(
          '/* verdict: */ SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
        )
      ).rows;
      expect(others.length).toBeGreaterThan(0);
      for (const { pid } of others) expect(allowedCpus(pid), `process ${pid}`).toBe('1');
    });
    expect(await db.pinTo('0-1')).toBe(true);
    await withClient(db.url, async (client) => {
      const backend = (await client.query<{ pid: number }>('/* verdict: */ SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      expect(allowedCpus(backend)).toBe('0-1');
    });
  });

  it('lowers PostgreSQL below the load generator when asked: the postmaster and backends started later', async () => {
    expect(await db.pinTo('1', { niceness: 10 })).toBe(true);
    await withClient(db.url, async (client) => {
      const backend = (await client.query<{ pid: number }>('/* verdict: */ SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      expect(niceness(backend)).toBe(10);
      expect(allowedCpus(backend)).toBe('1');
    });
  });

  it('leaves a database given with --database-url alone', async () => {
    const external = await connectExternal(db.url);
    expect(await external.pinTo('1')).toBe(false);
  });
});
