/**
 * The connection pool: postgres.js with prepared statements (its default, stated here), a fixed
 * size from POOL_SIZE (the manifest's pool.size, the same as python-fastapi-tuned's), no
 * pipelining, and a short connect timeout so a dead database is a fast 500, not a hung request.
 */
import postgres from 'postgres';

export interface User {
  id: number;
  name: string;
  email: string;
}

export function createDatabase(url: string, size: number) {
  const sql = postgres(url, {
    // postgres.js would otherwise pipeline up to 100 queries from different requests on one
    // connection, so 10 connections could carry far more than 10 queries at once. asyncpg and pg
    // run one query per connection at a time, and the reference suite counts cross-request
    // pipelining as not realistic: one query in flight per connection keeps "pool size 10" equal.
    // (max_pipeline is a postgres.js option its type definitions do not list.)
    ...({ max_pipeline: 0 } as object),
    max: size,
    prepare: true,
    connect_timeout: 2,
    // PostgreSQL NOTICEs are not errors; without this postgres.js prints them to the console.
    onnotice: () => {},
  });
  return {
    users: (limit: number) => sql<User[]>`SELECT id, name, email FROM users LIMIT ${limit}`,
    userById: (id: number) => sql<User[]>`SELECT id, name, email FROM users WHERE id = ${id}`,
    ping: () => sql`SELECT 1`,
    close: () => sql.end({ timeout: 5 }),
  };
}

export type Database = ReturnType<typeof createDatabase>;
