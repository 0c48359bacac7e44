/**
 * `verdict bench`: runs the servers head to head against a real PostgreSQL and writes the results.
 */
import type { CommandSpec } from '../cli/args.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { palette, writeLine, type Output } from '../core/output.js';
import { enumValue, stringFlag } from '../cli/values.js';
import { benchFlags, parseBenchOptions } from './bench-options.js';
import { checkOutputWritable } from '../bench/out-file.js';
import { formatDuration, mostCells, planRun, planSeconds, type BenchPlan } from '../bench/planned.js';
import { createProgress, PROGRESS_FORMATS, type ProgressFormat } from '../bench/progress.js';
import { runBench } from '../bench/run.js';
import { indicativePhrase, isIndicative } from '../claims/indicative.js';
import { renderBenchSummary, renderWarnings } from '../report/bench-summary.js';
import { renderClaimsTable } from '../report/claims-table.js';
import { writeHtmlReport } from '../report/html-file.js';
import { collectWarnings } from '../report/warnings.js';
import { loadManifests } from '../servers/manifest.js';
import { countText, MAX_CELLS } from '../results/limits.js';
import { readResults } from '../results/store.js';
import { checkTargets } from '../targets/contract.js';
import { connectTarget } from '../targets/target.js';
import { holdExitUntil, wasInterrupted } from '../util/lifecycle.js';
import { shownPath } from '../util/shown-path.js';
import { verdictVersion } from '../util/version.js';

export const command: CommandSpec = {
  name: 'bench',
  summary: "Run the guide's endpoint and its other claims as workloads on every server, against a real PostgreSQL.",
  description:
    'Starts an embedded PostgreSQL (or uses --database-url), seeds it, measures the database ceiling, then ' +
    'starts each server\n' +
    "pinned to its own CPU, warms it up and runs every workload at its levels: users (the guide's endpoint), " +
    'users-unvalidated,\n' +
    'user-by-id, the open model (users-open, user-by-id-open), fanout, compute, websocket and sse. It prints a ' +
    'summary and the\n' +
    "guide's claims table, and writes the results file (saved after every cell; Ctrl-C keeps what was measured) " +
    'and an HTML\n' +
    'report beside it. The default run takes about 11 minutes on 2 cores; --quick about a minute (one round per ' +
    'cell:\n' +
    'indicative, not a verdict); --workloads users about 7.\n' +
    'With --target NAME=URL (and --runtime NAME=node|python) it measures servers it did not start instead: each ' +
    'is checked\n' +
    "against the selected workloads' contract first and refused (exit 2) if it does not meet it; their CPU and " +
    'memory are not\n' +
    "available, and queries per request only with --database-url pointing at the targets' database (it is never " +
    'seeded).',
  flags: {
    ...benchFlags,
    progress: {
      type: 'string',
      value: 'FORMAT',
      description:
        'Progress on stderr: auto (a bar on a terminal, lines otherwise) or jsonl (one JSON object a line, for ' +
        'programs).',
      default: 'auto',
    },
  },
  examples: [
    'verdict bench',
    'verdict bench --quick',
    'verdict bench --target api=http://10.0.0.5:8080 --runtime api=node --target py=http://10.0.0.6:8000 ' +
      '--runtime py=python --workloads users',
    'verdict bench --servers node-fastify,python-fastapi-tuned --levels 50,100 --rounds 5 --seed 42',
    'verdict bench --driver wrk --json > results.json',
  ],
  async run(input, out) {
    const manifests = await loadManifests();
    const options = parseBenchOptions(input, manifests, out.cwd);
    const progressFormat = enumValue('progress', stringFlag(input.flags, 'progress') ?? 'auto', PROGRESS_FORMATS);
    // One plan: the estimate sums its steps, and the runner executes the same steps.
    const plan = planRun(options);
    checkFitsResultsFile(plan);
    await checkOutputWritable(options.out);
    // Servers verdict did not start must answer as its own do before anything is measured.
    if (options.targets.length)
      await checkTargets(
        options.targets.map((t, i) => connectTarget(options.servers[i]!, t.url)),
        options.workloads,
        options.rows,
      );
    // On Ctrl-C the process exits only once this run has written its summary and report.
    return holdExitUntil(benchAndReport(plan, progressFormat, out));
  },
};

/** A run whose file report, compare and serve would refuse is refused before it starts. */
function checkFitsResultsFile(plan: BenchPlan): void {
  const cells = mostCells(plan);
  if (cells > MAX_CELLS) {
    throw new UsageError(
      `this plan can record up to ${countText(cells)} cells, more than the ${countText(MAX_CELLS)} a results ` +
        `file may hold for report, compare and serve`,
      'measure fewer servers, levels or --rounds, or a smaller --budget',
    );
  }
}

async function benchAndReport(plan: BenchPlan, progressFormat: ProgressFormat, out: Output): Promise<number> {
  const { options } = plan;
  const p = palette(out.color);
  const estimate = planSeconds(plan);
  const quick = isIndicative(options) ? ` (quick run: ${indicativePhrase(options)})` : '';
  writeLine(
    out.stderr,
    p.dim(
      `verdict bench: ${options.servers.length} ${options.targets.length ? 'target' : 'server'}` +
        `${options.servers.length === 1 ? '' : 's'}, ${options.workloads.map((w) => w.name).join(', ')}; expected ` +
        `time about ${formatDuration(estimate)}${quick}` +
        `${
          options.budgetSeconds > 0
            ? `, plus up to ${formatDuration(options.budgetSeconds)} of ` +
              `extra rounds where a comparison is still open`
            : ''
        }` +
        `; seed ${options.seed}; results in ${shownPath(out.cwd, options.out)}`,
    ),
  );
  const progress = createProgress(out, estimate, progressFormat);
  let outcome;
  try {
    outcome = await runBench(
      options,
      { log: progress.log, progress: progress.update, toolVersion: verdictVersion() },
      plan,
    );
  } catch (error) {
    if (!wasInterrupted()) throw error;
    // Stopping the database on Ctrl-C can make the cell in progress fail; that is not news.
    outcome = { results: await readResults(options.out), interrupted: true, failed: false };
  } finally {
    progress.finish();
  }
  const { results, failed, interrupted } = outcome;
  const summary = renderBenchSummary(results, out.color);
  if (options.json) {
    out.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    out.stderr.write(summary);
  } else {
    out.stdout.write(summary);
  }
  (options.json ? out.stderr : out.stdout).write(`\n${renderClaimsTable(results, out.color)}`);
  out.stderr.write(renderWarnings(collectWarnings(results), out.color));
  writeLine(out.stderr, `results: ${shownPath(out.cwd, options.out)}`);
  // The results are saved already: a report that cannot be written is a warning, not a failed run.
  const html = await writeHtmlReport(results, options.out).catch(
    (error: Error) => void writeLine(out.stderr, `warning: the HTML report was not written: ${error.message}`),
  );
  if (html) writeLine(out.stderr, `report: ${shownPath(out.cwd, html)}`);
  if (interrupted) {
    writeLine(out.stderr, `interrupted: the ${results.cells.length} cells measured so far are saved`);
    return ExitCode.interrupted;
  }
  return failed ? ExitCode.failure : ExitCode.ok;
}
