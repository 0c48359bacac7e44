/**
 * `verdict import k6 FILE|FOLDER` and `verdict import wrk FILE`: another engine's run as a verdict
 * results file, for `report`, `compare`, `decide` and `serve`. k6-operator leaves one JSON file
 * per runner and merges none of them; verdict merges their latencies exactly (one histogram of
 * every sample per cell), so the percentiles are those of the whole run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandSpec, ParsedInput } from '../cli/args.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { palette, writeLine, type Output } from '../core/output.js';
import { booleanFlag, integerValue, stringFlag } from '../cli/values.js';
import { checkOutputWritable } from '../bench/out-file.js';
import { importedResults, type ImportedRun } from '../import/document.js';
import { importK6 } from '../import/k6.js';
import { k6Run } from '../import/k6-run.js';
import { resolveServer } from '../import/servers.js';
import { wrkCell } from '../import/wrk.js';
import { parseWrkOutput } from '../import/wrk-output.js';
import { renderBenchSummary } from '../report/bench-summary.js';
import { writeResults } from '../results/store.js';
import { loadManifests } from '../servers/manifest.js';
import { shownPath } from '../util/shown-path.js';
import { runtimeFlags } from './import-options.js';

export const ENGINES = ['k6', 'wrk'] as const;
type Engine = (typeof ENGINES)[number];

/** A runner's file, or a folder of them (k6-operator: one per runner); hidden files are skipped. */
/** Every file named, a folder standing for the files in it (one per runner). */
async function runnerFiles(paths: readonly string[]): Promise<string[]> {
  const files = (await Promise.all(paths.map(filesAt))).flat();
  const twice = files.find((file, i) => files.indexOf(file) !== i);
  if (twice !== undefined)
    throw new UsageError(`${twice} is named twice: its samples would count twice`, 'name each runner file once');
  return files;
}

async function filesAt(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`no file or folder at ${path}`, 'check the path');
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (names.length === 0)
    throw new UsageError(`the folder ${path} holds no files`, "put each runner's k6 JSON output in it");
  return names.map((name) => join(path, name));
}

/** Flags that belong to one engine only: given to the other, they would be silently ignored. */
const ENGINE_ONLY: Record<string, Engine> = { level: 'k6', connections: 'wrk' };

export const command: CommandSpec = {
  name: 'import',
  summary:
    "Turn k6 runners' JSON output or a wrk run into a results file (latencies merged exactly) for report and compare.",
  description:
    `verdict import k6 FILE|FOLDER...: the JSON lines of 'k6 run --out json=FILE' (gzip too), from one runner, ` +
    `several runner
files, or a folder holding one file per runner (k6-operator's parallelism). Samples are ` +
    `grouped into cells by their tags server, workload and
level (verdict's k6 scripts set them; --server, ` +
    `--workload and --level stand in where a sample has none). Each cell's
http_req_duration samples from every ` +
    `runner go into one histogram (microseconds, 3 significant digits, as verdict's own
drivers record), so its ` +
    `percentiles are those of all the requests together. Requests are the samples with a response
(status other ` +
    `than 0); non-2xx, errors (no response) and timeouts (k6 error code 1050) are counted apart; ` +
    `http_req_failed
and checks are kept per cell. req/s is (responses - 1) over the time between the first and ` +
    `the last response.

verdict import wrk FILE: what wrk printed (wrk ... > run.txt) for one server, workload ` +
    `and level. It reads wrk's summary
(with --latency: p50, p75, p90, p99), and the lines of a done hook: ` +
    `VERDICT_RESULT (wrk's exact percentiles, as
src/load/wrk.lua prints them) and VERDICT_DISTRIBUTION (every ` +
    `latency; src/import/wrk-done.lua prints both: run wrk with
-s src/import/wrk-done.lua, or copy its done ` +
    `function into your script). Without a done hook there is no p99.9, so the
summary's percentiles are kept as ` +
    `figures of the cell and the latency claims cannot read them.

Every server needs a runtime: a 'runtime' tag, ` +
    `--runtime NAME=node|python, or the name of one of verdict's servers.
Server CPU and memory, queries per ` +
    `request and the generator's CPU are not in either engine's output: the results file
says so ` +
    `(source.notAvailable), and claims that need them are not measurable.`,
  positionals: [
    { name: 'engine', description: `the engine whose output this is: ${ENGINES.join(' or ')}`, required: true },
    {
      name: 'file',
      description: 'k6: JSON output files or folders of them (one per runner); wrk: its printed output (one file)',
      required: true,
      variadic: true,
    },
  ],
  flags: {
    server: {
      type: 'string',
      value: 'NAME',
      description: 'The server for samples without a server tag (wrk: the server measured; required).',
    },
    runtime: {
      type: 'string',
      value: 'NAME=RUNTIME',
      multiple: true,
      description: "A server's runtime, node or python (repeatable); a bare node|python applies to --server.",
    },
    workload: {
      type: 'string',
      value: 'NAME',
      description: 'The workload for samples without a workload tag, e.g. users (wrk: required).',
    },
    level: {
      type: 'string',
      value: 'N',
      description: 'k6: the level (connections or req/s offered) for samples without a level tag.',
    },
    connections: {
      type: 'string',
      value: 'N',
      description: "wrk: the connections it held (-c N); read from wrk's summary when left out.",
    },
    'engine-version': {
      type: 'string',
      value: 'VERSION',
      description: "The engine's version, when its output does not say (k6: a k6_version tag says it).",
      default: 'unknown',
    },
    out: {
      type: 'string',
      value: 'FILE',
      description: 'Results file to write.',
      default: 'results/import-<engine>-<time>.json',
    },
    json: { type: 'boolean', description: 'Print the results JSON on stdout (the summary goes to stderr).' },
  },
  examples: [
    'verdict import k6 runners/ --out results/k6-run.json',
    'verdict import k6 runner-0.json runner-1.json runner-2.json runner-3.json',
    'verdict import k6 runner-0.json --server api --runtime api=node --workload users --level 100',
    'verdict import wrk wrk-run.txt --server api --runtime node --workload users --connections 100',
    'wrk -t2 -c100 -d30s --latency -s src/import/wrk-done.lua http://10.0.0.5:8080/api/users > wrk-run.txt',
  ],
  async run(input, out) {
    const engine = input.positionals[0] as Engine;
    if (!(ENGINES as readonly string[]).includes(engine))
      throw new UsageError(
        `unknown engine '${engine}' for 'verdict import'`,
        `choose ${ENGINES.join(' or ')}: verdict import k6 FILE, verdict import wrk FILE`,
      );
    for (const [flag, only] of Object.entries(ENGINE_ONLY)) {
      if (input.flags[flag] !== undefined && only !== engine)
        throw new UsageError(`--${flag} is for 'verdict import ${only}', not ${engine}`, `drop --${flag}`);
    }
    const paths = input.positionals.slice(1).map((p) => resolve(out.cwd, p));
    if (engine === 'wrk' && paths.length > 1)
      throw new UsageError(
        "'verdict import wrk' reads one wrk run per file",
        'import each run into its own results file',
      );
    const path = paths[0]!;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const target = resolve(out.cwd, stringFlag(input.flags, 'out') ?? `results/import-${engine}-${stamp}.json`);
    const server = stringFlag(input.flags, 'server');
    const runtimes = runtimeFlags(input.flags.runtime, server);
    const workload = stringFlag(input.flags, 'workload');
    if (server === '' || workload === '')
      throw new UsageError(`--${server === '' ? 'server' : 'workload'} needs a name`);
    const engineVersion = stringFlag(input.flags, 'engine-version');
    await checkOutputWritable(target);

    const progress = (line: string) => {
      if (out.stderrIsTTY) writeLine(out.stderr, palette(out.color).dim(line));
    };
    const { run, warnings } =
      engine === 'k6'
        ? await fromK6(paths, input, { server, workload, runtimes, engineVersion }, progress)
        : await fromWrk(path, input, { server, workload, runtimes, engineVersion });
    const results = importedResults(run);
    await writeResults(target, results);
    return report(results, run, warnings, target, booleanFlag(input.flags, 'json'), out);
  },
};

interface CommonOptions {
  server: string | undefined;
  workload: string | undefined;
  runtimes: ReturnType<typeof runtimeFlags>;
  engineVersion: string | undefined;
}

async function fromK6(
  paths: readonly string[],
  input: ParsedInput,
  options: CommonOptions,
  progress: (line: string) => void,
): Promise<{ run: ImportedRun; warnings: string[] }> {
  const rawLevel = stringFlag(input.flags, 'level');
  const level = rawLevel === undefined ? undefined : integerValue('level', rawLevel, { min: 0, max: 10_000_000 });
  const files = await runnerFiles(paths);
  const manifests = await loadManifests();
  const imported = await importK6(files, { server: options.server, workload: options.workload, level }, progress);
  return k6Run(imported, options.runtimes, manifests, options.engineVersion);
}

async function fromWrk(
  path: string,
  input: ParsedInput,
  options: CommonOptions,
): Promise<{ run: ImportedRun; warnings: string[] }> {
  if (options.server === undefined)
    throw new UsageError(
      "'verdict import wrk' needs --server NAME: wrk's output names no server",
      'e.g. --server api --runtime node',
    );
  if (options.workload === undefined)
    throw new UsageError(
      "'verdict import wrk' needs --workload NAME: wrk's output names no workload",
      'e.g. --workload users',
    );
  const rawConnections = stringFlag(input.flags, 'connections');
  const connections =
    rawConnections === undefined ? undefined : integerValue('connections', rawConnections, { min: 1, max: 1_000_000 });
  const flagNames = [...options.runtimes.keys()].filter((name) => name !== options.server);
  if (flagNames.length > 0)
    throw new UsageError(
      `--runtime names ${flagNames.join(', ')}, but this wrk run measured ${options.server}`,
      `write --runtime ${options.server}=node|python`,
    );
  let text: string;
  let endedAt: Date;
  try {
    [text, endedAt] = [await readFile(path, 'utf8'), (await stat(path)).mtime];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `no file at ${path}` : `cannot read ${path}: ${code ?? (error as Error).message}`,
      'check the path',
    );
  }
  const output = parseWrkOutput(text, path);
  const { runtime, variant } = resolveServer(
    { name: options.server, runtimeTag: undefined },
    options.runtimes,
    await loadManifests(),
  );
  const { cell, latencySource } = wrkCell(
    output,
    { server: options.server, runtime, variant, workload: options.workload, connections, endedAt },
    path,
  );
  const warnings: string[] = [];
  const notes: string[] = [
    "wrk's output has no timestamps: the cell's start is the file's modification time less the run's duration.",
  ];
  if (latencySource === 'text summary (no p99.9)') {
    const sentence =
      "Latency percentiles for the claims: wrk's summary has no p99.9, so its percentiles are kept as the " +
      "cell's figures (latencyP50Ms, ...) and the latency claims cannot read them; print them with the done " +
      'hook of src/import/wrk-done.lua';
    notes.push(`${sentence}.`);
    warnings.push(sentence);
  }
  if (latencySource === 'none')
    warnings.push('no latency in this output: run wrk with --latency, or with -s src/import/wrk-done.lua');
  if (output.distributionSkipped)
    warnings.push(
      `the done hook left the distribution out (${output.distributionSkipped}); wrk's own percentiles were used`,
    );
  return {
    run: {
      engine: 'wrk',
      engineVersion: options.engineVersion ?? 'unknown',
      runners: 1,
      servers: [{ name: options.server, runtime, variant, origin: originOf(output.url) }],
      cells: [cell],
      notes,
    },
    warnings,
  };
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function report(
  results: ReturnType<typeof importedResults>,
  run: ImportedRun,
  warnings: string[],
  target: string,
  json: boolean,
  out: Output,
): number {
  const p = palette(out.color);
  const cells = results.cells.length;
  if (json) {
    writeLine(out.stdout, JSON.stringify(results, null, 2));
    out.stderr.write(renderBenchSummary(results, out.color));
  } else {
    out.stdout.write(renderBenchSummary(results, out.color));
  }
  for (const warning of warnings) writeLine(out.stderr, `${p.yellow('warning')}: ${warning}`);
  const runners = run.runners === 1 ? '1 runner' : `${run.runners} runners`;
  writeLine(
    out.stderr,
    `imported ${cells} cell${cells === 1 ? '' : 's'} from ${runners} of ${run.engine} ${run.engineVersion}: ` +
      `${shownPath(out.cwd, target)}`,
  );
  writeLine(out.stderr, p.dim(`next: verdict report ${shownPath(out.cwd, target)}`));
  return ExitCode.ok;
}
