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
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  return names.map((n) => join(dir, n)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}
