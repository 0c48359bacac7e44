/**
 * Fault paths with real processes: a server that cannot start, one that dies mid-run, a database
 * that goes away, Ctrl-C in the middle of a run, and no room for the results.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutputWritable } from '../../src/bench/out-file.js';
import { parseBenchOptions } from '../../src/commands/bench-options.js';
import { runBench } from '../../src/bench/run.js';
import { UsageError, VerdictError } from '../../src/core/errors.js';
import { startDatabase, type Database } from '../../src/database/index.js';
import { readResults } from '../../src/results/store.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { projectRoot } from '../../src/util/paths.js';
import { asCompleted, asErrored } from '../support/cell-kinds.js';
import { processesWithMarker } from '../support/processes.js';

const fakeServer = join(projectRoot, 'test', 'fixtures', 'fake-server', 'server.mjs');
let folder: string;

async function fakeServers(specs: { name: string; env: string[] }[]): Promise<string> {
  const dir = join(folder, `servers-${specs.map((s) => s.name).join('-')}`);
  for (const spec of specs) {
    await mkdir(join(dir, spec.name), { recursive: true });
    await writeFile(
      join(dir, spec.name, 'manifest.json'),
      JSON.stringify({
        name: spec.name,
        runtime: 'node',
        variant: 'tuned',
        description: `fake server ${spec.name}`,
        start: { command: 'env', args: [...spec.env, '{node}', fakeServer] },
        healthPath: '/health',
        responseShape: 'users-object',
        pool: null,
        libraries: [],
      }),
    );
  }
  return dir;
}

const quiet = { log: () => {}, progress: () => {}, toolVersion: 'test' };

const quickOptions = (
  manifests: Awaited<ReturnType<typeof loadManifests>>,
  out: string,
  extra: Record<string, string | boolean> = {},
) =>
  parseBenchOptions(
    {
      flags: {
        levels: '4',
        rounds: '2',
        budget: '0s',
        duration: '1s',
        warmup: '0s',
        workloads: 'users',
        out,
        ...extra,
      },
      positionals: [],
    },
    manifests,
    folder,
  );

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'verdict-faults-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('bench faults', () => {
  it('records a server that cannot start and one that dies mid-run as errored, and measures the rest', async () => {
    const dir = await fakeServers([
      { name: 'fake-no-start', env: ['FAKE_EXIT_AT_START=1'] },
      { name: 'fake-dies', env: ['FAKE_DIE_AFTER=300'] },
      { name: 'fake-ok', env: [] },
    ]);
    const out = join(folder, 'faulty.json');
    const outcome = await runBench(quickOptions(await loadManifests(dir), out), quiet);
    expect(outcome.failed).toBe(true);
    expect(outcome.interrupted).toBe(false);

    const saved = await readResults(out);
    expect(saved.status).toBe('completed');
    const cells = (server: string) => saved.cells.filter((c) => c.server === server);
    expect(cells('fake-no-start').map((c) => c.outcome)).toEqual(['errored', 'errored']);
    expect(asErrored(cells('fake-no-start')[0]).reason).toMatch(
      /server did not start: server fake-no-start exited with code 3 before it was healthy/,
    );
    expect(asErrored(cells('fake-no-start')[0]).logTail.join('\n')).toContain('cannot start (missing configuration)');

    const [first, second] = cells('fake-dies').map(asErrored);
    expect(first!.reason).toBe('server exited during the cell (code 1)');
    expect(first!.logTail.join('\n')).toContain('crashing after 300 requests');
    expect(second!.reason).toBe('server exited earlier (code 1)');

    expect(cells('fake-ok').map((c) => c.outcome)).toEqual(['completed', 'completed']);
    expect(asCompleted(cells('fake-ok')[0]).requestsPerSecond).toBeGreaterThan(0);
    // The fake answers without a database: PostgreSQL saw no query, and verdict says so.
    expect(asCompleted(cells('fake-ok')[0]).queriesPerRequest).toBe(0);
  });

  describe('when the database goes away', () => {
    let database: Database;
    beforeAll(async () => {
      database = await startDatabase();
    });
    afterAll(async () => {
      await database.stop();
    });

    it('stops with a one-line error and keeps the cells measured so far, marked failed', async () => {
      const dir = await fakeServers([{ name: 'fake-steady', env: [] }]);
      const out = join(folder, 'db-gone.json');
      // Six rounds of fake-steady and its A/A replicate: 12 cells.
      const options = quickOptions(await loadManifests(dir), out, { rounds: '6', 'database-url': database.url });
      const running = runBench(options, quiet);
      const settled = running.then(
        () => undefined,
        (error: unknown) => error,
      );
      // Pull the database away once the first round is on disk: the later rounds must notice too,
      // not only the first round's query count.
      for (let i = 0; i < 200; i += 1) {
        if (existsSync(out) && (await readResults(out)).cells.length >= 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await database.pause();
      const error = await settled;
      expect(error).toBeInstanceOf(VerdictError);
      expect((error as Error).message).toMatch(/^PostgreSQL stopped answering during the run/);
      const saved = await readResults(out);
      expect(saved.status).toBe('failed');
      expect(saved.cells.length).toBeGreaterThan(0);
      expect(saved.cells.length).toBeLessThan(12);
    });
  });

  it('on Ctrl-C saves valid results, exits 130 and leaves no process or temporary folder behind', async () => {
    const marker = `VERDICT_TEST_MARK=${process.pid}-${Date.now()}`;
    const out = join(folder, 'interrupted.json');
    // The run's own temporary folder, so that what it leaves there is its own. PostgreSQL runs as
    // another user when we are root, so the path to it must be traversable.
    const ownTmp = join(folder, 'tmp');
    await mkdir(ownTmp, { mode: 0o755 });
    await chmod(folder, 0o755);
    const child = spawn(
      process.execPath,
      [
        join(projectRoot, 'dist', 'bin.js'),
        'bench',
        '--servers',
        'node-fastify',
        '--workloads',
        'users',
        '--levels',
        '10,20',
        '--rounds',
        '5',
        '--duration',
        '2s',
        '--warmup',
        '0s',
        '--out',
        out,
      ],
      {
        detached: true, // its own process group, as a shell gives a foreground job
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TMPDIR: ownTmp, [marker.split('=')[0]!]: marker.split('=')[1]! },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600; i += 1) {
      if (existsSync(out) && (await readResults(out).catch(() => undefined))?.cells.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(processesWithMarker(marker).length).toBeGreaterThan(2); // verdict, PostgreSQL, the server, the generator
    process.kill(-child.pid!, 'SIGINT'); // what a terminal's Ctrl-C does to the foreground group
    expect(await exited).toBe(130);

    const saved = await readResults(out);
    expect(saved.status).toBe('interrupted');
    expect(saved.cells.length).toBeGreaterThanOrEqual(1);
    // Two levels, five rounds of node-fastify and its A/A replicate: 20 cells planned.
    expect(saved.cells.length).toBeLessThan(20);
    expect(saved.cells.every((c) => c.outcome === 'completed')).toBe(true);
    // The exit waited for the summary and the report of what was measured (once cut off mid-write).
    expect(stderr).toContain(`interrupted: the ${saved.cells.length} cells measured so far are saved`);
    const report = readFileSync(out.replace(/\.json$/, '.html'), 'utf8');
    expect(report.trimEnd().endsWith('</html>')).toBe(true);
    for (let i = 0; i < 50 && processesWithMarker(marker).length > 0; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(processesWithMarker(marker), stderr).toEqual([]);
    expect(readdirSync(ownTmp), 'temporary folders left behind').toEqual([]);
  });

  it('refuses to start when the disk has no room for results', async () => {
    await expect(checkOutputWritable(join(folder, 'full', 'r.json'), '--out', Number.MAX_SAFE_INTEGER)).rejects.toThrow(
      UsageError,
    );
    await expect(checkOutputWritable(join(folder, 'full', 'r.json'), '--out', Number.MAX_SAFE_INTEGER)).rejects.toThrow(
      /the disk holding .* has only [\d.]+ MB free/,
    );
  });
});
