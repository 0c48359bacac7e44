/**
 * Everything a report shows, computed once from a results file: the claims with their verdicts,
 * the warnings and the claims a benchmark cannot test. Every renderer (terminal, Markdown, HTML,
 * JSON, the web page) reads this, so they cannot disagree.
 */
import { evaluateClaims } from '../claims/evaluate.js';
import { NOT_MEASURABLE } from '../claims/not-measurable.js';
import type { ClaimResult, NotMeasurable, Verdict } from '../claims/types.js';
import type { Results } from '../results/schema.js';
import { collectWarnings, type Warning } from './warnings.js';

export interface Report {
  results: Results;
  claims: ClaimResult[];
  counts: Record<Verdict, number>;
  warnings: Warning[];
  notMeasurable: readonly NotMeasurable[];
}

export function buildReport(results: Results): Report {
  const claims = evaluateClaims(results);
  const counts: Record<Verdict, number> = { supported: 0, refuted: 0, inconclusive: 0 };
  for (const claim of claims) counts[claim.verdict] += 1;
  return { results, claims, counts, warnings: collectWarnings(results), notMeasurable: NOT_MEASURABLE };
}

/** "3 supported, 2 refuted, 9 inconclusive". */
export function countsText(counts: Record<Verdict, number>): string {
  return `${counts.supported} supported, ${counts.refuted} refuted, ${counts.inconclusive} inconclusive`;
}

/** The JSON export: the report without the raw cells (they are in the results file it names). */
export function renderJsonReport(report: Report): string {
  const { results } = report;
  const document = {
    schema: 'verdict-report',
    version: 1,
    results: { id: results.id, createdAt: results.createdAt, finishedAt: results.finishedAt, status: results.status, tool: results.tool, environment: results.environment, plan: results.plan, servers: results.servers },
    counts: report.counts,
    claims: report.claims,
    notMeasurable: report.notMeasurable,
    warnings: report.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
