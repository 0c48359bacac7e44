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

/**
 * Reads the count once the server has finished what it was doing: requests still in flight when
 * a load run stops are processed after it, and their queries must land in this cell, not the next.
 */
export async function settledUserQueryCount(
  url: string,
  options: { stableMs?: number; maxWaitMs?: number } = {},
): Promise<number> {
  const stableMs = options.stableMs ?? 300;
  const deadline = Date.now() + (options.maxWaitMs ?? 10_000);
  let last = await countUserQueries(url);
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await countUserQueries(url);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= stableMs) {
      break;
    }
  }
  return last;
}
