/**
 * Runs schemathesis (from .venv-fuzz, made by `verdict setup`) against one OpenAPI document and
 * reads its verdict from its own JSON run report (`--report json`): the number of generated test
 * cases, the failures grouped by check code and the errors come from schemathesis itself, not from
 * parsing its terminal summary. The run is one process group, killed when it overruns its bound.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSchemathesis } from '../../src/setup/fuzz-environment.js';
import { projectRoot } from '../../src/util/paths.js';
import { spawnGroup } from '../../src/util/process-group.js';

export const PHASES = ['examples', 'coverage', 'fuzzing', 'stateful'] as const;

export interface FuzzRun {
  /** Names the run in the log and its artifacts folder: "node-fastify". */
  target: string;
  schemaUrl: string;
  seed: number;
  /** Test cases per operation and phase (schemathesis' --max-examples; 100 when not given). */
  maxExamples?: number;
  /** Kills the run when it has not finished by then. */
  timeoutMs: number;
}

/** The parts of schemathesis 4's JSON run report (schemathesis/cli/json_report.py) the test reads. */
export interface RunReport {
  schemathesis_version: string;
  seed: number | null;
  running_time: number | null;
  stop_reason: string;
  complete: boolean;
  exit_code: number;
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number } | null;
  phases: Record<string, { status: string; skip_reason: string | null }> | null;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
}

export interface FuzzOutcome {
  report: RunReport;
  /** What schemathesis printed: its failures with a curl line to reproduce each. */
  output: string;
  /** Where the reports and the output are kept (test-artifacts/fuzz/...). */
  artifacts: string;
}

export const artifactsRoot = join(projectRoot, 'test-artifacts', 'fuzz');

/**
 * schemathesis' settings that have no command-line flag. 413 counts as refusing a request the
 * document does not allow: schemathesis' default list leaves it out, but a body past a documented
 * cap (the upload's maxItems on servers and cells) is refused with 413, which the document declares.
 */
export const SCHEMATHESIS_CONFIG = `[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
`;

export function schemathesisArgs(run: FuzzRun, reportDir: string, configFile: string): string[] {
  return [
    '--config-file',
    configFile,
    'run',
    run.schemaUrl,
    // No check is excluded: every failure so far was a real mismatch between a server and its
    // document. The authentication checks (ignored_auth, object_level_authorization) find nothing
    // to try, as no document declares a security scheme, and pass.
    '--checks',
    'all',
    '--phases',
    PHASES.join(','),
    '--seed',
    String(run.seed),
    ...(run.maxExamples ? ['--max-examples', String(run.maxExamples)] : []),
    // The default is 10 s; a pure-Python compute request on a loaded 2-core machine takes ~1 s, so a
    // timeout here means a server that hangs, not a slow one.
    '--request-timeout',
    '15',
    // No example database: a run is decided by its seed alone, not by what earlier runs found.
    '--generation-database',
    'none',
    '--report',
    'json,junit',
    '--report-json-path',
    join(reportDir, 'report.json'),
    '--report-junit-path',
    join(reportDir, 'junit.xml'),
    '--no-color',
  ];
}

export async function runSchemathesis(run: FuzzRun): Promise<FuzzOutcome> {
  const { path } = await findSchemathesis();
  const artifacts = join(artifactsRoot, `${run.target}-seed-${run.seed}`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  // schemathesis keeps a cache of failures (.schemathesis/) in its working folder and replays
  // them first next time: a folder of its own keeps the checkout clean and each run independent.
  const work = mkdtempSync(join(tmpdir(), 'verdict-fuzz-'));
  const configFile = join(work, 'schemathesis.toml');
  writeFileSync(configFile, SCHEMATHESIS_CONFIG);
  const env = { ...process.env, NO_COLOR: '1', COLUMNS: '120' };
  const { child, exited, kill } = spawnGroup(
    `schemathesis ${run.target}`,
    path,
    schemathesisArgs(run, artifacts, configFile),
    { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void kill();
  }, run.timeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
    await kill();
    rmSync(work, { recursive: true, force: true });
    writeFileSync(join(artifacts, 'output.txt'), output);
  }
  if (timedOut)
    throw new Error(
      `schemathesis against ${run.target} (seed ${run.seed}) did not finish within ${run.timeoutMs / 1000} s; ` +
        `its output is in ${artifacts}/output.txt`,
    );
  let report: RunReport;
  try {
    report = JSON.parse(readFileSync(join(artifacts, 'report.json'), 'utf8')) as RunReport;
  } catch (error) {
    throw new Error(
      `schemathesis against ${run.target} wrote no JSON report (${(error as Error).message}); it printed:\n` +
        `${output.slice(-4_000)}`,
    );
  }
  return { report, output, artifacts };
}

/** One line per run for the log: the seed, the cases, each phase and each failing check. */
export function describeRun(run: FuzzRun, seedKind: string, outcome: FuzzOutcome): string {
  const { report } = outcome;
  const phases = PHASES.map((p) => `${p} ${report.phases?.[p]?.status ?? 'absent'}`).join(', ');
  const failures =
    report.failures.length === 0
      ? '0 failures'
      : report.failures.map((f) => `${f.code} ${f.title} x${f.count}`).join('; ');
  const errors =
    report.errors.length === 0 ? '0 errors' : report.errors.map((e) => `${e.title} x${e.count}`).join('; ');
  const time = report.running_time === null ? '' : ` in ${report.running_time.toFixed(0)} s`;
  return (
    `[fuzz] ${run.target} seed ${run.seed} (${seedKind}): ${report.test_cases.generated} test cases generated` +
    `${time} by schemathesis ${report.schemathesis_version}; ${failures}; ${errors}; phases: ${phases}`
  );
}

/**
 * schemathesis' own account of each failure (the check, the response, a curl line), cut from its
 * output: the FAILURES section up to the summary.
 */
export function failureDetails(output: string, maxChars = 12_000): string {
  const start = output.search(/^=+ (FAILURES|ERRORS) =+$/m);
  if (start < 0) return output.slice(-maxChars);
  const end = output.search(/^=+ SUMMARY =+$/m);
  const section = output.slice(start, end > start ? end : undefined);
  return section.length > maxChars
    ? `${section.slice(0, maxChars)}\n... (the rest is in the run's output.txt)`
    : section;
}
