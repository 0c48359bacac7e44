/**
 * The real embedded PostgreSQL for tests, seeded the way the benchmark seeds it. Callers stop it
 * in afterAll (stop() also removes its temporary folder).
 */
import { DEFAULT_ROWS, seedUsers, startDatabase, type Database } from '../../src/database/index.js';
import { withClient } from '../../src/database/client.js';

export async function startTestDatabase(options: { rows?: number } = {}): Promise<Database> {
  const db = await startDatabase({});
  try {
    await seedUsers(db.url, options.rows ?? DEFAULT_ROWS);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return db;
}

export interface UserRow {
  id: number;
  name: string;
  email: string;
}

/** What the guide's query returns when run directly: every server must answer with these rows. */
export async function guideQueryRows(url: string): Promise<UserRow[]> {
  return withClient(
    url,
    async (client) => (await client.query<UserRow>('/* verdict: */ SELECT id, name, email FROM users LIMIT 50')).rows,
  );
}
