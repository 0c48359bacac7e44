/**
 * The server's loose ends, over real HTTP and raw sockets: Fastify's own URL errors get the app's
 * JSON shape, headers and Host check; every listed results file opens, however long its name;
 * internal errors are logged to stderr and never show an absolute path; stalled connections are
 * closed and the number of connections is capped; a project name cannot inject Markdown.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESULTS_NAME_LENGTH, RESULTS_NAME } from '../../src/web/results-folder.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security.js';
import { sampleResults } from '../support/sample-results.js';
import { postJson, startTestApp, type TestApp } from './support/web-app.js';

/** What the server writes to its stderr, kept for the test to read. */
function stderrSink(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** A request with the Host header of our choosing (fetch will not set Host; node:http will). */
function rawGet(
  app: TestApp,
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const port = Number(new URL(app.url).port);
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** Any method with no body and no Content-Type, which fetch will not send (TRACE) or not bare (QUERY). */
function rawRequest(
  app: TestApp,
  method: string,
  path: string,
  host = new URL(app.url).host,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const port = Number(new URL(app.url).port);
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, method, path, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** A raw connection to the app, destroyed after the test whatever happens. */
async function openSocket(app: TestApp): Promise<Socket> {
  const socket = connect(Number(new URL(app.url).port), '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Resolves with what the server sent once it closes the socket; rejects after `withinMs`. */
function closedByServer(socket: Socket, withinMs: number): Promise<string> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return new Promise((resolve, reject) => {
    if (socket.destroyed || socket.readableEnded) return resolve(received);
    const timer = setTimeout(
      () => reject(new Error(`the server kept the connection open for ${withinMs} ms`)),
      withinMs,
    );
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

/** The server's open connections, as Node counts them. */
function connections(app: TestApp): Promise<number> {
  return new Promise((resolve, reject) =>
    app.web.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

async function until(condition: () => Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('with the default limits', () => {
  let app: TestApp;
  const stderr = stderrSink();
  beforeAll(async () => {
    app = await startTestApp({ web: { stderr: stderr.stream } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers a bad percent-encoding with the app's JSON error and security headers", async () => {
    const answer = await app.call('/api/results/%E0%A4%A.json');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      error: {
        status: 400,
        code: 'invalid_request',
        message: "the URL path '/api/results/%E0%A4%A.json' is not valid percent-encoding",
        fix: 'encode the URL with encodeURIComponent',
      },
    });
    expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it(
    'answers a path part longer than any listed name with the ' + 'same shape, and 400 as for any invalid name',
    async () => {
      const answer = await app.call(`/api/results/${'a'.repeat(300)}.json`);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(answer.json.error.message).toMatch(/^a part of the URL path is longer than \d+ characters$/);
      expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    },
  );

  it('checks the Host header before answering a bad URL', async () => {
    const port = Number(new URL(app.url).port);
    const answer = await rawGet(app, '/api/results/%E0%A4%A.json', `attacker.example:${port}`);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('forbidden');
    expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    ['TRACE', '/api/decide', 'POST'],
    ['TRACE', '/api/runs/options', 'GET, HEAD'],
    ['QUERY', '/api/results/sample.json', 'GET, HEAD'],
    ['QUERY', '/api/runs/bench-1/cancel', 'POST'],
    ['DELETE', '/api/runs/bench-1/events?x=1', 'GET, HEAD'],
    // "upload" would also fit GET /api/results/{name}, but the path is a route of its own.
    ['OPTIONS', '/api/results/upload', 'POST'],
    ['GET', '/api/results/upload', 'POST'],
  ])(
    'answers %s on %s, a path with other methods, with 405, Allow: %s, the JSON error and the security headers',
    async (method, path, allow) => {
      const answer = await rawRequest(app, method, path);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe(allow);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body)).toEqual({
        error: {
          status: 405,
          code: 'method_not_allowed',
          message: `${method} is not allowed on ${path.split('?')[0]}; it answers ${allow}`,
          fix: 'see /api/openapi.json',
        },
      });
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    },
  );

  it(
    'checks the Host header before answering an undeclared ' + 'method, and keeps 404 for a path no method has',
    async () => {
      const port = Number(new URL(app.url).port);
      const foreign = await rawRequest(app, 'TRACE', '/api/decide', `attacker.example:${port}`);
      expect(foreign.status).toBe(403);
      expect(foreign.headers.allow).toBeUndefined();
      expect(JSON.parse(foreign.body).error.code).toBe('forbidden');
      const nowhere = await rawRequest(app, 'TRACE', '/api/nowhere');
      expect(nowhere.status).toBe(404);
      expect(JSON.parse(nowhere.body).error.code).toBe('not_found');
    },
  );

  it('lets the router take the longest name the listing can offer', () => {
    expect(RESULTS_NAME.test(`${'r'.repeat(MAX_RESULTS_NAME_LENGTH - 5)}.json`)).toBe(true);
    expect(RESULTS_NAME.test(`${'r'.repeat(MAX_RESULTS_NAME_LENGTH - 4)}.json`)).toBe(false);
  });

  it('lists and opens a results file whose name is 150 characters long', async () => {
    const name = `${'r'.repeat(145)}.json`;
    expect(name).toHaveLength(150);
    mkdirSync(app.folder, { recursive: true });
    writeFileSync(`${app.folder}/${name}`, JSON.stringify(sampleResults()));
    const list = await app.call('/api/results');
    expect(list.json.files.map((f: { name: string }) => f.name)).toContain(name);
    const opened = await app.call(`/api/results/${encodeURIComponent(name)}`);
    expect(opened.status, opened.text.slice(0, 300)).toBe(200);
    expect(opened.json.source).toEqual({ kind: 'folder', name });
    rmSync(`${app.folder}/${name}`);
  });

  it("a missing file's 404 names the file, not the folder's absolute path", async () => {
    const answer = await app.call('/api/results/missing.json');
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain(app.folder);
    expect(answer.json.error.message).toBe("no results file 'missing.json' in the results folder");
  });

  it('logs an internal error to stderr with its stack, and answers without the absolute path', async () => {
    // The results folder replaced by a file: listing it fails inside the server (ENOTDIR).
    rmSync(app.folder, { recursive: true, force: true });
    writeFileSync(app.folder, 'not a folder');
    try {
      const answer = await app.call('/api/results');
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({
        error: {
          status: 500,
          code: 'internal',
          message: 'internal error: the server could not answer GET /api/results',
          fix: 'see the terminal running verdict serve for the cause; please report this bug',
        },
      });
      expect(answer.text).not.toContain(app.folder);
      const logged = stderr.text().split('\n');
      expect(logged[0]).toMatch(/^verdict serve: internal error on GET \/api\/results: ENOTDIR: not a directory/);
      expect(logged.slice(1).some((line) => /^\s+at /.test(line))).toBe(true);
    } finally {
      rmSync(app.folder, { force: true });
    }
  });

  it('names no absolute path in the ADR when the results folder is empty', async () => {
    const adr = await app.call('/api/decide/adr', postJson({ profile: {} }));
    expect(adr.status).toBe(200);
    expect(adr.text).not.toContain(app.folder);
    expect(adr.text).toContain('None were cited: the results folder (results) holds no results file yet.');
  });

  it('refuses a project name with a line break (API), and escapes Markdown in the one it accepts', async () => {
    const injected = await app.call(
      '/api/decide/adr',
      postJson({ profile: { name: 'Payments\n# Injected' }, results: 'none' }),
    );
    expect(injected.status).toBe(400);
    expect(injected.json.error).toMatchObject({ code: 'invalid_profile', field: 'profile.name' });
    expect(injected.json.error.message).toBe(
      'profile field name must be text of 1 to 120 characters without control characters (line breaks, tabs), ' +
        'got "Payments\\n# Injected"',
    );
    const adr = await app.call(
      '/api/decide/adr',
      postJson({ profile: { name: '  Pay  # *ments* `x` <b>&amp; ' }, results: 'none' }),
    );
    expect(adr.status).toBe(200);
    const title = adr.text.split('\n').find((line) => line.startsWith('# '));
    expect(title).toMatch(/^# Use [A-Za-z.]+ for Pay \\# \\\*ments\\\* \\`x\\` \\<b>\\&amp;$/);
    expect(adr.text.split('\n').filter((line) => /^#\s/.test(line))).toHaveLength(1);
  });
});

describe('with short connection limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      web: {
        limits: {
          headersTimeoutMs: 1_000,
          requestTimeoutMs: 1_500,
          keepAliveTimeoutMs: 1_000,
          checkEveryMs: 200,
          maxConnections: 4,
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it(
    'closes a stalled upload after the request timeout, and a ' + 'silent connection after the headers timeout',
    async () => {
      const upload = await openSocket(app);
      upload.write(
        `POST /api/results/upload HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nContent-Type: ` +
          `application/json\r\nContent-Length: 100000\r\n\r\n{"id":`,
      );
      const silent = await openSocket(app);
      const [uploadAnswer, silentAnswer] = await Promise.all([
        closedByServer(upload, 15_000),
        closedByServer(silent, 15_000),
      ]);
      expect(uploadAnswer).toMatch(/^HTTP\/1\.1 408 /);
      expect(silentAnswer === '' || silentAnswer.startsWith('HTTP/1.1 408 '), silentAnswer).toBe(true);
      expect((await app.call('/api/runs/current')).status).toBe(200);
    },
  );

  it("keeps a run's event stream open past the request timeout: only the request is timed", async () => {
    const slow = await startTestApp({
      fakeMode: 'slow',
      cancelGraceMs: 2_000,
      web: { limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, checkEveryMs: 200 } },
    });
    try {
      const start = await slow.call('/api/runs', postJson({ servers: ['node-fastify'] }));
      expect(start.status, start.text).toBe(202);
      const stream = await openSocket(slow);
      stream.write(
        `GET /api/runs/${start.json.id}/events HTTP/1.1\r\nHost: ${new URL(slow.url).host}\r\nAccept: ` +
          `text/event-stream\r\n\r\n`,
      );
      let received = '';
      stream.on('data', (chunk: Buffer) => (received += chunk.toString()));
      // Three request timeouts' worth of waiting, checked many times over by the server.
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      expect(stream.destroyed).toBe(false);
      expect(received).toMatch(/^HTTP\/1\.1 200 /);
      expect(received).toContain('event: state');
      await slow.call(`/api/runs/${start.json.id}/cancel`, { method: 'POST' });
    } finally {
      await slow.close();
    }
  });

  it('accepts no more connections than the cap, and serves again once they close', async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => openSocket(app)));
    const extra = await openSocket(app);
    expect(await closedByServer(extra, 10_000)).toBe('');
    for (const socket of held) expect(socket.destroyed).toBe(false);
    for (const socket of held) socket.destroy();
    await until(async () => (await connections(app)) === 0, 10_000);
    const answer = await app.call('/api/runs/current');
    expect(answer.status).toBe(200);
  });
});
