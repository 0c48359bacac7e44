/**
 * The PostgreSQL binaries verdict runs when the package's own cannot be used (root in a closed
 * folder, an installed package): a copy named by version and checksum, made once, checked before
 * each use, made again when it no longer matches, and runnable by the `postgres` user as root.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyBinaries, copyFolder, copyNeeded, packageBinaries, treeChecksum } from '../../src/database/binaries.js';
import { cacheDir, systemDir } from '../../src/util/paths.js';
import { ensurePostgresUser } from '../../src/database/postgres-user.js';

const base = mkdtempSync(join(tmpdir(), 'verdict-binaries-test-'));
chmodSync(base, 0o755); // the copy must be reachable by the postgres user, as the system folder is
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a copy of the PostgreSQL binaries', async () => {
  const source = await packageBinaries();
  const folder = join(base, 'postgresql');
  const lines: string[] = [];
  const first = await copyBinaries(source, folder, (line) => lines.push(line));

  it('is named by version and checksum, carries a stamp, and holds the same files', () => {
    const sum = treeChecksum(source.home);
    expect(first.copiedTo).toBe(join(folder, `${source.version}-${sum.slice(0, 12)}`));
    const stamp = JSON.parse(readFileSync(join(first.copiedTo!, 'verdict-binaries.json'), 'utf8')) as {
      version: string;
      sha256: string;
    };
    expect(stamp).toMatchObject({ version: source.version, sha256: sum });
    expect(treeChecksum(first.home)).toBe(sum);
    expect(lines.join('\n')).toContain('copying PostgreSQL');
    // Nothing half-made is left beside it.
    expect(readdirSync(folder)).toEqual([`${source.version}-${sum.slice(0, 12)}`]);
  });

  it('runs: postgres --version from the copy, its libraries linked', () => {
    const run = spawnSync(first.postgres, ['--version'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^postgres \(PostgreSQL\) \d+/);
  });

  it('is made once: a second use finds it sound and copies nothing', async () => {
    const again: string[] = [];
    const second = await copyBinaries(source, folder, (line) => again.push(line));
    expect(second.home).toBe(first.home);
    expect(again).toEqual([]);
  });

  it('is made again when a file in it no longer matches its checksum', async () => {
    const changed = join(first.home, 'share', 'postgresql', 'postgres.bki');
    expect(existsSync(changed)).toBe(true);
    appendFileSync(changed, '-- changed\n');
    // A new verdict process, as a user would meet the changed copy.
    const fresh = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${join(process.cwd(), 'src/database/binaries.ts')}').then(async (m) => { const s = await ` +
          `m.packageBinaries(); const b = await m.copyBinaries(s, '${folder}', (l) => console.log(l)); ` +
          `console.log(m.treeChecksum(b.home) === m.treeChecksum(s.home)); })`,
      ],
      { encoding: 'utf8' },
    );
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('copying PostgreSQL');
    expect(fresh.stdout.trim().split('\n').at(-1)).toBe('true');
  });

  it.runIf(userInfo().uid === 0)('as root, the postgres user can run it, and every folder in it is 0755', () => {
    const ids = ensurePostgresUser();
    const run = spawnSync(first.postgres, ['--version'], { uid: ids.uid, gid: ids.gid, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(statSync(first.home).mode & 0o777).toBe(0o755);
    expect(statSync(join(first.home, 'bin')).mode & 0o777).toBe(0o755);
  });
});

describe('copyNeeded', async () => {
  const source = await packageBinaries();

  it('keeps the package binaries in a checkout whose libraries are linked, for the user itself', () => {
    expect(copyNeeded(source.home)).toBeUndefined();
  });

  it("puts copies for the postgres user in the system folder, and the user's own in the cache folder", () => {
    expect(copyFolder(true)).toBe(join(systemDir(), 'postgresql'));
    expect(copyFolder(false)).toBe(join(cacheDir(), 'postgresql'));
  });
});
