/**
 * Hostile results files, written into a folder: what a damaged disk, a hand edit, another tool or
 * an attacker's upload could hand `verdict report`, `verdict compare` or the web app. Each comes
 * with the cause its one-line refusal must name and the status the web app must answer with.
 * Shared by the unit tests (test/results/limits.test.ts) and the end-to-end ones.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_CELLS } from '../../src/results/limits.js';
import { serverInfo } from './results-builder.js';
import { sampleResults } from './sample-results.js';

export interface HostileFile {
  name: string;
  /** What the file is, for test titles. */
  what: string;
  /** The refusal must match this: it names the cause. */
  cause: RegExp;
  /** The web app's answer: status and error code. */
  status: number;
  code: 'not_json' | 'not_results' | 'payload_too_large';
}

/** The 100 MB file is written only where asked: it takes a second and 100 MB of disk. */
export const HUGE_FILE = 'huge-100mb.json';

export function writeHostileFiles(dir: string, options: { huge?: boolean } = {}): HostileFile[] {
  const sample = sampleResults();
  const files: HostileFile[] = [];
  const add = (file: HostileFile, text: string) => {
    writeFileSync(join(dir, file.name), text);
    files.push(file);
  };

  add(
    {
      name: 'malformed.json',
      what: 'malformed JSON (cut off in the cells)',
      cause: /malformed\.json is not JSON: /,
      status: 400,
      code: 'not_json',
    },
    JSON.stringify(sample).slice(0, 5_000),
  );
  add(
    {
      name: 'older.json',
      what: 'an older schema version (1)',
      cause: /older\.json has results version 1 \(blocked trials/,
      status: 422,
      code: 'not_results',
    },
    JSON.stringify({ ...sample, version: 1 }),
  );
  add(
    {
      name: 'older-v2.json',
      what: 'an older schema version (2)',
      cause: new RegExp(
        String.raw`older-v2\.json has results version 2 \(cells of one shape: zeros for figures never ` +
          String.raw`measured, skip reasons as bare sentences\); this verdict reads version 3`,
      ),
      status: 422,
      code: 'not_results',
    },
    JSON.stringify({ ...sample, version: 2 }),
  );
  add(
    {
      name: 'newer.json',
      what: 'a newer schema version (4)',
      cause: /newer\.json has results version 4; this verdict reads version 3/,
      status: 422,
      code: 'not_results',
    },
    JSON.stringify({ ...sample, version: 4 }),
  );

  const deep = /nests arrays or objects more than 64 levels deep/;
  add(
    { name: 'deep-array.json', what: '100,000 levels of [', cause: deep, status: 422, code: 'not_results' },
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  );
  // The same inside a document that passes the header checks, where the schema would walk into it.
  const inCell = JSON.stringify({ ...sample, cells: ['@'] }).replace(
    '"@"',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  );
  add(
    {
      name: 'deep-in-cells.json',
      what: '100,000 levels of [ in the cells of a results file',
      cause: deep,
      status: 422,
      code: 'not_results',
    },
    inCell,
  );

  // The known finding's shape: a results file that validates, with far more servers than a run has.
  const servers = Array.from({ length: 10_000 }, (_, i) =>
    serverInfo(`server-${i}`, i % 2 ? 'node' : 'python', 'tuned'),
  );
  const manyServers = { ...sample, servers, plan: { ...sample.plan, servers: servers.map((s) => s.name) } };
  add(
    {
      name: 'servers-10000.json',
      what: 'a valid-looking file with 10,000 servers',
      cause: /servers-10000\.json lists 10,000 servers, over the limit of 64/,
      status: 413,
      code: 'payload_too_large',
    },
    JSON.stringify(manyServers),
  );

  // Cells: a realistic-looking file just over the cap, and a million tiny ones in 3 MB.
  const cells = Array.from({ length: MAX_CELLS + 1 }, (_, i) => ({
    ...sample.cells[i % sample.cells.length]!,
    round: 1 + Math.floor(i / sample.cells.length),
  }));
  add(
    {
      name: 'cells-over-cap.json',
      what: `a valid-looking file with ${MAX_CELLS + 1} cells`,
      cause: /cells-over-cap\.json holds 4,001 cells, over the limit of 4,000/,
      status: 413,
      code: 'payload_too_large',
    },
    JSON.stringify({ ...sample, cells }),
  );
  const tinyCells = JSON.stringify({ ...sample, cells: ['@'] }).replace(
    '"@"',
    Array.from({ length: 1_000_000 }, () => '{}').join(','),
  );
  add(
    {
      name: 'cells-1000000.json',
      what: '1,000,000 empty cells in 3 MB',
      cause: /cells-1000000\.json holds 1,000,000 cells, over the limit of 4,000/,
      status: 413,
      code: 'payload_too_large',
    },
    tinyCells,
  );

  if (options.huge) {
    writeHugeFile(join(dir, HUGE_FILE), sample);
    files.push({
      name: HUGE_FILE,
      what: 'a 100 MB results file',
      cause: /huge-100mb\.json is 100\.\d MB, over the 5 MB limit for results files/,
      status: 413,
      code: 'payload_too_large',
    });
  }
  return files;
}

/**
 * A valid results file of just over 100 MB (its cells repeated), written in pieces so the test's own memory stays
 * small.
 */
function writeHugeFile(path: string, sample: ReturnType<typeof sampleResults>): void {
  const [head, tail] = JSON.stringify({ ...sample, cells: ['@'] }).split('"@"') as [string, string];
  const piece = sample.cells.map((c) => JSON.stringify(c)).join(',');
  const target = 100 * 1024 * 1024;
  const fd = openSync(path, 'w');
  try {
    let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
    writeSync(fd, head);
    for (let first = true; size < target; first = false) {
      const text = `${first ? '' : ','}${piece}`;
      writeSync(fd, text);
      size += Buffer.byteLength(text);
    }
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}
