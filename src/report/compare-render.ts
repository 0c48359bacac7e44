/** `verdict compare` as text: a benchstat-like table, then the method and the counts. Pure. */
import { palette } from '../core/output.js';
import type { Spread } from '../measure/stats.js';
import { ALPHA } from './significance.js';
import type { Comparison, CompareRow } from './compare.js';
import { formatRate, renderTable } from '../util/format.js';

/** "2,079 ± 3%": the mean and its spread as a share of it (benchstat's style). */
function figure(s: Spread | undefined): string {
  if (!s) return '–';
  return s.n > 1 && Number.isFinite(s.cv) ? `${formatRate(s.mean)} ± ${(s.cv * 100).toFixed(0)}%` : formatRate(s.mean);
}

function delta(row: CompareRow): string {
  if (row.verdict === 'not compared') return row.note ?? '–';
  const n = `n=${row.a!.n}+${row.b!.n}`;
  const sign = row.change! > 0 ? '+' : '';
  const change = `${sign}${(row.change! * 100).toFixed(2)}%`;
  if (row.verdict === 'untested') return `${change}? (${n}: no noise estimate)`;
  const how = `p=${row.significance!.p!.toFixed(3)} ${n}`;
  return row.verdict === 'within noise' ? `~ (${how})` : `${change} (${how})`;
}

export function renderComparison(c: Comparison, names: { a: string; b: string }, color = false): string {
  const p = palette(color);
  const rows = c.rows.map((r) => [
    r.server,
    r.workload,
    r.parameters || '–',
    String(r.connections),
    figure(r.a),
    figure(r.b),
    // With one trial a side there is no interval: print the ratio alone.
    r.ratio
      ? `${r.ratio.estimate.toFixed(2)} [${r.ratio.low.toFixed(2)}, ${r.ratio.high.toFixed(2)}]`
      : r.change !== undefined
        ? (r.change + 1).toFixed(2)
        : '–',
    delta(r),
    r.regression ? 'REGRESSION' : r.verdict === 'slower' ? 'slower' : r.verdict === 'faster' ? 'faster' : '',
  ]);
  if (c.geomean !== undefined)
    rows.push([
      'geomean',
      '',
      '',
      '',
      '',
      '',
      c.geomean.toFixed(2),
      `${c.geomean >= 1 ? '+' : ''}${((c.geomean - 1) * 100).toFixed(2)}%`,
      '',
    ]);
  const table = renderTable(
    ['server', 'workload', 'parameters', 'conns', 'a: 2xx req/s', 'b: 2xx req/s', 'b/a', 'change', ''],
    rows,
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left', 'left'],
  )
    .split('\n')
    .map((line) => line.replace(/REGRESSION$/, p.red('REGRESSION')).replace(/ faster$/, ` ${p.green('faster')}`))
    .join('\n');
  const compared = c.rows.filter((r) => r.verdict !== 'not compared').length;
  const within = c.rows.filter((r) => r.verdict === 'within noise').length;
  const slower = c.rows.filter((r) => r.verdict === 'slower').length;
  const lines = [
    p.bold(`verdict compare: a = ${names.a}, b = ${names.b}`),
    table,
    '',
    `${compared} cell groups compared: ${c.improvements} faster, ${slower} slower (${c.regressions} regression` +
      `${c.regressions === 1 ? '' : 's'}${c.thresholdPercent > 0 ? ` of ${c.thresholdPercent}% or more` : ''}), ` +
      `${within} within the noise` +
      `${c.untested ? `, ${c.untested} not tested (one trial: run both with --rounds 3)` : ''}.`,
    p.dim(
      `Beyond the noise: the whole ${Math.round((1 - ALPHA) * 100)}% interval of b/a lies above or below 1. b/a ` +
        `is the ratio of geometric means with Welch's interval on the logs of each side's trials (2 or more ` +
        `needed; a side with one trial has no noise estimate, so its change is shown with "?" and never counts). ` +
        `Two runs are not interleaved: compare servers within one run for paired intervals.`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
