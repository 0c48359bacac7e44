/**
 * `verdict bench --target NAME=URL`: servers verdict did not start, measured through the built
 * executable. Two real servers run on 127.0.0.1 against a real PostgreSQL (started here, as a
 * user's deployment would be), verdict is pointed at them, and `verdict report` reads the file
 * as any other. Targets that answer something else than the contract are refused before anything
 * is measured; bad flags are usage errors.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/database/client.js';
import type { Database } from '../../src/database/index.js';
import { castOf } from '../../src/claims/cast.js';
import type { Results } from '../../src/results/schema.js';
import { readResults } from '../../src/results/store.js';
import { loadManifests } from '../../src/servers/manifest.js';
import type { RunningServer } from '../../src/servers/process.js';
import { projectRoot } from '../../src/util/paths.js';
import { asCompleted } from '../support/cell-kinds.js';
import { guideQueryRows, startTestDatabase } from '../support/database.js';
import { startServersUnderTest, stopServers } from '../support/servers.js';

const bin = join(projectRoot, 'dist', 'bin.js');
const verdictSync = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

/**
 * `verdict <args>` as a child process, bounded: asked to stop (as Ctrl-C does) and then killed if it outlives the
 * limit.
 */
async function verdict(
  args: string[],
  limitMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGINT'), limitMs);
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs + 20_000);
  try {
    return { status: await exited, stdout, stderr };
  } finally {
    clearTimeout(timer);
    clearTimeout(killer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** A tiny HTTP server that breaks the contract in one way; the users it sends are the guide's rows. */
async function tinyServer(
  kind: 'text-plain' | 'wrong-shape' | 'users-only',
  users: unknown[],
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url !== '/api/users') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"statusCode":404,"error":"Not Found","message":"no such route"}');
      return;
    }
    if (kind === 'text-plain') response.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify({ users }));
    else if (kind === 'wrong-shape')
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: users }));
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ users }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let db: Database | undefined;
let running = new Map<string, RunningServer>();
const tiny: Record<string, { server: Server; url: string }> = {};
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'verdict-test-targets-'));
  await chmod(folder, 0o755);
  db = await startTestDatabase({ rows: 1_000 });
  const manifests = (await loadManifests()).filter(
    (m) => m.name === 'node-fastify' || m.name === 'python-fastapi-tuned',
  );
  running = await startServersUnderTest(manifests, db);
  const users = await guideQueryRows(db.url);
  for (const kind of ['text-plain', 'wrong-shape', 'users-only'] as const) tiny[kind] = await tinyServer(kind, users);
}, 120_000);

afterAll(async () => {
  await stopServers(running);
  await Promise.all(Object.values(tiny).map(({ server }) => new Promise((resolve) => server.close(resolve))));
  await db?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('verdict bench --target against two servers it did not start', () => {
  let out: string;
  let bench: { status: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    out = join(folder, 'targets.json');
    const node = running.get('node-fastify')!.url;
    const python = running.get('python-fastapi-tuned')!.url;
    // 100 and 1,000 connections: the high end is where the guide compares Node with Python on users.
    // 2 s trials: on a machine shared with other tests, a 1 s trial has been seen to get no answer.
    bench = await verdict(
      [
        'bench',
        '--target',
        `nodeapp=${node}`,
        '--runtime',
        'nodeapp=node',
        '--target',
        `pyapp=${python}`,
        '--runtime',
        'pyapp=python',
        '--label',
        'pyapp=FastAPI on loopback',
        '--quick',
        '--workloads',
        'users',
        '--levels',
        '100,1000',
        '--duration',
        '2s',
        '--rows',
        '1000',
        '--out',
        out,
      ],
      240_000,
    );
  }, 300_000);

  it('measures both targets and records them as the source, without starting a server or PostgreSQL', async () => {
    expect(bench.status, bench.stderr).toBe(0);
    expect(bench.stderr).not.toMatch(/starting PostgreSQL|started \(pid/);
    const results = await readResults(out);
    expect(results.source).toEqual({
      kind: 'targets',
      engine: { name: 'verdict', version: expect.any(String) },
      runners: 1,
      targets: [
        { name: 'nodeapp', url: running.get('node-fastify')!.url, runtime: 'node', label: '' },
        {
          name: 'pyapp',
          url: running.get('python-fastapi-tuned')!.url,
          runtime: 'python',
          label: 'FastAPI on loopback',
        },
      ],
      notAvailable: expect.arrayContaining([
        expect.stringMatching(/^Server CPU and memory/),
        expect.stringMatching(/^Queries per request: no --database-url/),
      ]),
    });
    expect(results.servers.map((s) => [s.name, s.runtime, s.variant])).toEqual([
      ['nodeapp', 'node', 'tuned'],
      ['pyapp', 'python', 'tuned'],
    ]);
    expect(results.ceilings).toEqual([]);
    expect(results.environment.database).toMatchObject({ maxConnections: null, queryCounting: false });
    const completed = results.cells.filter((c) => c.outcome === 'completed');
    for (const name of ['nodeapp', 'pyapp']) {
      for (const level of [100, 1000])
        expect(
          completed.some((c) => c.server === name && c.connections === level && (c.requestsPerSecond ?? 0) > 0),
          `${name} at ${level}: ` +
            `${JSON.stringify(results.cells.filter((c) => c.server === name && c.connections === level))}`,
        ).toBe(true);
    }
    for (const cell of completed) {
      expect(cell.serverCpuPercent).toBeNull();
      expect(cell.serverRssMb).toBeNull();
      expect(cell.queriesPerRequest).toBeNull();
    }
  });

  it('gives a file that verdict report turns into a claims table naming both targets', async () => {
    const terminal = await verdict(['report', out], 60_000);
    expect(terminal.status, terminal.stderr).toBe(0);
    const claimsTable = terminal.stdout.slice(terminal.stdout.indexOf("The guide's claims"));
    const highEnd = claimsTable.split('\n').find((line) => line.includes('high-end-node-wins'));
    expect(highEnd, claimsTable).toMatch(/nodeapp/);
    expect(highEnd).toMatch(/pyapp/);
    // CPU and memory are marked not available, with the reason, and their columns stay empty.
    expect(terminal.stdout).toMatch(/not available: Server CPU and memory/);
    expect(terminal.stdout).toMatch(
      new RegExp(
        String.raw`targets \(not started by verdict\): nodeapp \(node\) at http:\/\/127\.0\.0\.1:\d+; pyapp ` +
          String.raw`\(python\) at http:\/\/127\.0\.0\.1:\d+: FastAPI on loopback`,
      ),
    );

    const json = await verdict(['report', out, '--format', 'json'], 60_000);
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      claims: {
        id: string;
        judged: string[];
        checks: { role: string; servers: string[]; value: number | null; connections: number | null }[];
      }[];
    };
    const claim = report.claims.find((c) => c.id === 'high-end-node-wins')!;
    expect(claim.judged).toEqual(['nodeapp', 'pyapp']);
    const judged = claim.checks.filter((c) => c.role === 'judged');
    expect(judged.length).toBeGreaterThan(0);
    // Evaluated: the ratio of the two targets at 1,000 connections, not "not measured".
    expect(
      judged.every(
        (c) => c.value !== null && c.value > 0 && c.connections === 1000 && c.servers.join() === 'nodeapp,pyapp',
      ),
      JSON.stringify(judged),
    ).toBe(true);
  });
});

describe("verdict bench --target with --database-url at the target's database", () => {
  it('counts queries per request as for its own servers, and never seeds that database', async () => {
    const out = join(folder, 'counted.json');
    // A row of the target's own: seeding would drop it.
    await withClient(db!.url, (client) =>
      client.query("INSERT INTO users (id, name, email) VALUES (1000001, 'target-own', 'own@example.com')"),
    );
    // Not --quick: the first round of a default run is the one that counts.
    const result = await verdict(
      [
        'bench',
        '--target',
        `api=${running.get('node-fastify')!.url}`,
        '--runtime',
        'api=node',
        '--database-url',
        db!.url,
        '--workloads',
        'users',
        '--levels',
        '10',
        '--rounds',
        '1',
        '--duration',
        '1s',
        '--warmup',
        '0s',
        '--budget',
        '0s',
        '--rows',
        '1000',
        '--out',
        out,
      ],
      120_000,
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/seeded|seeding/);
    const results = await readResults(out);
    expect(results.environment.database.queryCounting).toBe(true);
    expect(results.source?.notAvailable.some((s) => s.startsWith('Queries per request'))).toBe(false);
    const cell = asCompleted(results.cells.find((c) => c.server === 'api' && c.outcome === 'completed' && !c.aa));
    expect(cell.queriesPerRequest).toBeCloseTo(1, 1);
    expect(cell.serverCpuPercent).toBeNull();
    const own = await withClient(db!.url, (client) => client.query('SELECT name FROM users WHERE id = 1000001'));
    expect(own.rows).toEqual([{ name: 'target-own' }]);
  });
});

describe('a target that does not meet the contract', () => {
  it.each([
    [
      'text-plain',
      new RegExp(
        String.raw`target bad \(http:\/\/127\.0\.0\.1:\d+\) fails the users contract: GET \/api\/users answered ` +
          String.raw`with content type 'text\/plain', not application\/json`,
      ),
    ],
    [
      'wrong-shape',
      new RegExp(
        String.raw`target bad \(http:\/\/127\.0\.0\.1:\d+\) fails the users contract: bad answered GET ` +
          String.raw`\/api\/users with 200 and no users, not 200 with 50`,
      ),
    ],
  ] as const)('is refused when it answers %s: one line, exit 2, nothing measured', async (kind, reason) => {
    const out = join(folder, `refused-${kind}.json`);
    const result = await verdict(
      [
        'bench',
        '--target',
        `bad=${tiny[kind]!.url}`,
        '--runtime',
        'bad=node',
        '--quick',
        '--workloads',
        'users',
        '--out',
        out,
      ],
      60_000,
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/nothing was measured/);
    expect(existsSync(out)).toBe(false);
  });

  it('names the workload it fails and the --workloads that skips it', async () => {
    const out = join(folder, 'refused-user-by-id.json');
    const result = await verdict(
      [
        'bench',
        '--target',
        `lite=${tiny['users-only']!.url}`,
        '--runtime',
        'lite=python',
        '--quick',
        '--workloads',
        'users,user-by-id',
        '--rows',
        '1000',
        '--out',
        out,
      ],
      60_000,
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      new RegExp(
        String.raw`target lite \(http:\/\/127\.0\.0\.1:\d+\) fails the user-by-id contract: lite answered GET ` +
          String.raw`\/api\/users\/1000 with 404`,
      ),
    );
    expect(result.stderr).not.toMatch(/fails the users contract/);
    expect(result.stderr).toMatch(/leave out user-by-id with --workloads users$/m);
    expect(existsSync(out)).toBe(false);
  });
});

describe('--target usage errors', () => {
  it.each([
    [['--target', 'nourl'], /--target must be NAME=VALUE/],
    [
      ['--target', 'api=ftp://127.0.0.1:21', '--runtime', 'api=node'],
      /--target api=ftp:\/\/127\.0\.0\.1:21: the URL must start with http:\/\/ or https:\/\//,
    ],
    [['--target', 'api=http://127.0.0.1:9/api/users', '--runtime', 'api=node'], /give the base URL only/],
    [
      ['--target', 'api=http://127.0.0.1:9'],
      /--target api needs its runtime.*add --runtime api=node or --runtime api=python/,
    ],
    [
      ['--target', 'api=http://127.0.0.1:9', '--runtime', 'api=ruby'],
      /--runtime api= must be node or python, got 'ruby'/,
    ],
    [['--target', 'api=http://127.0.0.1:9', '--runtime', 'web=node'], /--runtime web=\.\.\.: there is no --target web/],
    [
      ['--target', 'api=http://127.0.0.1:9', '--runtime', 'api=node', '--servers', 'node-fastify'],
      /--servers applies to the servers verdict starts, not to --target/,
    ],
    [
      ['--target', 'api=http://127.0.0.1:9', '--runtime', 'api=node', '--variant', 'api=fast'],
      /--variant api= must be one of seed, pool, tuned, reference, got 'fast'/,
    ],
    [
      ['--target', 'api=http://127.0.0.1:9', '--runtime', 'api=node', '--target', 'api=http://127.0.0.1:10'],
      /--target names 'api' twice/,
    ],
  ])('refuses %j with one line and exit code 2, before contacting anything', (args, message) => {
    const result = verdictSync('bench', ...args, '--out', join(folder, 'never.json'));
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(folder, 'never.json'))).toBe(false);
  });
});

describe('the claims read a targets file through the parts its servers play', () => {
  const file = (servers: [string, 'node' | 'python', 'seed' | 'pool' | 'tuned'][], source = true) =>
    ({
      servers: servers.map(([name, runtime, variant]) => ({ name, runtime, variant })),
      ...(source
        ? {
            source: {
              kind: 'targets',
              engine: { name: 'verdict', version: 'test' },
              runners: 1,
              targets: [],
              notAvailable: [],
            },
          }
        : {}),
    }) as unknown as Results;

  it("casts the one server of a role's runtime and variant (--variant seed plays the guide's code)", () => {
    const cast = castOf(
      file([
        ['old', 'node', 'seed'],
        ['new', 'node', 'tuned'],
        ['py', 'python', 'tuned'],
      ]),
    );
    expect(Object.fromEntries(cast)).toEqual({
      'node-express-seed': 'old',
      'node-fastify': 'new',
      'python-fastapi-tuned': 'py',
    });
  });

  it('leaves a role two servers could play, and every role of an ordinary run, unfilled', () => {
    expect(
      castOf(
        file([
          ['a', 'node', 'tuned'],
          ['b', 'node', 'tuned'],
        ]),
      ).has('node-fastify'),
    ).toBe(false);
    expect(castOf(file([['new', 'node', 'tuned']], false)).size).toBe(0);
  });
});
