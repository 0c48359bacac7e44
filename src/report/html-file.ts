/** Writing the HTML report beside its results file (what `verdict bench` does at the end). */
import type { Results } from '../results/schema.js';
import { renderHtmlReport } from './html/page.js';
import { buildReport } from './report-model.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** results/bench-x.json -> results/bench-x.html; any other name gets .html appended. */
export function htmlPathFor(resultsPath: string): string {
  return resultsPath.toLowerCase().endsWith('.json') ? `${resultsPath.slice(0, -5)}.html` : `${resultsPath}.html`;
}

export async function writeHtmlReport(results: Results, resultsPath: string): Promise<string> {
  const path = htmlPathFor(resultsPath);
  // Atomic: a full disk leaves the previous report (or none), never a cut-off page.
  await writeFileAtomic(path, renderHtmlReport(buildReport(results)));
  return path;
}
