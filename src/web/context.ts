/** What every route of the web app shares: the results folder, the rates, the runs, the servers. */
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
