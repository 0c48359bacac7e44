/**
 * Reading and writing results files. Every write validates the whole document and replaces the
 * file atomically (write to a temporary name, then rename), so a crash or Ctrl-C in the middle of
 * a run leaves the last valid version on disk: "we export results after each individual
 * benchmark, because we would risk losing them if a later benchmark fails" (hyperfine).
 * Every read is bounded by the caps of limits.ts, each checked before the work it protects.
 */
import { rename, writeFile } from 'node:fs/promises';
import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { UsageError, VerdictError } from '../core/errors.js';
import {
  countText,
  MAX_CELLS,
  MAX_NESTING_DEPTH,
  MAX_RESULTS_BYTES,
  MAX_RESULTS_TEXT,
  MAX_SERVERS,
  megabytesText,
  nestsDeeperThan,
} from './limits.js';
import { RESULTS_SCHEMA_ID, RESULTS_VERSION, resultsSchema, type Results } from './schema.js';

/**
 * What is wrong with a results file, for callers that answer differently by kind (the web app:
 * 404, 413, 400 or 422). The CLI prints any of them as one line and exits with 2.
 */
export type ResultsProblem = 'unreadable' | 'too_large' | 'not_json' | 'not_results';

export class ResultsFileError extends UsageError {
  constructor(
    readonly problem: ResultsProblem,
    message: string,
    fix: string,
  ) {
    super(message, fix);
    this.name = 'ResultsFileError';
  }
}

const WRITTEN_BY_BENCH = "pass a results file written by 'verdict bench'";

function tooLarge(source: string, bytes: number): ResultsFileError {
  return new ResultsFileError(
    'too_large',
    `${source} is ${megabytesText(bytes)}, over the ${MAX_RESULTS_TEXT} limit for results files (a default run ` +
      `writes about 0.3 MB)`,
    WRITTEN_BY_BENCH,
  );
}

/**
 * The numbers of servers and cells, checked before the schema and the report: both cost time in
 * proportion to them (see limits.ts), and the web app answers on the same thread.
 */
function checkCounts(raw: { servers?: unknown; cells?: unknown }, source: string): void {
  if (Array.isArray(raw.servers) && raw.servers.length > MAX_SERVERS) {
    throw new ResultsFileError(
      'too_large',
      `${source} lists ${countText(raw.servers.length)} servers, over the limit of ${MAX_SERVERS} for results files`,
      `${WRITTEN_BY_BENCH}; a run measures a handful of servers`,
    );
  }
  if (Array.isArray(raw.cells) && raw.cells.length > MAX_CELLS) {
    throw new ResultsFileError(
      'too_large',
      `${source} holds ${countText(raw.cells.length)} cells, over the limit of ${countText(MAX_CELLS)} for ` +
        `results files`,
      `${WRITTEN_BY_BENCH}, or measure fewer rounds (--rounds) or servers per run`,
    );
  }
}

/** What an older version lacks, named in its refusal (see RESULTS_VERSION in schema.ts). */
const OLDER_VERSIONS: Record<number, string> = {
  1: ' (blocked trials: its ratios cannot be paired by round)',
  2: ' (cells of one shape: zeros for figures never measured, skip reasons as bare sentences)',
};

/** Validates a parsed document; the error names the file, the first bad field and what was expected. */
export function parseResults(raw: unknown, source: string): Results {
  const header = raw as { schema?: unknown; version?: unknown; servers?: unknown; cells?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.schema !== RESULTS_SCHEMA_ID) {
    throw new ResultsFileError(
      'not_results',
      `${source} is not a verdict results file (no "schema": "${RESULTS_SCHEMA_ID}")`,
      "pass a file written by 'verdict bench'",
    );
  }
  if (header.version !== RESULTS_VERSION) {
    const why = (typeof header.version === 'number' && OLDER_VERSIONS[header.version]) || '';
    throw new ResultsFileError(
      'not_results',
      `${source} has results version ${String(header.version)}${why}; this verdict reads version ${RESULTS_VERSION}`,
      "run 'verdict bench' again, or read it with the verdict version that wrote it",
    );
  }
  checkCounts(header, source);
  const parsed = resultsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResultsFileError(
      'not_results',
      `${source}: field '${issue.path.join('.') || '(root)'}' ${issue.message.toLowerCase()}`,
      "the file was changed by hand or is damaged; run 'verdict bench' again",
    );
  }
  return parsed.data;
}

/** A results document from its text: the byte and nesting caps first, then JSON.parse and the schema. */
export function parseResultsText(text: string, source: string): Results {
  // Cheap checks first: the length is known, the depth is one pass; JSON.parse is neither.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RESULTS_BYTES) throw tooLarge(source, bytes);
  if (nestsDeeperThan(text, MAX_NESTING_DEPTH)) {
    throw new ResultsFileError(
      'not_results',
      `${source} nests arrays or objects more than ${MAX_NESTING_DEPTH} levels deep; a results file nests 4`,
      WRITTEN_BY_BENCH,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError('not_json', `${source} is not JSON: ${(error as Error).message}`, WRITTEN_BY_BENCH);
  }
  return parseResults(raw, source);
}

function unreadable(error: unknown, shown: string): ResultsFileError {
  if (error instanceof ResultsFileError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new ResultsFileError(
    'unreadable',
    code === 'ENOENT' ? `no results file at ${shown}` : `cannot read ${shown}: ${(error as Error).message}`,
    "run 'verdict bench' first, or check the path",
  );
}

/** Refuses what is not a regular file or is over the byte cap, from its stat, before reading a byte. */
function checkStat(stat: Stats, shown: string): void {
  if (stat.isDirectory())
    throw new ResultsFileError(
      'unreadable',
      `${shown} is a folder, not a results file`,
      'pass the path of a results file, e.g. results/bench-<time>.json',
    );
  if (stat.size > MAX_RESULTS_BYTES) throw tooLarge(shown, stat.size);
}

/** Past the byte cap while reading: a file that grew after its stat, or a device that has no size. */
function grewPastCap(shown: string): ResultsFileError {
  return new ResultsFileError(
    'too_large',
    `${shown} is over the ${MAX_RESULTS_TEXT} limit for results files`,
    WRITTEN_BY_BENCH,
  );
}

const CHUNK = 64 * 1024;

/**
 * The text of a results file, its size checked before it is read and never more than the cap read
 * (one byte past it tells "too large"), whatever the file turns out to be. `shown` names it in
 * messages: the path as typed, or a name in the web app's folder. Synchronous: reading at most
 * 5 MB from a local disk takes milliseconds, and one implementation serves every reader.
 */
export function readResultsText(path: string, shown: string = path): string {
  try {
    const fd = openSync(path, 'r');
    try {
      checkStat(fstatSync(fd), shown);
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buffer = Buffer.alloc(CHUNK);
        const bytesRead = readSync(fd, buffer, 0, CHUNK, null);
        if (bytesRead === 0) break;
        chunks.push(buffer.subarray(0, bytesRead));
        total += bytesRead;
        if (total > MAX_RESULTS_BYTES) throw grewPastCap(shown);
      }
      return Buffer.concat(chunks, total).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw unreadable(error, shown);
  }
}

export async function readResults(path: string): Promise<Results> {
  return parseResultsText(readResultsText(path), path);
}

function serialise(results: Results): string {
  // Validate what we are about to write: a bug must not produce a file that later fails to load.
  const checked = resultsSchema.safeParse(results);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new VerdictError(
      `internal error: results would be invalid at '${issue.path.join('.')}': ${issue.message}`,
      'please report this bug',
    );
  }
  return `${JSON.stringify(checked.data, null, 2)}\n`;
}

export async function writeResults(path: string, results: Results): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, serialise(results));
  await rename(temporary, path);
}

/** The same, synchronously: used from signal handlers where the event loop may not run again. */
export function writeResultsSync(path: string, results: Results): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialise(results));
  renameSync(temporary, path);
}

export function readResultsSync(path: string): Results {
  return parseResultsText(readResultsText(path), path);
}

/** The newest *.json in the results folder, or undefined. */
export function newestResultsFile(dir: string): string | undefined {
  return resultsFilesNewestFirst(dir)[0];
}

/** Every *.json in the results folder, newest first; none when the folder is missing. */
export function resultsFilesNewestFirst(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((n) => join(dir, n)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/** Why a run's measurements are not final, in words; undefined for a completed run. */
export function unfinishedReason(status: Results['status']): string | undefined {
  switch (status) {
    case 'completed':
      return undefined;
    case 'running':
      return 'the run has not finished (status: running; a bench still writing it, or one that was killed)';
    case 'interrupted':
      return 'the run was interrupted before it finished (status: interrupted)';
    case 'failed':
      return 'the run failed before it finished (status: failed)';
  }
}

export interface SkippedResults {
  /** As the caller names files: a path as typed, or a name in the web app's folder. */
  file: string;
  why: string;
}

/**
 * The newest results file that is valid and completed, from candidates listed newest first.
 * A file still being written (a bench in progress) or one that does not parse must not hide the
 * older good ones behind it, so each is skipped with the reason and the next one is tried. The
 * same walk serves `verdict decide` (files on disk) and the web app (its results folder).
 */
export async function newestCompletedResults(
  candidates: readonly string[],
  read: (file: string) => Promise<Results> | Results,
): Promise<{ chosen?: { file: string; results: Results }; skipped: SkippedResults[] }> {
  const skipped: SkippedResults[] = [];
  for (const file of candidates) {
    let results: Results;
    try {
      results = await read(file);
    } catch (error) {
      skipped.push({
        file,
        why: `not a valid results file: ${withoutSource(error instanceof Error ? error.message : String(error), file)}`,
      });
      continue;
    }
    const unfinished = unfinishedReason(results.status);
    if (!unfinished) return { chosen: { file, results }, skipped };
    skipped.push({ file, why: unfinished });
  }
  return { skipped };
}

/** The readers' messages start with the file's name; the note that quotes them has named it already. */
function withoutSource(message: string, file: string): string {
  if (message.startsWith(`${file}: `)) return message.slice(file.length + 2);
  if (message.startsWith(`${file} `)) return `it ${message.slice(file.length + 1)}`;
  return message;
}
