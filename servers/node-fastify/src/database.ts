/**
 * The connection pool: postgres.js with prepared statements (its default, stated here), a fixed
 * size from POOL_SIZE (the manifest's pool.size, the same as python-fastapi-tuned's), and a
 * short connect timeout so a dead database is a fast 500, not a hung request.
 */
import postgres from 'postgres';

export interface User {
  id: number;
  name: string;
  email: string;
}

export function createDatabase(url: string, size: number) {
  const sql = postgres(url, {
    max: size,
    prepare: true,
    connect_timeout: 2,
    // PostgreSQL NOTICEs are not errors; without this postgres.js prints them to the console.
    onnotice: () => {},
  });
  return {
    users: (limit: number) => sql<User[]>`SELECT id, name, email FROM users LIMIT ${limit}`,
    ping: () => sql`SELECT 1`,
    close: () => sql.end({ timeout: 5 }),
  };
}

export type Database = ReturnType<typeof createDatabase>;
