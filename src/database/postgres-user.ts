/**
 * As root, PostgreSQL refuses to start, so verdict runs it as a `postgres` user. That user must
 * be able to reach the binaries and the data folder: a checkout under /root (mode 0700) or a
 * private temporary folder is closed to it. These helpers create the user when needed and find
 * out, by trying, whether it can reach a path; binaries.ts and embedded.ts then choose folders
 * it can reach instead of opening the user's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VerdictError } from '../core/errors.js';

export const POSTGRES_USER = 'postgres';

export interface UserIds {
  uid: number;
  gid: number;
}

export function postgresUserIds(): UserIds | undefined {
  try {
    const uid = Number(
      execFileSync('id', ['-u', POSTGRES_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', POSTGRES_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
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
    throw new VerdictError(
      `cannot create the '${POSTGRES_USER}' user PostgreSQL must run as when verdict runs as root`,
      `run verdict as a normal user, or create the user with: useradd ${POSTGRES_USER}`,
    );
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
