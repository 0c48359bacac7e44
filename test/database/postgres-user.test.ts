/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries and
 * the data folder. A checkout or TMPDIR in a folder closed to other users (a clone under /root,
 * a mktemp -d folder) once failed with "internal error: spawn .../initdb EACCES", and later with
 * advice to open the folder; now verdict uses folders that user can reach, and opens none.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canRun, ensurePostgresUser, firstClosedFolder } from '../../src/database/postgres-user.js';
import { projectRoot } from '../../src/util/paths.js';

const asRoot = userInfo().uid === 0;
const base = mkdtempSync(join(tmpdir(), 'verdict-user-test-'));
chmodSync(base, 0o755);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** base/<name> with the given mode, holding an executable that prints a version and exits 0. */
function folderWithProgram(name: string, mode: number): { folder: string; program: string } {
  const folder = join(base, name);
  mkdirSync(join(folder, 'bin'), { recursive: true });
  const program = join(folder, 'bin', 'tool');
  writeFileSync(program, '#!/bin/sh\necho tool 1.0\n', { mode: 0o755 });
  chmodSync(folder, mode);
  return { folder, program };
}

describe('firstClosedFolder', () => {
  const stranger = { uid: 54_321, gid: 54_321 };

  it('names the folder whose mode gives other users no search permission', () => {
    const { folder, program } = folderWithProgram('closed', 0o700);
    expect(firstClosedFolder(program, stranger)).toBe(folder);
  });

  it('finds nothing when every folder on the way lets others in', () => {
    const { program } = folderWithProgram('open', 0o711);
    expect(firstClosedFolder(program, stranger)).toBeUndefined();
  });

  it("judges the owner by the owner's bits", () => {
    const { program } = folderWithProgram('owned', 0o700);
    expect(firstClosedFolder(program, { uid: userInfo().uid, gid: 54_321 })).toBeUndefined();
  });
});

// Running a program as another user needs root; CI runs as root, which is where this bites.
describe.runIf(asRoot)('as root, for the postgres user', () => {
  const postgres = asRoot ? ensurePostgresUser() : { uid: -1, gid: -1 };

  it('canRun tries for real: a closed folder stops it, opening the folder lets it run', () => {
    const { folder, program } = folderWithProgram('tried', 0o700);
    expect(canRun(program, postgres)).toBe(false);
    chmodSync(folder, 0o711);
    expect(canRun(program, postgres)).toBe(true);
  });

  it(
    'verdict bench with TMPDIR in a closed folder works: the data folder goes to the system folder and is ' +
      'removed, TMPDIR stays closed',
    () => {
      const closedTmp = join(base, 'private-tmp');
      mkdirSync(closedTmp, { mode: 0o700 });
      chmodSync(closedTmp, 0o700);
      const system = join(base, 'system');
      const out = join(base, 'closed.json');
      const run = spawnSync(
        process.execPath,
        [
          join(projectRoot, 'dist', 'bin.js'),
          'bench',
          '--quick',
          '--workloads',
          'users',
          '--servers',
          'node-fastify',
          '--levels',
          '10',
          '--out',
          out,
        ],
        {
          env: { ...process.env, TMPDIR: closedTmp, VERDICT_SYSTEM_DIR: system, NO_COLOR: '1' },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(run.status, run.stderr.split('\n').slice(-5).join('\n')).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect(run.stderr).not.toContain('chmod');
      // The data folder was made under the system folder, and removed when PostgreSQL stopped.
      expect(readdirSync(join(system, 'data'))).toEqual([]);
      expect(statSync(closedTmp).mode & 0o777).toBe(0o700);
    },
  );
});
