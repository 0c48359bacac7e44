/**
 * `verdict import k6`: the JSON output of one or many k6 runners (k6-operator runs N of them and
 * leaves N files) merged into cells. Each cell is a server, a workload and a level, named by the
 * samples' tags `server`, `workload` and `level` (src/k6's scripts set them); its latency is one
 * histogram of every runner's http_req_duration samples, so its percentiles are those of all the
 * requests together, not an average of per-runner percentiles.
 */
import { UsageError } from '../core/errors.js';
import { K6_CELL_TAGS, K6_RUNTIME_TAG } from '../k6/tags.js';
import { cellKeyText, newTally, noteTime, type CellKey, type CellTally } from './cell-tally.js';
import { parseK6Line, type K6Point } from './k6-points.js';
import { readLines } from './lines.js';

/** Where a sample lacks a tag, the value given on the command line (for scripts without verdict's tags). */
export interface TagFallbacks {
  server?: string;
  workload?: string;
  level?: number;
}

export interface K6Import {
  tallies: CellTally[];
  /** The files read: one per runner. */
  runners: number;
  /** k6's version, from a `k6_version` tag (`k6 run --tag k6_version=...`); k6's JSON has no version of its own. */
  engineVersion: string | undefined;
  /** Checks whose samples carry no cell tags (a check() without them): counted, not placed in a cell. */
  unplacedChecks: { passed: number; failed: number };
  /** Per file, the samples read, and a cut-off last line if there was one. */
  files: { path: string; samples: number; cutLastLine?: string }[];
}

/** k6's error code for a request that timed out (https://grafana.com/docs/k6/latest/javascript-api/error-codes/). */
const K6_TIMEOUT_CODE = '1050';

export function parseLevel(raw: string, where: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(
      `${where}: tag level="${raw}" is not a whole number of connections or requests per second`,
      'tag each request with its level as a whole number, e.g. level=100',
    );
  }
  return value;
}

function cellKeyOf(point: K6Point, fallbacks: TagFallbacks, where: string): CellKey | undefined {
  const server = point.tags.server ?? fallbacks.server;
  const workload = point.tags.workload ?? fallbacks.workload;
  const level = point.tags.level !== undefined ? parseLevel(point.tags.level, where) : fallbacks.level;
  if (server === undefined || workload === undefined || level === undefined) return undefined;
  return { server, workload, level };
}

function missingTags(point: K6Point, where: string): UsageError {
  // The names the exported scripts write (src/k6/tags.ts), in the order they list them.
  const missing = K6_CELL_TAGS.filter((tag) => point.tags[tag] === undefined);
  return new UsageError(
    `${where}: a ${point.metric} sample has no ${missing.map((t) => `'${t}'`).join(', ')} tag`,
    `tag the requests with ${missing.join(', ')} (verdict's k6 scripts do), or give ` +
      `${missing.map((t) => `--${t}`).join(', ')} for the samples without`,
  );
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A response arrived unless k6 recorded status 0 (no HTTP response: refused, reset, timed out). */
const gotResponse = (point: K6Point) => point.tags.status === undefined || point.tags.status !== '0';

function record(tally: CellTally, point: K6Point, runner: number): void {
  tally.runners.add(runner);
  if (point.tags[K6_RUNTIME_TAG] !== undefined) tally.runtimeTag ??= point.tags[K6_RUNTIME_TAG];
  if (point.tags.url !== undefined) tally.origin ??= originOf(point.tags.url);
  switch (point.metric) {
    case 'http_req_duration':
      if (!gotResponse(point)) {
        if (point.tags.error_code === K6_TIMEOUT_CODE) tally.timeouts += 1;
        else tally.errors += 1;
        return;
      }
      tally.responses += 1;
      tally.latency.recordMs(point.value);
      noteTime(tally, point.timeUs);
      if (point.tags.status !== undefined && !/^2\d\d$/.test(point.tags.status)) tally.non2xx += 1;
      return;
    case 'http_req_failed':
      if (point.value !== 0) tally.failed += 1;
      return;
    case 'checks':
      if (point.value !== 0) tally.checksPassed += 1;
      else tally.checksFailed += 1;
  }
}

export async function importK6(
  paths: readonly string[],
  fallbacks: TagFallbacks,
  progress: (line: string) => void = () => {},
): Promise<K6Import> {
  const tallies = new Map<string, CellTally>();
  const result: K6Import = {
    tallies: [],
    runners: paths.length,
    engineVersion: undefined,
    unplacedChecks: { passed: 0, failed: 0 },
    files: [],
  };
  for (const [runner, path] of paths.entries()) {
    progress(`reading ${path} (runner ${runner + 1} of ${paths.length})`);
    const file: K6Import['files'][number] = { path, samples: 0 };
    // Only the last line may be damaged: a runner stopped in the middle of writing it. A bad line
    // followed by more lines is a damaged or foreign file, and importing the rest would hide that.
    let pending: { lineNumber: number; why: string; text: string } | undefined;
    let lineNumber = 0;
    for await (const line of readLines(path)) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      if (pending) throw badLine(path, pending.lineNumber, pending.why);
      const parsed = parseK6Line(line);
      if (parsed.kind === 'malformed') {
        pending = { lineNumber, why: parsed.why, text: line };
        continue;
      }
      if (parsed.kind === 'other') continue;
      const point = parsed.point;
      const where = `${path}:${lineNumber}`;
      result.engineVersion ??= point.tags.k6_version;
      const key = cellKeyOf(point, fallbacks, where);
      if (!key) {
        if (point.metric !== 'checks') throw missingTags(point, where);
        if (point.value !== 0) result.unplacedChecks.passed += 1;
        else result.unplacedChecks.failed += 1;
        continue;
      }
      const id = cellKeyText(key);
      let tally = tallies.get(id);
      if (!tally) tallies.set(id, (tally = newTally(key)));
      record(tally, point, runner);
      file.samples += 1;
    }
    if (pending) {
      if (pending.lineNumber === 1) throw badLine(path, 1, pending.why);
      file.cutLastLine = `line ${pending.lineNumber}: ${pending.why}`;
    }
    result.files.push(file);
  }
  result.tallies = [...tallies.values()];
  return result;
}

function badLine(path: string, lineNumber: number, why: string): UsageError {
  if (lineNumber === 1) {
    return new UsageError(
      `${path} is not k6 JSON output (line ${lineNumber}: ${why})`,
      'pass the files k6 wrote with --out json=FILE',
    );
  }
  return new UsageError(
    `${path}:${lineNumber} is damaged (${why}) and lines follow it`,
    'copy the file again from the runner; only a cut-off last line is skipped',
  );
}
