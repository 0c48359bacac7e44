/**
 * `verdict compare <a.json> <b.json>`: did b get faster or slower than a, beyond the noise of both
 * runs? A benchstat-style table; `--fail-on-regression` turns a significant slow-down into exit 1
 * (for CI).
 */
import { resolve } from 'node:path';
import type { CommandSpec } from '../cli/args.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { booleanFlag, stringFlag } from '../cli/values.js';
import { readResults } from '../results/store.js';
import { compareRuns } from '../report/compare.js';
import { renderComparison } from '../report/compare-render.js';
import { shownPath } from '../util/shown-path.js';

function percentValue(name: string, raw: string): number {
  const value = Number(raw.trim().replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(raw.trim()) || !(value >= 0 && value < 100)) {
    throw new UsageError(`--${name} must be a percentage from 0 to 99.9 such as 5 or 2.5, got '${raw}'`);
  }
  return value;
}

export const command: CommandSpec = {
  name: 'compare',
  summary: 'Compare two results files cell by cell: ratios with their 95% interval, and changes beyond the noise.',
  description:
    "For every server, workload, parameter set and level in both files: b's successful req/s over a's, as the " +
    'ratio of\n' +
    "geometric means with a 95% interval (Welch, on the logs of each run's rounds), and whether the whole " +
    'interval lies\n' +
    'above or below 1. It needs 2 or more rounds a side: with one there is no noise estimate and the change is ' +
    'not tested.',
  positionals: [
    { name: 'a', description: 'the baseline results file', required: true },
    { name: 'b', description: 'the results file to compare with it', required: true },
  ],
  flags: {
    'fail-on-regression': {
      type: 'boolean',
      description: 'Exit with code 1 when any cell is significantly slower in b.',
    },
    threshold: {
      type: 'string',
      value: 'PERCENT',
      description: 'Count a slow-down as a regression only from this size.',
      default: '0',
    },
    json: { type: 'boolean', description: 'Print the comparison as JSON.' },
  },
  examples: [
    'verdict compare results/before.json results/after.json',
    'verdict compare a.json b.json --fail-on-regression --threshold 5',
    'verdict compare a.json b.json --json',
  ],
  async run(input, out) {
    const threshold =
      stringFlag(input.flags, 'threshold') !== undefined
        ? percentValue('threshold', stringFlag(input.flags, 'threshold')!)
        : 0;
    const failOnRegression = booleanFlag(input.flags, 'fail-on-regression');
    const [pathA, pathB] = input.positionals.map((p) => resolve(out.cwd, p)) as [string, string];
    const [a, b] = [await readResults(pathA), await readResults(pathB)];
    const comparison = compareRuns(a, b, threshold);
    const p = palette(out.color);
    if (booleanFlag(input.flags, 'json')) {
      writeLine(out.stdout, JSON.stringify({ a: pathA, b: pathB, ...comparison }, null, 2));
    } else {
      out.stdout.write(
        renderComparison(comparison, { a: shownPath(out.cwd, pathA), b: shownPath(out.cwd, pathB) }, out.color),
      );
    }
    for (const difference of comparison.differences)
      writeLine(out.stderr, `${p.yellow('note')}: the runs differ: ${difference}`);
    if (comparison.rows.every((r) => r.verdict === 'not compared'))
      writeLine(out.stderr, `${p.yellow('note')}: the two files have no cell group in common with completed trials`);
    if (failOnRegression && comparison.untested > 0) {
      writeLine(
        out.stderr,
        `${p.yellow('note')}: ${comparison.untested} cell group${comparison.untested === 1 ? ' has' : 's have'} ` +
          `one trial on a side and cannot be tested for a regression; run the benchmarks with --rounds 3`,
      );
    }
    if (failOnRegression && comparison.regressions > 0) {
      writeLine(
        out.stderr,
        `verdict: ${comparison.regressions} significant regression${comparison.regressions === 1 ? '' : 's'} in ` +
          `${shownPath(out.cwd, pathB)}; see the REGRESSION rows`,
      );
      return ExitCode.failure;
    }
    return ExitCode.ok;
  },
};
