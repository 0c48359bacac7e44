import { isAbsolute, relative } from 'node:path';

/**
 * A path as the user would type it: relative when inside the working folder, else as given.
 * Every message that names a file the user chose (results, calibration, ADR, exports) shows it so.
 */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
