/** A short-lived admin connection for verdict's own queries (seeding, statistics, checks). */
import pg from 'pg';

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // A server that goes away mid-query must reject the query, not crash verdict.
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Rejects when the database does not answer: a liveness check between cells. */
export async function pingDatabase(url: string): Promise<void> {
  await withClient(url, (client) => client.query('SELECT 1'));
}
