/**
 * A quick run's results (verdict bench --quick: one round per cell, no A/A pair) say everywhere
 * that they are indicative, not a verdict: the terminal summary and claims table, the relative
 * lines, the Markdown and HTML reports and their plan line. A full run says none of it.
 */
import { describe, expect, it } from 'vitest';
import { renderBenchSummary } from '../../src/report/bench-summary.js';
import { renderClaimsTable } from '../../src/report/claims-table.js';
import { compareServers, describeComparison } from '../../src/report/comparisons.js';
import { environmentRows } from '../../src/report/environment-rows.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { buildReport, renderJsonReport } from '../../src/report/report-model.js';
import type { Results } from '../../src/results/schema.js';
import { buildResults } from '../support/results-builder.js';
import { reportFixture } from './fixture.js';

const NOTE = 'Quick run: one round per cell is indicative, not a verdict; run verdict bench for verdicts.';

/** The report fixture as a quick run would have measured it: its first round, without the A/A replicate. */
function quickFixture(): Results {
  const full = reportFixture();
  return buildResults(
    full.cells.filter((c) => c.round === 1 && !c.aa),
    {
      plan: {
        quick: true,
        rounds: 1,
        durationSeconds: 1,
        warmupSeconds: 1,
        looks: [{ rounds: 1, level: 0.95 }],
        budgetSeconds: 0,
      },
    },
  );
}

describe('a quick run in the reports', () => {
  const quick = quickFixture();

  it('has every claim inconclusive, and the claims table says why instead of asking for an A/A floor', () => {
    const table = renderClaimsTable(quick, false);
    expect(table.split('\n').slice(0, 2)).toEqual([
      "The guide's claims on this machine: 0 supported, 0 refuted, 14 inconclusive",
      `  ${NOTE}`,
    ]);
    expect(table).not.toContain('No A/A noise floor');
    expect(table).toContain(
      'inconclusive  create-pool                   indicative only (quick run), points to supported: ' +
        'python-fastapi-pool vs python-fastapi-seed: 6.52x, 1 round (2,607 vs 400 2xx req/s) at 10 connections, ' +
        'needs ≥ 1.1x supports; ≤ 1x refutes',
    );
  });

  it("says so in the summary's context and gives the relative lines their one-round ratio", () => {
    const summary = renderBenchSummary(quick);
    expect(summary.split('\n').slice(1, 5)).toContain(NOTE);
    expect(compareServers(quick).map((c) => describeComparison(c))).toContain(
      'node-fastify ran 1.99x faster than python-fastapi-tuned at 10 connections (1 round, no interval: indicative)',
    );
  });

  it('says so in the Markdown and HTML reports, their plan line and the JSON report', () => {
    const report = buildReport(quick);
    const rows = new Map(environmentRows(quick));
    expect(rows.get('plan')).toBe(
      '1 interleaved round of 1 s trials after 1 s warm-up (quick: one round per cell is indicative, not a ' +
        'verdict); timeout 8 s',
    );
    // The fixture's users cells carry a count; a real quick run's do not, and the row says why.
    const uncounted = buildResults(
      quick.cells.map((c) => ({ ...c, queriesPerRequest: null })),
      { plan: quick.plan },
    );
    expect(new Map(environmentRows(uncounted)).get('PostgreSQL')).toBe(
      '18.4 (embedded, max 1200 connections, 10,000 rows, query counting not used by --quick)',
    );
    expect(rows.get('PostgreSQL')).toContain('query counting on');
    const markdown = renderMarkdownReport(report);
    expect(markdown).toContain(`## The guide's claims: 0 supported, 0 refuted, 14 inconclusive\n\n**${NOTE}**\n`);
    expect(markdown).not.toContain('No A/A noise floor');
    expect(renderHtmlReport(report)).toContain(`<p class="indicative"><strong>${NOTE}</strong></p>`);
    expect(JSON.parse(renderJsonReport(report)).indicative).toBe(NOTE);
  });

  it('is not said of a full run', () => {
    const full = reportFixture();
    const report = buildReport(full);
    expect(report.indicative).toBeNull();
    for (const text of [
      renderClaimsTable(full),
      renderBenchSummary(full),
      renderMarkdownReport(report),
      renderHtmlReport(report),
    ])
      expect(text).not.toMatch(/Quick run|indicative only|\(quick/);
  });
});
