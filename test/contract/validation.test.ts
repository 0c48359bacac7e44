/**
 * The tuned servers really validate what they send, not only serialise it: when the database
 * holds a row that breaks the response schema (an email that is NULL), they answer a structured
 * JSON 500 instead of a 200 with a wrong body (fast-json-stringify alone would turn the NULL
 * into "", and a plain JSON encoder into null).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/database/client.js';
import type { Database } from '../../src/database/index.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import { startTestDatabase } from '../support/database.js';
import { describeProbe, probe } from '../support/http.js';
import { startServersUnderTest, stopServers } from '../support/servers.js';
import { isJson, isStructuredError, leakedInternals } from './checks.js';

const tuned = (await loadManifests()).filter((m) => m.variant === 'tuned');
let db: Database;
let servers = new Map<string, RunningServer>();

beforeAll(async () => {
  // Fewer rows than the LIMIT: the updated row (moved to the end of the table) is always returned.
  db = await startTestDatabase({ rows: 20 });
  await withClient(db.url, async (client) => {
    await client.query('/* verdict: */ ALTER TABLE users ALTER COLUMN email DROP NOT NULL');
    await client.query('/* verdict: */ UPDATE users SET email = NULL WHERE id = 3');
  });
  servers = await startServersUnderTest(tuned, db);
});

afterAll(async () => {
  await stopServers(servers);
  await db?.stop();
});

describe.each(tuned.map((m) => [m.name] as const))('%s', (name) => {
  it('answers a row that breaks the response schema with a structured JSON 500', async () => {
    const answer = await probe(`${servers.get(name)!.url}/api/users`);
    console.log(`[contract] ${name} with a NULL email in the table -> ${describeProbe(answer)}`);
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.status).toBe(500);
    expect(isJson(answer.contentType)).toBe(true);
    expect(isStructuredError(answer.json, 500), answer.text).toBe(true);
    expect(leakedInternals(answer.text, db)).toEqual([]);
    expect(servers.get(name)!.hasExited()).toBe(false);
  });
});
