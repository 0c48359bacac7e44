/**
 * Issue 15's findings, one contract for both tuned servers, over real HTTP against the real
 * embedded PostgreSQL:
 *
 * - a method a route does not declare is a 405 with an Allow header (RFC 9110 15.5.6), in the
 *   servers' JSON error shape, on every route; HEAD is served wherever GET is (RFC 9110 9.1);
 * - GET /api/users/{id}: the id is a string of plain digits from 1 to 2147483647 (the range of the
 *   users.id column), anything else a 422 in the error shape, and the OpenAPI documents say so;
 * - every status a probe below gets is declared for its path in /openapi.json (the fan-out's 503
 *   without a downstream among them);
 * - a WebSocket upgrade from a foreign Origin is refused with a 403 before the upgrade; loopback
 *   origins and clients that send no Origin (verdict's own driver) get in; ALLOWED_ORIGINS
 *   replaces the loopback default;
 * - Fastify's own URL errors (a bad percent-encoding, an over-long parameter) get the error shape.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Database } from '../../src/database/index.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import { startTestDatabase } from '../support/database.js';
import { startServerUnderTest, stopServers } from '../support/servers.js';
import { isJson, isStructuredError } from './checks.js';

const ROWS = 100;
const MAX_ID = 2 ** 31 - 1;
const WAIT_MS = 5_000;
/** For the second instance of each server: a listed origin and a loopback host on any port. */
const LISTED_ORIGINS = 'https://app.example, http://localhost:*';

const tuned = (await loadManifests()).filter((m) => m.variant === 'tuned');
let db: Database;
const servers = new Map<string, RunningServer>();
const withAllowList = new Map<string, RunningServer>();

beforeAll(async () => {
  db = await startTestDatabase({ rows: ROWS });
  for (const m of tuned) {
    // Set explicitly: an ALLOWED_ORIGINS in the environment of whoever runs the tests must not leak in.
    servers.set(m.name, await startServerUnderTest(m, db, { env: { ALLOWED_ORIGINS: '' } }));
    withAllowList.set(m.name, await startServerUnderTest(m, db, { env: { ALLOWED_ORIGINS: LISTED_ORIGINS } }));
  }
});

afterAll(async () => {
  await stopServers([...servers.values(), ...withAllowList.values()]);
  await db?.stop();
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/**
 * One request with node:http, which (unlike fetch) sends any method, TRACE included, and the path
 * byte for byte, without normalising its percent-encoding.
 */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Sent> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, timeout: WAIT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = isJson(String(res.headers['content-type'] ?? '')) ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${WAIT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The servers' error shape and nothing more: the three fields of their Error schema (additionalProperties: false). */
const hasErrorShape = (json: unknown, status: number) =>
  isStructuredError(json, status) &&
  Object.keys(json as object)
    .sort()
    .join(',') === 'error,message,statusCode';

const describeSent = (method: string, path: string, s: Sent) =>
  `${method} ${path} -> ${s.status} allow=${String(s.headers.allow)} ${s.text.slice(0, 160)}`;

/** The methods of an Allow header, as a sorted list. */
const allowed = (s: Sent) =>
  String(s.headers.allow ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)
    .sort();

type Upgrade =
  | { kind: 'open'; echoed: string }
  | { kind: 'refused'; status: number; body: string }
  | { kind: 'failed'; error: string };

/**
 * Opens /ws with this Origin (none when undefined, as verdict's websocket driver does), and when
 * it opens, sends a message and waits for the room to relay it back: in the room, not only open.
 */
function upgrade(base: string, origin?: string): Promise<Upgrade> {
  const url = `${base.replace(/^http/, 'ws')}/ws`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    const done = (result: Upgrade) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => done({ kind: 'failed', error: `no answer within ${WAIT_MS} ms` }), WAIT_MS);
    const text = `hello from ${origin ?? 'no origin'}`;
    socket.once('open', () => socket.send(text));
    socket.on('message', (data) => {
      if (String(data) === text) done({ kind: 'open', echoed: String(data) });
    });
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', () => done({ kind: 'refused', status: res.statusCode ?? 0, body: '' }));
    });
    socket.once('error', (error) => done({ kind: 'failed', error: error.message }));
  });
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
        responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

async function openApi(base: string): Promise<OpenApiDocument> {
  const answer = await send(base, 'GET', '/openapi.json');
  expect(answer.status).toBe(200);
  return answer.json as OpenApiDocument;
}

/** The schema an OpenAPI response points to, with a local $ref resolved. */
function responseSchema(
  doc: OpenApiDocument,
  path: string,
  status: string,
): { properties?: Record<string, unknown>; required?: string[] } | undefined {
  const content = doc.paths[path]?.get?.responses?.[status]?.content?.['application/json'];
  const schema = content?.schema as { $ref?: string } | undefined;
  if (!schema?.$ref) return schema as { properties?: Record<string, unknown> } | undefined;
  return doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
}

const UNDECLARED = ['TRACE', 'QUERY', 'PATCH', 'DELETE', 'PUT', 'POST', 'OPTIONS', 'PROPFIND'];
const INVALID_IDS = [
  '0x10',
  '%201',
  '1_0',
  '1.0',
  '0',
  '-1',
  '+1',
  '01',
  '1%0A',
  'abc',
  '12345678901',
  String(MAX_ID + 1),
];

describe.each(tuned.map((m) => [m.name] as const))('%s', (name) => {
  const base = () => servers.get(name)!.url;

  it(
    'answers a method a route does not declare with a JSON 405 and ' + 'Allow: GET, HEAD (/api/users, /api/users/{id})',
    async () => {
      const failures: string[] = [];
      for (const path of ['/api/users', '/api/users/1']) {
        for (const method of UNDECLARED) {
          const answer = await send(base(), method, path);
          console.log(`[hardening] ${name} ${describeSent(method, path, answer)}`);
          const ok =
            answer.status === 405 && allowed(answer).join(',') === 'GET,HEAD' && hasErrorShape(answer.json, 405);
          if (!ok) failures.push(describeSent(method, path, answer));
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it('does the same on every other route it publishes, its docs and its health check', async () => {
    const doc = await openApi(base());
    const paths = new Set([
      ...Object.keys(doc.paths).map((p) => p.replace('{id}', '1')),
      '/openapi.json',
      '/docs',
      '/health',
    ]);
    expect(paths.size).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const path of paths) {
      for (const method of ['TRACE', 'PATCH']) {
        const answer = await send(base(), method, path);
        const ok = answer.status === 405 && allowed(answer).join(',') === 'GET,HEAD' && hasErrorShape(answer.json, 405);
        if (!ok) failures.push(describeSent(method, path, answer));
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves HEAD wherever it serves GET: the same status and content type, no body', async () => {
    const failures: string[] = [];
    for (const path of [
      '/api/users',
      '/api/users/1',
      '/api/users/999',
      '/health',
      '/openapi.json',
      '/docs',
      '/api/fanout',
    ]) {
      const get = await send(base(), 'GET', path);
      const head = await send(base(), 'HEAD', path);
      const ok =
        head.status === get.status && head.headers['content-type'] === get.headers['content-type'] && head.text === '';
      if (!ok)
        failures.push(
          `${describeSent('HEAD', path, head)} (GET: ${get.status} ${String(get.headers['content-type'])})`,
        );
    }
    expect(failures).toEqual([]);
  });

  it("HEAD /api/events: the stream's headers, and the response ends (a subscribed HEAD would never end)", async () => {
    const head = await send(base(), 'HEAD', '/api/events');
    expect(head.status).toBe(200);
    expect(String(head.headers['content-type'])).toMatch(/^text\/event-stream/);
    expect(head.text).toBe('');
  });

  it('GET /api/users/{id}: a JSON 422 for an id that is not plain digits from 1 to 2147483647', async () => {
    const failures: string[] = [];
    for (const id of INVALID_IDS) {
      const answer = await send(base(), 'GET', `/api/users/${id}`);
      console.log(`[hardening] ${name} ${describeSent('GET', `/api/users/${id.slice(0, 20)}`, answer)}`);
      const ok =
        answer.status === 422 &&
        hasErrorShape(answer.json, 422) &&
        /\bid\b/.test((answer.json as { message: string }).message);
      if (!ok) failures.push(describeSent('GET', `/api/users/${id.slice(0, 20)}`, answer));
    }
    expect(failures).toEqual([]);
  });

  it(
    'GET /api/users/{id}: 200 with the row for an id that ' + 'exists, a JSON 404 for one in range that does not',
    async () => {
      const found = await send(base(), 'GET', `/api/users/${ROWS}`);
      expect(found.status, found.text).toBe(200);
      expect((found.json as { id: number }).id).toBe(ROWS);
      for (const id of [ROWS + 1, MAX_ID]) {
        const missing = await send(base(), 'GET', `/api/users/${id}`);
        expect(missing.status, missing.text).toBe(404);
        expect(hasErrorShape(missing.json, 404), missing.text).toBe(true);
      }
    },
  );

  it('publishes the id rule as a string pattern that accepts exactly 1..2147483647', async () => {
    const doc = await openApi(base());
    const id = doc.paths['/api/users/{id}']?.get?.parameters?.find((p) => p.in === 'path' && p.name === 'id');
    expect(id?.schema?.type).toBe('string');
    const pattern = new RegExp(String(id?.schema?.pattern));
    for (const valid of ['1', '9', '10', '999999999', '1000000000', '2147483647', '2147483639', '2099999999'])
      expect(pattern.test(valid), valid).toBe(true);
    for (const invalid of [
      '0',
      '01',
      '-1',
      '+1',
      ' 1',
      '1 ',
      '1.0',
      '1_0',
      '0x10',
      '2147483648',
      '2147483650',
      '2200000000',
      '9999999999',
      '12345678901',
      '1\n',
    ]) {
      expect(pattern.test(invalid), JSON.stringify(invalid)).toBe(false);
    }
  });

  it(
    'declares in /openapi.json every status these probes get, the ' + "fan-out's 503 with its error body among them",
    async () => {
      const doc = await openApi(base());
      const probes: [string, string][] = [
        ['/api/users', '/api/users?limit=0'],
        ['/api/users/{id}', '/api/users/0x10'],
        ['/api/users/{id}', '/api/users/999'],
        ['/api/fanout', '/api/fanout'],
        ['/api/fanout', '/api/fanout?n=0'],
      ];
      const seen = new Set<string>();
      for (const [path, url] of probes) {
        const answer = await send(base(), 'GET', url);
        seen.add(String(answer.status));
        expect(Object.keys(doc.paths[path]?.get?.responses ?? {}), `GET ${url} answered ${answer.status}`).toContain(
          String(answer.status),
        );
      }
      // No DOWNSTREAM_URL is set for these servers: the fan-out answers 503, documented with its body.
      expect(seen).toContain('503');
      const body = responseSchema(doc, '/api/fanout', '503');
      expect(Object.keys(body?.properties ?? {}).sort()).toEqual(['error', 'message', 'statusCode']);
    },
  );

  it(
    'refuses a WebSocket upgrade from a foreign Origin with a JSON 403; lets in loopback origins and clients ' +
      'without an Origin',
    async () => {
      for (const origin of [
        'http://evil.example',
        'null',
        'http://127.0.0.1.evil.example',
        'https://localhost.evil.example:3000',
      ]) {
        const refused = await upgrade(base(), origin);
        console.log(`[hardening] ${name} /ws Origin ${origin} -> ${JSON.stringify(refused)}`);
        expect(refused.kind, origin).toBe('refused');
        if (refused.kind !== 'refused') continue;
        expect(refused.status).toBe(403);
        expect(hasErrorShape(JSON.parse(refused.body), 403), refused.body).toBe(true);
      }
      for (const origin of [
        'http://127.0.0.1:5173',
        'http://localhost:3000',
        'http://localhost',
        'http://[::1]:8080',
        undefined,
      ]) {
        const opened = await upgrade(base(), origin);
        expect(opened.kind, `${origin ?? 'no Origin'}: ${JSON.stringify(opened)}`).toBe('open');
      }
    },
  );

  it(
    'ALLOWED_ORIGINS replaces the loopback default: exactly ' + 'the listed origins, a port wildcard included',
    async () => {
      const listed = withAllowList.get(name)!.url;
      for (const origin of ['https://app.example', 'http://localhost:3000', 'http://localhost', undefined]) {
        const opened = await upgrade(listed, origin);
        expect(opened.kind, `${origin ?? 'no Origin'}: ${JSON.stringify(opened)}`).toBe('open');
      }
      for (const origin of [
        'http://127.0.0.1:5173',
        'http://app.example',
        'https://app.example:8443',
        'http://evil.example',
      ]) {
        const refused = await upgrade(listed, origin);
        expect(refused.kind === 'refused' && refused.status, `${origin}: ${JSON.stringify(refused)}`).toBe(403);
      }
    },
  );

  it('answers a bad percent-encoding with its JSON error shape', async () => {
    const answer = await send(base(), 'GET', '/api/users/%E0%A4%A');
    console.log(`[hardening] ${name} ${describeSent('GET', '/api/users/%E0%A4%A', answer)}`);
    expect(isJson(String(answer.headers['content-type'] ?? ''))).toBe(true);
    // Fastify refuses the URL before routing it (400); uvicorn decodes the broken sequence to
    // U+FFFD, which then fails the id rule (422). Both are the client's fault, in the same shape.
    const status = name === 'node-fastify' ? 400 : 422;
    expect(answer.status, answer.text).toBe(status);
    expect(hasErrorShape(answer.json, status), answer.text).toBe(true);
  });

  it(
    "answers an id longer than any route parameter may be (Fastify's maxParamLength, 100) with the id rule's JSON " +
      '422',
    async () => {
      const answer = await send(base(), 'GET', `/api/users/${'9'.repeat(150)}`);
      console.log(`[hardening] ${name} ${describeSent('GET', '/api/users/999…(150 digits)', answer)}`);
      expect(answer.status, answer.text).toBe(422);
      expect(hasErrorShape(answer.json, 422), answer.text).toBe(true);
    },
  );

  it('keeps serving: still running after the checks', () => {
    expect(servers.get(name)!.hasExited()).toBe(false);
    expect(withAllowList.get(name)!.hasExited()).toBe(false);
  });
});

describe('one rule in both servers', () => {
  it('both publish the same pattern for the user id', async () => {
    const patterns = new Set<string>();
    for (const m of tuned) {
      const doc = await openApi(servers.get(m.name)!.url);
      const pattern = doc.paths['/api/users/{id}']?.get?.parameters?.find((p) => p.name === 'id')?.schema?.pattern;
      expect(pattern, `${m.name} publishes no pattern for the id`).toBeTypeOf('string');
      patterns.add(String(pattern));
    }
    expect(tuned.length).toBe(2);
    expect(patterns.size, [...patterns].join(' | ')).toBe(1);
  });
});
