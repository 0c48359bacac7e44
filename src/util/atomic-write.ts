/**
 * Writing a file so that a reader never meets half of it: the text goes to a temporary name beside
 * the file and is renamed over it. A failed write (a full disk) removes the temporary file and
 * leaves the previous version, if any, as it was.
 */
import { rm, rename, writeFile } from 'node:fs/promises';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
