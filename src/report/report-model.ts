/**
 * Everything a report shows, computed once from a results file: the claims with their verdicts,
 * the warnings and the claims a benchmark cannot test. Every renderer (terminal, Markdown, HTML,
 * JSON, the web page) reads this, so they cannot disagree.
 */
import { evaluateClaims, runNoiseFloor } from '../claims/evaluate.js';
import { indicativeNote, isIndicative } from '../claims/indicative.js';
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
  /** The run's A/A noise floor in words, or null when the run has no A/A pair. */
  noiseFloor: string | null;
  /** For a quick run, the sentence saying its claims are indicative, not verdicts; null otherwise. */
  indicative: string | null;
}

export function buildReport(results: Results): Report {
  const claims = evaluateClaims(results);
  const counts: Record<Verdict, number> = { supported: 0, refuted: 0, inconclusive: 0 };
  for (const claim of claims) counts[claim.verdict] += 1;
  const floor = runNoiseFloor(results);
  const noiseFloor = floor
    ? `${results.plan.aaServer} against itself in ${floor.n} rounds: one pair of trials lies within ×/÷ ` +
      `${floor.factor.toFixed(2)} (${Math.round(floor.level * 100)}%); single-trial comparisons decide only ` +
      `beyond it`
    : null;
  return {
    results,
    claims,
    counts,
    warnings: collectWarnings(results),
    notMeasurable: NOT_MEASURABLE,
    noiseFloor,
    indicative: isIndicative(results.plan) ? indicativeNote(results.plan) : null,
  };
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
    version: 2,
    noiseFloor: report.noiseFloor,
    indicative: report.indicative,
    results: {
      id: results.id,
      createdAt: results.createdAt,
      finishedAt: results.finishedAt,
      status: results.status,
      tool: results.tool,
      environment: results.environment,
      plan: results.plan,
      servers: results.servers,
    },
    counts: report.counts,
    claims: report.claims,
    notMeasurable: report.notMeasurable,
    warnings: report.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
