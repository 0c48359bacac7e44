/**
 * Which results file `verdict decide` cites, and why, said truthfully in every case: a file named
 * with --results (refused while its run is still being written), "none", or by default the newest
 * completed, valid file in ./results, with every newer file passed over named and explained.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import {
  newestCompletedResults,
  parseResultsText,
  readResultsText,
  resultsFilesNewestFirst,
  type SkippedResults,
} from '../results/store.js';
import type { Results } from '../results/schema.js';
import { shownPath } from '../util/shown-path.js';
import type { EvidenceSource } from './evidence.js';

export interface ChosenEvidence {
  results?: EvidenceSource;
  /** The file's full path, so an ADR elsewhere can link to it relative to itself. */
  path?: string;
  /** Why nothing is cited, when nothing is. */
  noResults?: string;
  skipped: SkippedResults[];
}

/** Reads a results file (size capped before reading), every message naming it as `shown` (the path as typed). */
async function readShown(path: string, shown: string): Promise<Results> {
  return parseResultsText(readResultsText(path, shown), shown);
}

export async function chooseEvidence(flag: string | undefined, cwd: string): Promise<ChosenEvidence> {
  if (flag === 'none') return { noResults: '--results none was given', skipped: [] };
  if (flag !== undefined) {
    const path = resolve(cwd, flag);
    const data = await readShown(path, flag);
    // Its cells change while we read them: citing it would cite numbers that are not there yet.
    if (data.status === 'running') {
      throw new UsageError(
        `--results ${flag}: the run has not finished (status: running)`,
        "wait for 'verdict bench' to finish, or pass a completed results file",
      );
    }
    return { results: { data, file: flag, why: 'given with --results' }, path, skipped: [] };
  }
  const dir = join(cwd, 'results');
  if (!existsSync(dir))
    return { noResults: 'no --results was given and there is no results/ folder here', skipped: [] };
  const candidates = resultsFilesNewestFirst(dir);
  if (candidates.length === 0)
    return { noResults: 'no --results was given and results/ holds no *.json file', skipped: [] };
  const { chosen, skipped } = await newestCompletedResults(
    candidates.map((p) => shownPath(cwd, p)),
    (shown) => readShown(resolve(cwd, shown), shown),
  );
  if (!chosen) {
    const n = candidates.length;
    return {
      noResults:
        `no --results was given and none of the ${n} file${n === 1 ? '' : 's'} in results/ is a completed, valid ` +
        `results file`,
      skipped,
    };
  }
  const passed = skipped.length ? ` (${skipped.length} newer file${skipped.length === 1 ? '' : 's'} skipped)` : '';
  return {
    results: { data: chosen.results, file: chosen.file, why: `the newest completed results file in results/${passed}` },
    path: resolve(cwd, chosen.file),
    skipped,
  };
}
