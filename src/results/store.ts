/**
 * Reading and writing results files. Every write validates the whole document and replaces the
 * file atomically (write to a temporary name, then rename), so a crash or Ctrl-C in the middle of
 * a run leaves the last valid version on disk: "we export results after each individual
 * benchmark, because we would risk losing them if a later benchmark fails" (hyperfine).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, VerdictError } from '../cli/errors.js';
import { RESULTS_SCHEMA_ID, RESULTS_VERSION, resultsSchema, type Results } from './schema.js';

/** Validates a parsed document; the error names the file, the first bad field and what was expected. */
export function parseResults(raw: unknown, source: string): Results {
  const header = raw as { schema?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.schema !== RESULTS_SCHEMA_ID) {
    throw new UsageError(`${source} is not a verdict results file (no "schema": "${RESULTS_SCHEMA_ID}")`, "pass a file written by 'verdict bench'");
  }
  if (header.version !== RESULTS_VERSION) {
    const why = header.version === 1 ? ' (blocked trials: its ratios cannot be paired by round)' : '';
    throw new UsageError(`${source} has results version ${String(header.version)}${why}; this verdict reads version ${RESULTS_VERSION}`, "run 'verdict bench' again, or read it with the verdict version that wrote it");
  }
  const parsed = resultsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${source}: field '${issue.path.join('.') || '(root)'}' ${issue.message.toLowerCase()}`, "the file was changed by hand or is damaged; run 'verdict bench' again");
  }
  return parsed.data;
}

export function parseResultsText(text: string, source: string): Results {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${(error as Error).message}`, "pass a results file written by 'verdict bench'");
  }
  return parseResults(raw, source);
}

export async function readResults(path: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no results file at ${path}` : `cannot read ${path}: ${(error as Error).message}`, "run 'verdict bench' first, or check the path");
  }
  return parseResultsText(text, path);
}

function serialise(results: Results): string {
  // Validate what we are about to write: a bug must not produce a file that later fails to load.
  const checked = resultsSchema.safeParse(results);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new VerdictError(`internal error: results would be invalid at '${issue.path.join('.')}': ${issue.message}`, 'please report this bug');
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
  return parseResultsText(readFileSync(path, 'utf8'), path);
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
      skipped.push({ file, why: `not a valid results file: ${withoutSource(error instanceof Error ? error.message : String(error), file)}` });
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
