/**
 * The contract every server under test meets, over real HTTP against the real embedded
 * PostgreSQL seeded with 10,000 users: GET /api/users (its rows, its bytes, one query per request)
 * and an unknown path. Servers come from loadManifests(), so a new server is checked without
 * touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/index.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import { settledUserQueryCount } from '../../src/database/statements.js';
import { guideQueryRows, startTestDatabase, type UserRow } from '../support/database.js';
import { describeProbe, probe } from '../support/http.js';
import { startServersUnderTest, stopServers } from '../support/servers.js';
import { isJson, isStructuredError, usersIn } from './checks.js';
import { expectedDeviations } from './expected-deviations.js';

const manifests = await loadManifests();
let db: Database;
let servers = new Map<string, RunningServer>();
let expectedRows: UserRow[];

beforeAll(async () => {
  db = await startTestDatabase({ rows: 10_000 });
  expectedRows = await guideQueryRows(db.url);
  servers = await startServersUnderTest(manifests, db);
});

afterAll(async () => {
  await stopServers(servers);
  await db?.stop();
});

const server = (name: string) => servers.get(name)!;

describe.each(manifests.map((m) => [m.name, m] as const))('%s', (name, manifest) => {
  const shape = manifest.responseShape;
  it(`GET /api/users: 200, JSON, 50 users {id, name, email} in its declared shape (${shape})`, async () => {
    const answer = await probe(`${server(name).url}/api/users`);
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json\b/);
    const users = usersIn(answer.json, manifest.responseShape);
    expect(users, `body is ${answer.text.slice(0, 80)}`).toBeDefined();
    expect(users).toHaveLength(50);
    for (const user of users!) {
      expect(Object.keys(user as object).sort()).toEqual(['email', 'id', 'name']);
      const { id, name: userName, email } = user as Record<string, unknown>;
      expect(Number.isInteger(id)).toBe(true);
      expect(typeof userName).toBe('string');
      expect(typeof email).toBe('string');
    }
    // The same rows as the guide's query run directly: every server returns the same content.
    expect(users).toEqual(expectedRows);
  });

  const deviation = expectedDeviations[name]?.notFound;
  it(
    deviation ? `an unknown path: expected deviation (${deviation.reason})` : 'an unknown path is a JSON 404',
    async () => {
      const answer = await probe(`${server(name).url}/no-such-path-${Date.now()}`);
      console.log(`[contract] ${name} unknown path -> ${describeProbe(answer)}`);
      if (deviation) {
        deviation.verify({ probe: answer });
        return;
      }
      expect(answer.kind).toBe('answer');
      if (answer.kind !== 'answer') return;
      expect(answer.status).toBe(404);
      expect(isJson(answer.contentType)).toBe(true);
      expect(answer.json).toBeTypeOf('object');
      if (manifest.variant === 'tuned' || manifest.variant === 'reference')
        expect(isStructuredError(answer.json, 404), answer.text).toBe(true);
    },
  );

  it('GET /api/users runs exactly one query per request, counted by PostgreSQL (pg_stat_statements)', async () => {
    const requests = 20;
    const before = await settledUserQueryCount(db.url);
    for (let i = 0; i < requests; i += 1) {
      const answer = await probe(`${server(name).url}/api/users`);
      expect(answer.kind === 'answer' && answer.status).toBe(200);
    }
    expect((await settledUserQueryCount(db.url)) - before).toBe(requests);
  });

  it('keeps serving: still running after the checks', () => {
    expect(server(name).hasExited()).toBe(false);
  });
});

/** The production features the guide praises FastAPI for, required of both tuned servers. */
const tuned = manifests.filter((m) => m.variant === 'tuned');

describe.each(tuned.map((m) => [m.name, m] as const))('%s (tuned)', (name) => {
  it('serves an HTML docs page at /docs', async () => {
    const answer = await probe(`${server(name).url}/docs`);
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(answer.text).toMatch(/swagger-ui/i);
  });

  it('publishes an OpenAPI 3 document at /openapi.json describing GET /api/users', async () => {
    const answer = await probe(`${server(name).url}/openapi.json`);
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.status).toBe(200);
    const doc = answer.json as {
      openapi?: string;
      paths?: Record<string, { get?: { responses?: Record<string, unknown> } }>;
      components?: { schemas?: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const responses = doc.paths?.['/api/users']?.get?.responses ?? {};
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '422', '500']));
    // The user schema is published with its three typed fields.
    const schemas = JSON.stringify(doc.components?.schemas ?? {});
    expect(schemas).toMatch(/"id":\{[^}]*"type":"integer"/);
    expect(schemas).toMatch(/"email":\{[^}]*"type":"string"/);
  });

  it('answers an invalid query with a structured JSON 422', async () => {
    const answer = await probe(`${server(name).url}/api/users?limit=0`);
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    console.log(`[contract] ${name} invalid query -> ${describeProbe(answer)}`);
    expect(answer.status).toBe(422);
    expect(isJson(answer.contentType)).toBe(true);
    expect(isStructuredError(answer.json, 422), answer.text).toBe(true);
  });
});

describe('the same JSON from every server', () => {
  it('GET /api/users: byte for byte the same body from every server of a shape (users-object, array)', async () => {
    const bodies = new Map<string, { shape: string; text: string }>();
    for (const m of manifests) {
      const answer = await probe(`${server(m.name).url}/api/users`);
      bodies.set(m.name, {
        shape: m.responseShape,
        text: answer.kind === 'answer' ? answer.text : describeProbe(answer),
      });
    }
    for (const shape of new Set([...bodies.values()].map((b) => b.shape))) {
      const same = [...bodies.entries()].filter(([, b]) => b.shape === shape);
      const [first, firstBody] = same[0]!;
      for (const [name, body] of same) expect(body.text, `${name} against ${first}`).toBe(firstBody.text);
    }
  });
});

describe('the expected-deviation table', () => {
  it('names only servers that exist, each deviation with its reason', () => {
    const names = manifests.map((m) => m.name);
    for (const [name, deviations] of Object.entries(expectedDeviations)) {
      expect(names, `expected-deviations.ts lists '${name}'`).toContain(name);
      for (const deviation of Object.values(deviations)) expect(deviation.reason.length).toBeGreaterThan(20);
    }
  });
});
