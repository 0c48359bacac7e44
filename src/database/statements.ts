/**
 * Counts the statements PostgreSQL actually executed against the users table, from
 * pg_stat_statements, so "one query per request" is verified rather than assumed
 * (TechEmpower verifies query counts the same way).
 */
import { withClient } from './client.js';

/** Total executions of statements that read the users table, excluding verdict's own bookkeeping. */
export async function countUserQueries(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query<{ calls: string | null }>(
      `SELECT sum(calls)::text AS calls FROM pg_stat_statements
        WHERE query ILIKE '%from users%' AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%verdict:%'`,
    );
    return Number(result.rows[0]?.calls ?? 0);
  });
}
