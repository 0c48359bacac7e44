/**
 * The claims verdict in the terminal: one row per claim, its verdict and the numbers that decided
 * it. Printed at the end of `verdict bench` and by `verdict report`. Pure: results in, text out.
 */
import { palette, type Palette } from '../core/output.js';
import type { ClaimResult, Verdict } from '../claims/types.js';
import type { Results } from '../results/schema.js';
import { renderTable } from '../util/format.js';
import { buildReport, countsText, type Report } from './report-model.js';

export function verdictStyle(p: Palette, verdict: Verdict): (text: string) => string {
  return verdict === 'supported' ? p.green : verdict === 'refuted' ? p.red : p.yellow;
}

export function renderClaimsTableFor(report: Report, color = false): string {
  const p = palette(color);
  const claims: ClaimResult[] = report.claims;
  const rows = claims.map((c) => [c.verdict, c.id, c.because]);
  const table = renderTable(['verdict', 'claim', 'decided by'], rows)
    .split('\n')
    .map((line, i) => {
      if (i === 0) return p.dim(line);
      const verdict = claims[i - 1]!.verdict;
      return line.replace(verdict, verdictStyle(p, verdict)(verdict));
    })
    .join('\n');
  return [
    p.bold(`The guide's claims on this machine: ${countsText(report.counts)}`),
    ...(report.indicative ? [p.yellow(`  ${report.indicative}`)] : []),
    table,
    ...(report.noiseFloor
      ? [p.dim(`  A/A noise floor of this run: ${report.noiseFloor}`)]
      : report.indicative
        ? []
        : [
            p.dim(
              '  No A/A noise floor in this run (it needs the users workload and 2 rounds): single-trial ' +
                'comparisons stay inconclusive.',
            ),
          ]),
    p.dim(
      `  ${report.notMeasurable.length} more claims (hiring rates, package counts, SDK availability, ...) ` +
        `cannot be measured by a benchmark; the Markdown and HTML reports list them with why.`,
    ),
    '',
  ].join('\n');
}

/** The claims table of a results file (what `verdict bench` prints after its summary). */
export function renderClaimsTable(results: Results, color = false): string {
  return renderClaimsTableFor(buildReport(results), color);
}
