/** Checks, before anything starts, that the results file can be written and the disk has room. */
import { constants, existsSync } from 'node:fs';
import { access, mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../cli/errors.js';

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
    await writeFile(probe, 'verdict');
    await rm(probe, { force: true });
  } catch (error) {
    throw new UsageError(`${flag} ${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `choose a writable location with ${flag}`);
  }
  const stats = await statfs(folder);
  const free = stats.bavail * stats.bsize;
  if (free < minFreeBytes) {
    throw new UsageError(`the disk holding ${folder} has only ${(free / 1024 / 1024).toFixed(1)} MB free`, `free some space or choose another location with ${flag}`);
  }
}
