/**
 * `verdict report <results.json>`: the claims verdict and the measurements, in the terminal or as
 * Markdown, HTML or JSON. Everything is validated (the file, the flags, where to write) before
 * anything is rendered.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandSpec } from '../cli/args.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { enumValue, stringFlag } from '../cli/values.js';
import { checkOutputWritable } from '../bench/out-file.js';
import { newestResultsFile, readResults } from '../results/store.js';
import { renderBenchSummary, renderWarnings } from '../report/bench-summary.js';
import { renderClaimsTableFor } from '../report/claims-table.js';
import { htmlPathFor } from '../report/html-file.js';
import { renderHtmlReport } from '../report/html/page.js';
import { renderMarkdownReport } from '../report/markdown.js';
import { buildReport, renderJsonReport, type Report } from '../report/report-model.js';
import { shownPath } from '../util/shown-path.js';

export const REPORT_FORMATS = ['terminal', 'md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: Report, format: ReportFormat, color: boolean): string {
  switch (format) {
    case 'md':
      return renderMarkdownReport(report);
    case 'html':
      return renderHtmlReport(report);
    case 'json':
      return renderJsonReport(report);
    case 'terminal':
      return `${renderBenchSummary(report.results, color)}\n${renderClaimsTableFor(report, color)}`;
  }
}

/** Without a file named, the newest in ./results; without one there, a run comes first. */
function missingResults(): never {
  throw new UsageError(
    'no results file given and none in ./results',
    "run 'verdict bench' first, or pass the results file: verdict report <results>",
  );
}

export const command: CommandSpec = {
  name: 'report',
  summary:
    "Test the guide's claims against a results file; print or write the report (terminal, Markdown, HTML, JSON).",
  description:
    'Each claim of the guide that a benchmark can test is judged supported, refuted or inconclusive, with the ' +
    'numbers\n' +
    'that decided it. The HTML report is one self-contained file (inline charts, no network).',
  positionals: [
    {
      name: 'results',
      description: "a results file written by 'verdict bench'; the newest in ./results when left out",
      required: false,
    },
  ],
  flags: {
    format: {
      type: 'string',
      value: 'FORMAT',
      description: `Output format: ${REPORT_FORMATS.join(', ')}.`,
      default: 'terminal',
    },
    out: {
      type: 'string',
      value: 'FILE',
      description: "Write to FILE ('-' for stdout).",
      default: 'stdout; for html, beside the results file',
    },
  },
  examples: [
    'verdict report',
    'verdict report results/bench-20261120-101500.json',
    'verdict report results/run.json --format md --out report.md',
    'verdict report results/run.json --format html',
    'verdict report results/run.json --format json --out -',
  ],
  async run(input, out) {
    const format = enumValue('format', stringFlag(input.flags, 'format') ?? 'terminal', REPORT_FORMATS);
    const resultsPath = resolve(
      out.cwd,
      input.positionals[0] ?? newestResultsFile(join(out.cwd, 'results')) ?? missingResults(),
    );
    const outFlag = stringFlag(input.flags, 'out');
    if (outFlag === '') throw new UsageError('--out needs a file name or -', 'use --out - for stdout');
    const target =
      outFlag === '-'
        ? undefined
        : outFlag !== undefined
          ? resolve(out.cwd, outFlag)
          : format === 'html'
            ? htmlPathFor(resultsPath)
            : undefined;
    const results = await readResults(resultsPath);
    if (target) await checkOutputWritable(target);

    const report = buildReport(results);
    if (results.status !== 'completed') {
      writeLine(
        out.stderr,
        palette(out.color).yellow(
          `note: ${shownPath(out.cwd, resultsPath)} has status ${results.status}; the report covers the cells ` +
            `measured so far`,
        ),
      );
    }
    // Colour only in the terminal: a file or a pipe into another format gets plain text.
    const text = renderReport(report, format, format === 'terminal' && !target && out.color);
    if (target) {
      await writeFile(target, text);
      writeLine(out.stderr, `report: ${shownPath(out.cwd, target)}`);
    } else {
      out.stdout.write(text);
    }
    if (format === 'terminal') out.stderr.write(renderWarnings(report.warnings, out.color));
    return ExitCode.ok;
  },
};
