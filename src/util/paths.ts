import { existsSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder, whether running from src/ (tests) or dist/ (the bin). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A checkout has its sources; an installed package (npm pack, npm install -g) ships only what
 * runs. An installed package may sit in a folder its user cannot write (a global prefix owned by
 * root), so what verdict builds for itself goes to the user's cache folder instead.
 */
export const isCheckout = existsSync(join(projectRoot, 'src', 'cli.ts'));

/** The user's cache folder for verdict: XDG on Linux, ~/Library/Caches on macOS; VERDICT_CACHE_DIR overrides. */
export function cacheDir(
  env: NodeJS.ProcessEnv = process.env,
  os: NodeJS.Platform = platform(),
  home: string = homedir(),
): string {
  if (env.VERDICT_CACHE_DIR) return env.VERDICT_CACHE_DIR;
  if (os === 'darwin') return join(home, 'Library', 'Caches', 'verdict');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'verdict');
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which cannot enter root's home folder (mode
 * 0700) and so neither root's cache: binaries and data folders it must reach live here instead,
 * a folder every user may enter. VERDICT_SYSTEM_DIR overrides (tests).
 */
export function systemDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VERDICT_SYSTEM_DIR ?? (platform() === 'darwin' ? '/Library/Caches/verdict' : '/var/lib/verdict');
}

/** The servers under test; VERDICT_SERVERS_DIR points verdict at another folder of them. */
export const serversDir = process.env.VERDICT_SERVERS_DIR ?? join(projectRoot, 'servers');
export const requirementsFile = join(projectRoot, 'requirements.txt');
/** The Python servers' virtual environment: .venv in a checkout, the cache folder for a package. */
export const defaultVenv = isCheckout ? join(projectRoot, '.venv') : join(cacheDir(), 'venv');
/** Results are kept where the user runs verdict, like any build output. */
export const resultsDir = join(process.cwd(), 'results');
