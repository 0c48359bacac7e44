/**
 * The results folder the web app shows (default: results/ in the working folder). Files are
 * addressed by name only, checked against the folder's own listing, so no request can reach a
 * path outside it. Parsed files are cached by size and modification time: the decide page asks
 * for evidence on every change of an answer.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../results/schema.js';
import { parseResultsText, readResultsText, ResultsFileError, type ResultsProblem } from '../results/store.js';
import { ApiError, type ErrorCode } from './api/errors.js';

/** The caps of every reader (src/results/limits.ts); re-exported for the pages and routes that quote them. */
export { MAX_RESULTS_BYTES, MAX_RESULTS_TEXT } from '../results/limits.js';

/** Names the folder listing offers: plain file names, no path separators, ending in .json. */
export const RESULTS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$/;
/** The longest name RESULTS_NAME lets the listing offer (1 + 200 + '.json'); the router must take it. */
export const MAX_RESULTS_NAME_LENGTH = 206;

export interface ResultsFileInfo {
  name: string;
  bytes: number;
  modified: string;
}

export class ResultsFolder {
  private cache = new Map<string, { key: string; results: Results }>();

  constructor(readonly dir: string) {}

  /** Newest first. A missing folder is an empty list: nothing has been measured yet. */
  list(): ResultsFileInfo[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((e) => e.isFile() && RESULTS_NAME.test(e.name))
      .map((e) => {
        const stat = statSync(join(this.dir, e.name));
        return { name: e.name, bytes: stat.size, modified: stat.mtime.toISOString(), mtimeMs: stat.mtimeMs };
      })
      .sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name))
      .map(({ mtimeMs: _m, ...info }) => info);
  }

  newest(): string | undefined {
    return this.list()[0]?.name;
  }

  /** The full path of a listed file, or a 404 (naming the file only: answers carry no absolute path). */
  pathOf(name: string): string {
    if (!RESULTS_NAME.test(name) || !this.list().some((f) => f.name === name)) {
      throw new ApiError(404, 'not_found', `no results file '${name}' in the results folder`, {
        fix: 'pick one from GET /api/results',
      });
    }
    return join(this.dir, name);
  }

  /**
   * Reads and validates a listed file with the same checks as `verdict report`: its size from
   * stat before a byte is read, then the caps of limits.ts, all before the report is built.
   */
  async read(name: string): Promise<Results> {
    const path = this.pathOf(name);
    const stat = statSync(path);
    const key = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.cache.get(name);
    if (cached?.key === key) return cached.results;
    let text: string;
    try {
      text = readResultsText(path, name);
    } catch (error) {
      throw toApiError(error);
    }
    const results = parseResults(text, name);
    if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(name, { key, results });
    return results;
  }
}

/** How the web app answers each problem with a results file. */
const STATUS: Record<ResultsProblem, { status: number; code: ErrorCode }> = {
  unreadable: { status: 404, code: 'not_found' },
  too_large: { status: 413, code: 'payload_too_large' },
  not_json: { status: 400, code: 'not_json' },
  not_results: { status: 422, code: 'not_results' },
};

function toApiError(error: unknown): unknown {
  if (!(error instanceof ResultsFileError)) return error;
  const { status, code } = STATUS[error.problem];
  return new ApiError(status, code, error.message, error.fix ? { fix: error.fix } : {});
}

/** A results document from text (a file or an upload); a refused file becomes a 413, 400 or 422. */
export function parseResults(text: string, source: string): Results {
  // JSON.parse would quote the bytes it choked on; for a binary file that is noise.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL byte is what marks a binary file
  if (/[\u0000\uFFFD]/.test(text.slice(0, 4096))) {
    throw new ApiError(400, 'not_json', `${source} is not JSON: it holds binary data, not text`, {
      fix: "pass a results file written by 'verdict bench'",
    });
  }
  try {
    return parseResultsText(text, source);
  } catch (error) {
    throw toApiError(error);
  }
}
