/**
 * Hostile results files (test/support/hostile-results.ts) against every reader: `verdict report`
 * and `compare`'s readResults, the web app's folder and its upload parser. Each is refused with
 * one line naming the cause and the fix, of the kind the web app turns into its 4xx, and the caps
 * of src/results/limits.ts are checked before the work they protect.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_CELLS,
  MAX_NESTING_DEPTH,
  MAX_RESULTS_BYTES,
  MAX_SERVERS,
  nestsDeeperThan,
} from '../../src/results/limits.js';
import {
  parseResultsText,
  readResults,
  readResultsSync,
  readResultsText,
  ResultsFileError,
} from '../../src/results/store.js';
import { ApiError } from '../../src/web/api/errors.js';
import { parseResults as parseUpload, ResultsFolder } from '../../src/web/results-folder.js';
import { HUGE_FILE, writeHostileFiles } from '../support/hostile-results.js';
import { serverInfo } from '../support/results-builder.js';
import { sampleResults } from '../support/sample-results.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-hostile-'));
const files = writeHostileFiles(folder, { huge: true });
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.each(files)('$what', (file) => {
  const path = join(folder, file.name);

  it('verdict report and compare refuse it in one line that names the cause and the fix (exit code 2)', async () => {
    const error = await refusal(readResults(path));
    expect(error).toBeInstanceOf(ResultsFileError);
    const line = (error as ResultsFileError).oneLine();
    expect(line).toMatch(file.cause);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/; (pass|run) /);
    expect((error as ResultsFileError).exitCode).toBe(2);
    expect(() => readResultsSync(path)).toThrow(file.cause);
  });

  it(`the web app's folder answers ${file.status} ${file.code}`, async () => {
    const error = await refusal(new ResultsFolder(folder).read(file.name));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body().error).toMatchObject({
      status: file.status,
      code: file.code,
      message: expect.stringMatching(file.cause),
    });
  });
});

// The 100 MB body never reaches the upload parser: Fastify refuses it from its Content-Length
// (bodyLimit); test/e2e/hostile-files.test.ts sends it to the real server.
describe.each(files.filter((f) => f.name !== HUGE_FILE))('an upload of $what', (file) => {
  it(`answers ${file.status} ${file.code}`, () => {
    const text = readFileSync(join(folder, file.name), 'utf8');
    let error: unknown;
    try {
      parseUpload(text, file.name);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body().error).toMatchObject({
      status: file.status,
      code: file.code,
      message: expect.stringMatching(file.cause),
    });
  });
});

describe('the caps are checked before the work they protect', () => {
  it('takes the size from stat before reading: the message quotes the size on disk', () => {
    // Only stat knows the 100.x MB; a read stopped at the cap would say "over the limit" without it.
    expect(() => readResultsText(join(folder, HUGE_FILE))).toThrow(/is 100\.\d MB, over the 5 MB limit/);
  });

  it('reads no more than the cap from a file without a size (/dev/zero never ends)', async () => {
    expect(() => readResultsText('/dev/zero')).toThrow('/dev/zero is over the 5 MB limit for results files');
    await expect(readResults('/dev/zero')).rejects.toThrow('/dev/zero is over the 5 MB limit for results files');
  });

  it('refuses text over the byte cap before parsing it (an upload from another route, a string in memory)', () => {
    const text = `{"schema": "verdict-results", "version": 2, "padding": "${'x'.repeat(MAX_RESULTS_BYTES)}"}`;
    expect(() => parseResultsText(text, 'big.json')).toThrow(/^big\.json is 5\.0 MB, over the 5 MB limit/);
  });

  it('says a folder is a folder', async () => {
    const dir = join(folder, 'a-folder.json');
    mkdirSync(dir, { recursive: true });
    await expect(readResults(dir)).rejects.toThrow(`${dir} is a folder, not a results file`);
  });

  it('counts nesting in one pass, ignoring brackets inside strings', () => {
    expect(nestsDeeperThan('{"a": "[[[[{{{{ \\" [[[["}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a": [[1]]}', 2)).toBe(true);
    expect(nestsDeeperThan('{"a": [[1]]}', 3)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify(sampleResults()), MAX_NESTING_DEPTH)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify(sampleResults()), 3)).toBe(true);
  });
});

describe('real runs are far inside the caps', () => {
  it('reads the real full-run fixture, and its counts are a tenth of the caps or less', async () => {
    const path = join(import.meta.dirname, '..', 'decide', 'fixtures', 'full-run.json');
    const results = await readResults(path);
    expect(results.servers.length * 10).toBeLessThanOrEqual(MAX_SERVERS);
    expect(results.cells.length * 10).toBeLessThanOrEqual(MAX_CELLS);
    expect(readFileSync(path).length * 10).toBeLessThanOrEqual(MAX_RESULTS_BYTES);
  });

  it(`accepts a file at the caps: ${MAX_SERVERS} servers and ${MAX_CELLS} cells`, () => {
    const sample = sampleResults();
    const servers = [
      ...sample.servers,
      ...Array.from({ length: MAX_SERVERS - sample.servers.length }, (_, i) =>
        serverInfo(`server-${i}`, 'node', 'tuned'),
      ),
    ];
    const cells = Array.from({ length: MAX_CELLS }, (_, i) => ({
      ...sample.cells[i % sample.cells.length]!,
      round: 1 + Math.floor(i / sample.cells.length),
    }));
    const path = join(folder, 'at-the-caps.json');
    writeFileSync(path, JSON.stringify({ ...sample, servers, cells }));
    const results = readResultsSync(path);
    expect([results.servers.length, results.cells.length]).toEqual([MAX_SERVERS, MAX_CELLS]);
  });
});
