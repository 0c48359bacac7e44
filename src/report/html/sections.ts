/**
 * The report's non-chart parts as HTML fragments: the claims table with each claim's checks, the
 * claims a benchmark cannot test, the measurement tables, the warnings and the environment.
 * Every string from data is escaped here; the web page reuses these functions.
 */
import type { Check, ClaimResult, NotMeasurable } from '../../claims/types.js';
import { NOISE_NOTE } from '../../claims/catalogue.js';
import type { Results } from '../../results/schema.js';
import { environmentRows, serverRows } from '../environment-rows.js';
import { escapeHtml as h } from '../escape.js';
import type { Align } from '../../util/format.js';
import { countsText, type Report } from '../report-model.js';
import { erroredCells, resultTables } from '../results-table.js';
import type { Warning } from '../warnings.js';

export function htmlTable(headers: string[], rows: string[][], align: Align[] = [], className = 'data'): string {
  const cls = (i: number) => (align[i] === 'right' ? ' class="num"' : '');
  const head = `<thead><tr>${headers.map((c, i) => `<th${cls(i)}>${h(c)}</th>`).join('')}</tr></thead>`;
  const body =
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${h(c)}</td>`).join('')}</tr>`).join('')}</tbod` +
    `y>`;
  return `<table class="${className}">${head}${body}</table>`;
}

function checkRow(check: Check): string {
  const level =
    check.connections === null
      ? '–'
      : `${check.connections.toLocaleString('en-US')} ${check.levelLabel}` +
        `${check.parameters ? `, ${check.parameters}` : ''}`;
  const value = check.value === null ? '–' : `${check.shown}${check.detail ? ` (${check.detail})` : ''}`;
  const cells = [check.role, check.subject, level, value, check.threshold];
  return (
    `<tr class="check ${check.role}">${cells.map((c) => `<td>${h(c)}</td>`).join('')}<td><span class="outcome ` +
    `${check.outcome}">${check.outcome}</span></td><td>${h(check.note ?? '')}</td></tr>`
  );
}

export function claimRow(claim: ClaimResult): string {
  const also = claim.alsoQuoted
    .map((a) => `<li>“${h(a.quote)}” <span class="section">(${h(a.section)})</span></li>`)
    .join('');
  const checks =
    `<table ` +
    `class="checks"><thead><tr><th>role</th><th>compared</th><th>level</th><th>value</th><th>threshold</th><th>res` +
    `ult</th><th>note</th></tr></thead><tbody>${claim.checks.map(checkRow).join('')}</tbody></table>`;
  return [
    `<tr class="claim ${claim.verdict}" id="claim-${h(claim.id)}" data-verdict="${claim.verdict}">`,
    `<td><span class="badge ${claim.verdict}">${claim.verdict}</span></td>`,
    `<td><strong>${h(claim.id)}</strong><blockquote>${h(claim.quote)}</blockquote><span class="section">` +
      `${h(claim.section)}</span>${also ? `<ul class="also">${also}</ul>` : ''}</td>`,
    `<td><p>${h(claim.because)}</p><details><summary>predicate and ${claim.checks.length} check` +
      `${claim.checks.length === 1 ? '' : 's'}</summary><p><strong>Predicate.</strong> ` +
      `${h(claim.predicate)}</p><p><strong>Why these numbers.</strong> ` +
      `${h(claim.rationale)}</p>${checks}</details></td>`,
    '</tr>',
  ].join('');
}

export function claimsSection(report: Report): string {
  return [
    `<p class="counts">${h(countsText(report.counts))}.</p>`,
    report.indicative ? `<p class="indicative"><strong>${h(report.indicative)}</strong></p>` : '',
    `<p class="method">${h(NOISE_NOTE)} Judged checks decide; rows marked <em>beside</em> (the guide’s code as ` +
      `written, other pairs) are context.</p>`,
    report.noiseFloor
      ? `<p class="method">A/A noise floor of this run: ${h(report.noiseFloor)}.</p>`
      : report.indicative
        ? ''
        : '<p class="method">No A/A noise floor in this run (it needs the users workload and 2 rounds): ' +
          'single-trial comparisons stay inconclusive.</p>',
    `<table class="claims"><thead><tr><th>verdict</th><th>claim</th><th>decided by</th></tr></thead><tbody>` +
      `${report.claims.map(claimRow).join('')}</tbody></table>`,
  ].join('');
}

export function notMeasurableSection(items: readonly NotMeasurable[]): string {
  return htmlTable(
    ['claim', 'the guide says', 'why a benchmark cannot test it'],
    items.map((n) => [n.id, `“${n.quote}” (${n.section})`, n.why]),
    [],
    'data not-measurable',
  );
}

export function measurementsSection(results: Results): string {
  const tables = resultTables(results);
  if (tables.length === 0) return '<p class="not-measured">Nothing was measured in this run.</p>';
  const errored = erroredCells(results).map(
    (e) =>
      `<li><strong>${h(e.server)}</strong> ${h(e.workload)}${e.parameters ? ` (${h(e.parameters)})` : ''} at ` +
      `${e.connections}, trial ${e.trial}: ${h(e.reason)}` +
      `${e.logTail.length ? `<pre class="log">${e.logTail.map(h).join('\n')}</pre>` : ''}</li>`,
  );
  const erroredHtml = errored.length ? `<h3>Errored trials</h3><ul class="errored">${errored.join('')}</ul>` : '';
  return (
    tables
      .map((t) => `<h3>${h(t.title)}</h3><div class="scroll">${htmlTable(t.headers, t.rows, t.align)}</div>`)
      .join('') + erroredHtml
  );
}

export function warningsSection(warnings: readonly Warning[]): string {
  if (warnings.length === 0) return '<p>None.</p>';
  return (
    `<ul class="warnings">` +
    `${warnings
      .map(
        (w) =>
          `<li><span class="warning-kind">${h(w.kind)}</span> ${h(w.message)}<br><span class="remedy">remedy: ` +
          `${h(w.remedy)}</span></li>`,
      )
      .join('')}` +
    `</ul>`
  );
}

export function environmentSection(results: Results): string {
  const rows = environmentRows(results)
    .map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${h(v)}</td></tr>`)
    .join('');
  const servers = serverRows(results);
  return (
    `<table class="environment"><tbody>${rows}</tbody></table><h3>Servers</h3><div class="scroll">` +
    `${htmlTable(servers.headers, servers.rows)}</div>`
  );
}
