/**
 * The results file: checked before anything starts (it can be written, the disk has room), and
 * saved during the run with a one-line error when the disk fills up meanwhile.
 */
import { constants, existsSync, rmSync } from 'node:fs';
import { access, mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError, VerdictError } from '../core/errors.js';
import type { Results } from '../results/schema.js';
import { writeResults, writeResultsSync } from '../results/store.js';

/** A results file for a default run is a few hundred kilobytes; ask for far more, to be safe. */
const MIN_FREE_BYTES = 20 * 1024 * 1024;

/**
 * mkdir -p one level at a time: Node 20's recursive mkdir never returns for a path under /proc,
 * and a user who types a wrong --out must get an error, not a hang.
 */
async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  let current = folder;
  while (!existsSync(current) && dirname(current) !== current) {
    missing.unshift(current);
    current = dirname(current);
  }
  for (const part of missing) await mkdir(part);
}

export async function checkOutputWritable(path: string, flag = '--out', minFreeBytes = MIN_FREE_BYTES): Promise<void> {
  const folder = dirname(path);
  try {
    await makeFolders(folder);
    await access(folder, constants.W_OK);
    const probe = `${path}.${process.pid}.probe`;
    // A full disk creates the probe and then refuses its bytes: remove it either way.
    await writeFile(probe, 'verdict').finally(() => rm(probe, { force: true }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC')
      throw new UsageError(
        `the disk holding ${folder} is full (ENOSPC)`,
        `free some space or choose another location with ${flag}`,
      );
    throw new UsageError(
      `${flag} ${path} cannot be written: ${code ?? (error as Error).message}`,
      `choose a writable location with ${flag}`,
    );
  }
  const stats = await statfs(folder);
  const free = stats.bavail * stats.bsize;
  if (free < minFreeBytes) {
    throw new UsageError(
      `the disk holding ${folder} has only ${(free / 1024 / 1024).toFixed(1)} MB free`,
      `free some space or choose another location with ${flag}`,
    );
  }
}

/**
 * Saves the results (store.ts writes `<path>.<pid>.tmp`, then renames it over the file), or stops
 * the run with one line naming the file, the cause and the fix. The rename never happened, so the
 * file keeps the last complete version; the half-written temporary file is removed.
 */
export async function saveResults(path: string, results: Results): Promise<void> {
  try {
    await writeResults(path, results);
  } catch (error) {
    throw notSaved(path, error);
  }
}

/** The same, synchronously, for Ctrl-C: the event loop may not run again. */
export function saveResultsSync(path: string, results: Results): void {
  try {
    writeResultsSync(path, results);
  } catch (error) {
    throw notSaved(path, error);
  }
}

function notSaved(path: string, error: unknown): Error {
  // The results failed validation (a bug), not the disk: store.ts's own message says so.
  if (error instanceof VerdictError) return error;
  rmSync(`${path}.${process.pid}.tmp`, { force: true });
  const code = (error as NodeJS.ErrnoException).code;
  const cause = code === 'ENOSPC' ? 'no space left on the disk (ENOSPC)' : (code ?? (error as Error).message);
  const kept = existsSync(path) ? `${path} keeps the results saved before this` : 'nothing was saved';
  return new VerdictError(
    `cannot save the results to ${path}: ${cause}`,
    `${kept}; free some space or choose another location with --out, and run again`,
  );
}
