/**
 * The results folder the web app shows (default: results/ in the working folder). Files are
 * addressed by name only, checked against the folder's own listing, so no request can reach a
 * path outside it. Parsed files are cached by size and modification time: the decide page asks
 * for evidence on every change of an answer.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../cli/errors.js';
import type { Results } from '../results/schema.js';
import { parseResultsText } from '../results/store.js';
import { ApiError } from './api/errors.js';

/** A results file is a few hundred kilobytes; anything this large is not one. */
export const MAX_RESULTS_BYTES = 5 * 1024 * 1024;
export const MAX_RESULTS_TEXT = '5 MB';

/** Names the folder listing offers: plain file names, no path separators, ending in .json. */
export const RESULTS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$/;

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

  /** The full path of a listed file, or a 404 that says which folder was looked in. */
  pathOf(name: string): string {
    if (!RESULTS_NAME.test(name) || !this.list().some((f) => f.name === name)) {
      throw new ApiError(404, 'not_found', `no results file '${name}' in ${this.dir}`, { fix: 'pick one from GET /api/results' });
    }
    return join(this.dir, name);
  }

  /** Reads and validates a listed file with the same checks as `verdict report`. */
  async read(name: string): Promise<Results> {
    const path = this.pathOf(name);
    const stat = statSync(path);
    const key = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.cache.get(name);
    if (cached?.key === key) return cached.results;
    if (stat.size > MAX_RESULTS_BYTES) {
      throw new ApiError(413, 'payload_too_large', `${name} is ${(stat.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_RESULTS_TEXT} limit for results files`);
    }
    const results = parseResults(await readFile(path, 'utf8'), name);
    if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(name, { key, results });
    return results;
  }
}

/** A results document from text (a file or an upload); the schema's message becomes a 422 or 400. */
export function parseResults(text: string, source: string): Results {
  // JSON.parse would quote the bytes it choked on; for a binary file that is noise.
  if (/[\u0000\uFFFD]/.test(text.slice(0, 4096))) {
    throw new ApiError(400, 'not_json', `${source} is not JSON: it holds binary data, not text`, { fix: "pass a results file written by 'verdict bench'" });
  }
  try {
    return parseResultsText(text, source);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const notJson = / is not JSON: /.test(error.message);
    throw new ApiError(notJson ? 400 : 422, notJson ? 'not_json' : 'not_results', error.message, error.fix ? { fix: error.fix } : {});
  }
}
