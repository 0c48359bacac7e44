/**
 * The Markdown report: the claims verdict with its evidence, what cannot be measured, the
 * measurements, the warnings and the environment. Pure: a Report in, text out; every string that
 * comes from data goes through escapeMarkdown.
 */
import { checkSentence } from '../claims/evaluate.js';
import { NOISE_NOTE } from '../claims/catalogue.js';
import type { Check, ClaimResult } from '../claims/types.js';
import { renderContext } from './bench-summary.js';
import { escapeMarkdown as md } from './escape.js';
import type { Align } from '../util/format.js';
import { countsText, type Report } from './report-model.js';
import { erroredCells, resultTables } from './results-table.js';
import { environmentRows, serverRows } from './environment-rows.js';
import { describeFrameworkCost, FRAMEWORK_COST_NOTE, frameworkCosts } from './framework-cost.js';

/** A cell is plain text (escaped here) or Markdown we wrote ourselves ({ md }). */
type MdCell = string | { md: string };

export function markdownTable(headers: string[], rows: MdCell[][], align: Align[] = []): string {
  const cell = (c: MdCell) => (typeof c === 'string' ? md(c) : c.md);
  // An empty cell is one space wide, so the table keeps markdownlint's compact style.
  const line = (cells: MdCell[]) => `|${cells.map((c) => (cell(c) ? ` ${cell(c)} ` : ' ')).join('|')}|`;
  const rule = `| ${headers.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

function level(check: Check): string {
  if (check.connections === null) return '–';
  return (
    `${check.connections.toLocaleString('en-US')} ${check.levelLabel}` +
    `${check.parameters ? `, ${check.parameters}` : ''}`
  );
}

function claimSection(claim: ClaimResult): string {
  const out = [
    `### ${md(claim.id)}: ${claim.verdict}`,
    '',
    `> ${md(claim.quote)}`,
    '',
    `Section: ${md(claim.section)}.`,
  ];
  if (claim.alsoQuoted.length)
    out.push(
      '',
      'The guide says the same elsewhere:',
      '',
      ...claim.alsoQuoted.map((a) => `- “${md(a.quote)}” (${md(a.section)})`),
    );
  out.push(
    '',
    `**Predicate.** ${md(claim.predicate)}`,
    '',
    `**Why these numbers.** ${md(claim.rationale)}`,
    '',
    `**Decided by.** ${md(claim.because)}`,
    '',
  );
  out.push(
    markdownTable(
      ['role', 'compared', 'level', 'value', 'threshold', 'result', 'note'],
      claim.checks.map((c) => [
        c.role,
        c.subject,
        level(c),
        c.value === null ? '–' : `${c.shown}${c.detail ? ` (${c.detail})` : ''}`,
        c.threshold,
        c.outcome,
        c.note ?? '',
      ]),
    ),
  );
  return out.join('\n');
}

/** The framework-cost lines, when the run measured a reference server; nothing otherwise. */
function frameworkCostSection(report: Report): string[] {
  const costs = frameworkCosts(report.results);
  if (costs.length === 0) return [];
  return [
    '## Framework cost',
    '',
    md(FRAMEWORK_COST_NOTE),
    '',
    ...costs.map((c) => `- ${md(describeFrameworkCost(c))}`),
    '',
  ];
}

export function renderMarkdownReport(report: Report): string {
  const { results } = report;
  const out: string[] = [
    '# verdict report',
    '',
    `Results ${md(results.id)}, created ${md(results.createdAt)} by verdict ${md(results.tool.version)}, status ` +
      `${md(results.status)}.`,
    '',
    ...renderContext(results)
      .split('\n')
      .map((line) => `- ${md(line)}`),
    '',
    `## The guide's claims: ${countsText(report.counts)}`,
    '',
    ...(report.indicative ? [`**${md(report.indicative)}**`, ''] : []),
    `${NOISE_NOTE} Judged checks decide; the rows marked beside (the guide’s code as written, other pairs) are ` +
      `context.`,
    '',
    ...(report.noiseFloor
      ? [`A/A noise floor of this run: ${report.noiseFloor}.`, '']
      : report.indicative
        ? []
        : [
            'No A/A noise floor in this run (it needs the users workload and 2 rounds): single-trial ' +
              'comparisons stay inconclusive.',
            '',
          ]),
    markdownTable(
      ['verdict', 'claim', 'decided by'],
      report.claims.map((c) => [{ md: `**${c.verdict}**` }, c.id, c.because]),
    ),
    '',
    ...report.claims.flatMap((c) => [claimSection(c), '']),
    ...frameworkCostSection(report),
    '## Not measurable here',
    '',
    markdownTable(
      ['claim', 'the guide says', 'why a benchmark cannot test it'],
      report.notMeasurable.map((n) => [n.id, `“${n.quote}” (${n.section})`, n.why]),
    ),
    '',
    '## Measurements',
    '',
  ];
  const tables = resultTables(results);
  if (tables.length === 0) out.push('Nothing was measured in this run.', '');
  for (const table of tables)
    out.push(`### ${md(table.title)}`, '', markdownTable(table.headers, table.rows, table.align), '');
  const errored = erroredCells(results);
  if (errored.length) {
    out.push(
      '### Errored trials',
      '',
      markdownTable(
        ['server', 'workload', 'level', 'trial', 'reason', 'last log lines'],
        errored.map((e) => [
          e.server,
          `${e.workload}${e.parameters ? ` (${e.parameters})` : ''}`,
          String(e.connections),
          String(e.trial),
          e.reason,
          e.logTail.slice(-5).join(' ⏎ '),
        ]),
      ),
      '',
    );
  }
  out.push('## Warnings', '');
  if (report.warnings.length === 0) out.push('None.', '');
  else out.push(...report.warnings.map((w) => `- ${md(w.message)}. Remedy: ${md(w.remedy)}.`), '');
  out.push('## Environment', '', markdownTable(['', 'value'], environmentRows(results)), '', '## Servers', '');
  const servers = serverRows(results);
  out.push(markdownTable(servers.headers, servers.rows), '');
  return `${out.join('\n')}`;
}

/** For callers that only hold a check: the same sentence the report prints. */
export { checkSentence };
