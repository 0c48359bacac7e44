/** What every route of the web app shares: the results folder, the rates, the runs, the servers. */
import { isAbsolute, relative } from 'node:path';
import type { Rates } from '../decide/rates.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { Workload } from '../workloads/index.js';
import type { ResultsFolder } from './results-folder.js';
import type { RunManager } from './runs/run-manager.js';

export interface WebContext {
  cwd: string;
  folder: ResultsFolder;
  rates: Rates;
  runs: RunManager;
  manifests: ServerManifest[];
  workloads: readonly Workload[];
}

/** A path as the user would type it: relative when inside the working folder. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
