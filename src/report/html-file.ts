/** Writing the HTML report beside its results file (what `verdict bench` does at the end). */
import { writeFile } from 'node:fs/promises';
import type { Results } from '../results/schema.js';
import { renderHtmlReport } from './html/page.js';
import { buildReport } from './report-model.js';

/** results/bench-x.json -> results/bench-x.html; any other name gets .html appended. */
export function htmlPathFor(resultsPath: string): string {
  return resultsPath.toLowerCase().endsWith('.json') ? `${resultsPath.slice(0, -5)}.html` : `${resultsPath}.html`;
}

export async function writeHtmlReport(results: Results, resultsPath: string): Promise<string> {
  const path = htmlPathFor(resultsPath);
  await writeFile(path, renderHtmlReport(buildReport(results)));
  return path;
}
