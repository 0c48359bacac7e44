/**
 * `verdict servers` through the built executable: the list comes from the manifests, bad input
 * is refused before anything starts, and `start` serves until Ctrl-C and then leaves no server,
 * no PostgreSQL and no temporary folder behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/servers/manifest.js';
import { projectRoot } from '../../src/util/paths.js';
import { probe } from '../support/http.js';

const bin = join(projectRoot, 'dist', 'bin.js');
const verdict = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('verdict servers', () => {
  it('lists every manifest as JSON', async () => {
    const result = verdict('servers', '--json');
    expect(result.status).toBe(0);
    const listed = JSON.parse(result.stdout) as { name: string; runtime: string; variant: string; pool: unknown }[];
    expect(listed.map((s) => s.name)).toEqual((await loadManifests()).map((m) => m.name));
  });

  it('lists name, runtime, variant and description as a table', () => {
    const result = verdict('servers');
    expect(result.status).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+RUNTIME\s+VARIANT\s+DESCRIPTION$/);
    expect(rows.find((r) => r.startsWith('node-fastify '))).toMatch(/node-fastify\s+node\s+tuned\s+\S/);
  });

  it.each([
    [['servers', 'start', 'no-such-server'], /unknown server 'no-such-server'; choose from .*node-fastify/],
    [['servers', 'start', 'node-fastify', '--rows', 'many'], /--rows must be a whole number/],
    [['servers', 'start', 'node-fastify', '--workers', '0'], /--workers must be a whole number from 1/],
    [['servers', 'start'], /needs <name>/],
  ])('refuses %j with one line and exit code 2', (args, message) => {
    const result = verdict(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('has a generated --help', () => {
    const result = verdict('servers', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--database-url <URL>/);
    expect(result.stdout).toMatch(/--log-requests/);
  });
});

describe('verdict servers start node-fastify, then Ctrl-C', () => {
  let tmp: string;
  beforeAll(async () => {
    // A private TMPDIR: whatever the command leaves behind would show up here.
    tmp = await mkdtemp(join(tmpdir(), 'verdict-test-servers-'));
    await chmod(tmp, 0o755); // PostgreSQL runs as another user when we are root
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('prints its URL, serves users, and leaves nothing behind', async () => {
    const child = spawn(process.execPath, [bin, 'servers', 'start', 'node-fastify', '--rows', '200'], {
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!/^http:\/\/127\.0\.0\.1:\d+$/m.test(stdout) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      expect(url, stderr).toBeDefined();
      const answer = await probe(`${url}/api/users`);
      expect(answer.kind === 'answer' && answer.status).toBe(200);
      const dbPort = /starting PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      expect(dbPort).toBeDefined();
      // The database folder exists while it runs: in TMPDIR, or, as root when the postgres user
      // cannot reach this checkout, beside the binaries' copy in the system folder.
      const dataFolder = /starting PostgreSQL on 127\.0\.0\.1:\d+ \(data folder (\S+?)[,)]/.exec(stderr)?.[1];
      expect(dataFolder, stderr).toBeDefined();
      expect(existsSync(dataFolder!)).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/stopping the server and the database/);
      expect((await probe(`${url}/api/users`, 1_000)).kind).toBe('no-answer');
      const postgres = spawnSync('pgrep', ['-f', `postgres.*-p ${dbPort}\\b`], { encoding: 'utf8' });
      expect(postgres.stdout.trim(), 'no PostgreSQL left on that port').toBe('');
      expect(await readdir(tmp), 'no temporary folder left').toEqual([]);
      expect(existsSync(dataFolder!), 'no database folder left').toBe(false);
    } finally {
      // A failed assertion above must not leave the server and PostgreSQL running: SIGKILL on
      // verdict alone would orphan them (it once did), so it is asked to stop first, as Ctrl-C does.
      if (child.exitCode === null) {
        child.kill('SIGINT');
        const stopped = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), 20_000)),
        ]);
        if (!stopped) child.kill('SIGKILL');
      }
    }
  });
});
