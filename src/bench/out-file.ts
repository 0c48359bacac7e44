/** Checks, before anything starts, that the results file can be written and the disk has room. */
import { constants } from 'node:fs';
import { access, mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../cli/errors.js';

/** A results file for a default run is a few hundred kilobytes; ask for far more, to be safe. */
const MIN_FREE_BYTES = 20 * 1024 * 1024;

export async function checkOutputWritable(path: string, flag = '--out'): Promise<void> {
  const folder = dirname(path);
  try {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
    const probe = `${path}.${process.pid}.probe`;
    await writeFile(probe, 'verdict');
    await rm(probe, { force: true });
  } catch (error) {
    throw new UsageError(`${flag} ${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `choose a writable location with ${flag}`);
  }
  const stats = await statfs(folder);
  const free = stats.bavail * stats.bsize;
  if (free < MIN_FREE_BYTES) {
    throw new UsageError(`the disk holding ${folder} has only ${(free / 1024 / 1024).toFixed(1)} MB free`, `free some space or choose another location with ${flag}`);
  }
}
