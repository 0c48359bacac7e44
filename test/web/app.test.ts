/**
 * The web server's envelope over real HTTP: the OpenAPI document matches the routes, every
 * response forbids other origins, the pages load only their own assets, requests from elsewhere
 * (another Host, another Origin) are refused, and malformed requests get structured errors.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AI_PLANS, SKILLS, TOUCHES } from '../../src/decide/profile.js';
import { MAX_CELLS, MAX_SERVERS } from '../../src/results/limits.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security.js';
import { postJson, startTestApp, type TestApp } from './support/web-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the OpenAPI document', () => {
  it('describes every API route, generated from the schemas that validate them', async () => {
    const answer = await app.call('/api/openapi.json');
    expect(answer.status).toBe(200);
    const doc = answer.json;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('verdict serve');
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /api/decide',
        'POST /api/decide/adr',
        'GET /api/results',
        'GET /api/results/{name}',
        'POST /api/results/upload',
        'GET /api/runs/options',
        'POST /api/runs',
        'GET /api/runs/current',
        'GET /api/runs/{id}',
        'POST /api/runs/{id}/cancel',
        'GET /api/runs/{id}/events',
      ].sort(),
    );
    const profile = doc.paths['/api/decide'].post.requestBody.content['application/json'].schema.properties.profile;
    expect(profile.properties.touches.items.enum).toEqual([...TOUCHES]);
    expect(profile.properties.skills.properties.python.enum).toEqual([...SKILLS]);
    expect(profile.properties.aiPlanned.enum).toEqual([...AI_PLANS]);
    expect(profile.additionalProperties).toBe(false);
    const run = doc.paths['/api/runs'].post;
    expect(run.requestBody.content['application/json'].schema.properties.servers.items.enum).toEqual(
      (await loadManifests()).map((m) => m.name),
    );
    expect(run.responses['409'].content['application/json'].schema.properties.error.properties.code.enum).toContain(
      'run_in_progress',
    );
    expect(doc.paths['/api/results/upload'].post.requestBody.content).toHaveProperty('application/octet-stream');
  });

  it(
    "states what a client can check: errors as JSON on every route, each event of a stream, the upload's shape " +
      'and caps',
    async () => {
      const doc = (await app.call('/api/openapi.json')).json;
      // Errors are JSON even where the success is Markdown or an event stream.
      expect(Object.keys(doc.paths['/api/decide/adr'].post.responses['400'].content)).toEqual(['application/json']);
      expect(Object.keys(doc.paths['/api/runs/{id}/events'].get.responses['404'].content)).toEqual([
        'application/json',
      ]);
      // The stream's schema is one event as a client parses it: {id, event, data}.
      const event = doc.paths['/api/runs/{id}/events'].get.responses['200'].content['text/event-stream'].schema;
      expect(
        event.oneOf.flatMap((e: { properties: { event: { enum: string[] } } }) => e.properties.event.enum).sort(),
      ).toEqual(['end', 'log', 'progress', 'state']);
      expect(event.oneOf[0].required).toEqual(['id', 'event', 'data']);
      // The upload is a results file, with the caps every reader applies.
      const upload = doc.paths['/api/results/upload'].post.requestBody.content['application/json'].schema;
      expect(upload.properties.schema.enum).toEqual(['verdict-results']);
      expect(upload.properties.servers.maxItems).toBe(MAX_SERVERS);
      expect(upload.properties.cells.maxItems).toBe(MAX_CELLS);
      // Patterns other JSON Schema readers can run: no Unicode property escapes.
      expect(JSON.stringify(doc)).not.toMatch(/\\\\[pP]\{/);
    },
  );

  it.each([
    ['a team of nobody', { team: {} }],
    ['a team of one', { team: { principal: 1 } }],
    ['AI now but not planned', { touches: ['ai'], aiPlanned: 'no' }],
    ['AI now and planned', { touches: ['ai'], aiPlanned: 'yes' }],
    ['AI now, plan left out', { touches: ['ai', 'rest-api'] }],
    ['AI later', { touches: ['rest-api'], aiPlanned: 'later' }],
    ['a name of control characters', { name: 'a\u0085b' }],
    ['a name with accents and emoji', { name: 'Café 🚀 ünïcode' }],
    ['a name of spaces only', { name: ' \u3000\u00a0 ' }],
  ])('the document accepts a profile with %s exactly when the server does', async (_what, profile) => {
    const doc = (await app.call('/api/openapi.json')).json;
    const validate = new Ajv2020({ strict: false }).compile(
      doc.paths['/api/decide'].post.requestBody.content['application/json'].schema,
    );
    const body = { profile, results: 'none' };
    const answer = await app.call('/api/decide', postJson(body));
    expect([200, 400]).toContain(answer.status);
    expect(validate(body), JSON.stringify(answer.json?.error ?? validate.errors)).toBe(answer.status === 200);
  });
});

describe('pages and assets', () => {
  it.each(['/decide', '/results', '/run'])(
    '%s loads only its own stylesheets and script module, under a CSP that forbids other origins',
    async (path) => {
      const answer = await app.call(path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
      const references = [...answer.text.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
      expect(references.length).toBeGreaterThan(4);
      for (const reference of references) expect(reference, path).toMatch(/^(\/[a-z]|#)/);
      expect(answer.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(answer.text).not.toMatch(/\sstyle="/);
    },
  );

  it('serves the compiled page scripts, the report stylesheet and the app stylesheet', async () => {
    expect(app.web.scripts.size, "dist/web/client is missing: run 'npm run build'").toBeGreaterThanOrEqual(5);
    for (const name of ['decide-page.js', 'results-page.js', 'run-page.js', 'api.js', 'dom.js']) {
      const answer = await app.call(`/assets/js/${name}`);
      expect(answer.status, name).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    expect((await app.call('/assets/report.css')).text).toContain('.badge.supported');
    expect((await app.call('/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await app.call('/assets/js/..%2F..%2Fbin.js')).status).toBe(404);
    expect((await app.call('/assets/js/decide-page.js.map')).status).toBe(404);
  });

  it('redirects / to the decide page and answers unknown paths with 404', async () => {
    const root = await fetch(`${app.origin}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/decide');
    const page = await app.call('/nowhere');
    expect(page.status).toBe(404);
    expect(page.text).toContain('<h1>Not found</h1>');
    const api = await app.call('/api/nowhere');
    expect(api.json).toEqual({
      error: { status: 404, code: 'not_found', message: 'no API route GET /api/nowhere', fix: 'see /api/openapi.json' },
    });
  });
});

describe('requests from elsewhere', () => {
  it('refuses a Host that is not this server (DNS rebinding)', async () => {
    // fetch will not set Host; node:http will.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const port = Number(new URL(app.url).port);
      request(
        { host: '127.0.0.1', port, path: '/api/results', headers: { host: `attacker.example:${port}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('refuses state changes from another origin or site', async () => {
    const origin = await app.call(
      '/api/runs',
      postJson({ servers: ['node-fastify'] }, { origin: 'http://attacker.example' }),
    );
    expect(origin.status).toBe(403);
    expect(origin.json.error.code).toBe('forbidden');
    const site = await app.call('/api/decide', postJson({ profile: {} }, { 'sec-fetch-site': 'cross-site' }));
    expect(site.status).toBe(403);
    const own = await app.call(
      '/api/decide',
      postJson({ profile: {}, results: 'none' }, { origin: app.origin, 'sec-fetch-site': 'same-origin' }),
    );
    expect(own.status).toBe(200);
    expect((await app.call('/api/runs/current')).json).toEqual({ run: null });
  });
});

describe('malformed requests', () => {
  it('get structured errors: not JSON, the wrong type, too large', async () => {
    const notJson = await app.call('/api/decide', postJson('{"profile": '));
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('not_json');
    const plain = await app.call('/api/decide', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(plain.status).toBe(415);
    expect(plain.json.error).toMatchObject({
      code: 'unsupported_media_type',
      message: "content type 'text/plain' is not accepted here",
    });
    const large = await app.call('/api/decide', postJson({ profile: { name: 'x'.repeat(70_000) } }));
    expect(large.status).toBe(413);
    expect(large.json.error.message).toBe('the request body is larger than the 64 KB limit');
    expect((await app.call('/api/results')).status).toBe(200);
  });
});
