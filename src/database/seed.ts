/**
 * The deterministic data every server reads: `users (id, name, email)`. The same row count gives
 * the same rows on every machine, so results from two machines describe the same work.
 * verdict's own queries carry a `verdict:` comment so query counting can leave them out.
 */
import { VerdictError } from '../core/errors.js';
import { withClient } from './client.js';

export const DEFAULT_ROWS = 10_000;
const MARKER = 'verdict seed';

// A few names outside ASCII, as real user tables have, so JSON encoding is exercised on both sides.
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Zoë',
  'José',
  'Siobhán',
  'Łukasz',
  'Amara',
  'Chen',
  'Priya',
  'Olu',
  'Fatima',
  'Noah',
  'Mia',
  'Ivan',
  'Aiko',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Okafor',
  'García',
  'Ní Bhriain',
  'Kowalski',
  'Mensah',
  'Wei',
  'Sharma',
  'Adeyemi',
  'Haddad',
  'Smith',
  'Jones',
  'Petrov',
  'Tanaka',
];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

export async function seedUsers(url: string, rows: number = DEFAULT_ROWS): Promise<void> {
  await withClient(url, async (client) => {
    const existing = await client.query<{ comment: string | null }>(
      "/* verdict: */ SELECT obj_description(to_regclass('users'), 'pg_class') AS comment WHERE " +
        "to_regclass('users') IS NOT NULL",
    );
    if (existing.rowCount === 1 && existing.rows[0]!.comment !== MARKER) {
      throw new VerdictError(
        'the database already has a users table that verdict did not create',
        'point --database-url at an empty database',
      );
    }
    await client.query('/* verdict: */ DROP TABLE IF EXISTS users');
    await client.query(
      '/* verdict: */ CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL)',
    );
    await client.query(`COMMENT ON TABLE users IS '${MARKER}'`);
    await client.query(
      `/* verdict: */ INSERT INTO users (id, name, email)
       SELECT i,
              (` +
        `${sqlArray(FIRST)})[1 + i % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + (i * 7 / ` +
        `${FIRST.length}) % ${LAST.length}],
              'user' || i || '@example.com'
         FROM ` +
        `generate_series(1, $1::int) AS i`,
      [rows],
    );
    await client.query('/* verdict: */ ANALYZE users');
  });
}

/** A digest of every row: a workload that could write is followed by a reseed when it changes. */
export async function usersChecksum(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ digest: string | null }>(
      "/* verdict: */ SELECT md5(string_agg(id::text || '|' || name || '|' || email, ',' ORDER BY id)) AS " +
        'digest, count(*) FROM users',
    );
    return result.rows[0]?.digest ?? '';
  });
}
