import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, VerdictError } from '../../src/core/errors.js';
import type { Cell } from '../../src/results/schema.js';
import { parseResults, readResults, writeResults, writeResultsSync } from '../../src/results/store.js';
import { cell, minimalResults } from '../support/bench-results.js';
import { asCompleted, asErrored, asSkipped } from '../support/cell-kinds.js';
import { buildCell } from '../support/results-builder.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'verdict-store-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('results file', () => {
  it('round-trips a valid document through the file, atomically', async () => {
    const path = join(folder, 'ok.json');
    await writeResults(path, minimalResults());
    const read = await readResults(path);
    expect(asCompleted(read.cells[0]).requestsPerSecond).toBe(5_000);
    writeResultsSync(path, { ...read, status: 'interrupted' });
    expect((await readResults(path)).status).toBe('interrupted');
    // No temporary file is left next to it.
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(folder)).filter((f) => f.startsWith('ok.json'))).toEqual(['ok.json']);
  });

  it('refuses to write a document that breaks the schema, and leaves the old file intact', async () => {
    const path = join(folder, 'guarded.json');
    await writeResults(path, minimalResults());
    const broken = minimalResults([cell({ requestsPerSecond: -1 })]);
    await expect(writeResults(path, broken)).rejects.toThrow(VerdictError);
    expect(asCompleted((await readResults(path)).cells[0]).requestsPerSecond).toBe(5_000);
  });

  it('requires a reason for errored and skipped cells, and a typed one for skipped cells', () => {
    const { reason: _reason, ...withoutReason } = asErrored(
      buildCell({ server: 'node-fastify', connections: 100, outcome: 'errored', reason: 'server exited' }),
    );
    expect(() => parseResults(minimalResults([withoutReason as unknown as Cell]), 'x.json')).toThrow(
      "x.json: field 'cells.0.reason' an errored cell needs a reason",
    );
    const skipped = buildCell({
      server: 'node-fastify',
      connections: 100,
      outcome: 'skipped',
      skipCode: 'not-implemented',
      reason: 'node-fastify does not implement the users workload',
    });
    expect(asSkipped(parseResults(minimalResults([skipped]), 'x.json').cells[0]).reason).toEqual({
      code: 'not-implemented',
      sentence: 'node-fastify does not implement the users workload',
    });
    // A version-2 skip reason, a bare sentence, is not one.
    const bare = {
      ...skipped,
      reason: 'node-fastify does not implement the users workload',
    } as unknown as typeof skipped;
    expect(() => parseResults(minimalResults([bare]), 'x.json')).toThrow(
      `x.json: field 'cells.0.reason' a skipped cell needs a reason: { "code", "sentence" }`,
    );
  });

  it('keeps errored cells to what was measured: no figures stand in for the ones never taken', () => {
    const errored = buildCell({
      server: 'node-fastify',
      connections: 100,
      outcome: 'errored',
      reason: 'server exited during the cell (code 1)',
      errors: 3,
    });
    const read = parseResults(minimalResults([errored]), 'x.json').cells[0]!;
    expect(read).toMatchObject({ outcome: 'errored', reason: 'server exited during the cell (code 1)', errors: 3 });
    expect(read).not.toHaveProperty('requests');
    expect(read).not.toHaveProperty('requestsPerSecond');
    expect(read).not.toHaveProperty('latencyMs');
  });

  it('names the file and the first bad field when reading', async () => {
    const path = join(folder, 'bad.json');
    const doc = minimalResults() as unknown as { cells: Record<string, unknown>[] };
    doc.cells[0]!.latencyMs = { p50: 'fast' };
    await writeFile(path, JSON.stringify(doc));
    await expect(readResults(path)).rejects.toThrow(UsageError);
    await expect(readResults(path)).rejects.toThrow(`${path}: field 'cells.0.latencyMs.p50'`);
  });

  it('says what is wrong with files that are not results at all', async () => {
    const notJson = join(folder, 'not.json');
    await writeFile(notJson, 'hello');
    await expect(readResults(notJson)).rejects.toThrow(`${notJson} is not JSON`);
    const other = join(folder, 'other.json');
    await writeFile(other, JSON.stringify({ name: 'package' }));
    await expect(readResults(other)).rejects.toThrow('is not a verdict results file');
    const newer = join(folder, 'newer.json');
    await writeFile(newer, JSON.stringify({ ...minimalResults(), version: 4 }));
    await expect(readResults(newer)).rejects.toThrow('has results version 4; this verdict reads version 3');
    await expect(readResults(join(folder, 'missing.json'))).rejects.toThrow('no results file at');
    expect(JSON.parse(await readFile(other, 'utf8'))).toEqual({ name: 'package' });
  });

  it('refuses a version-1 file (blocked trials) in one line that says what to do', async () => {
    // What verdict bench wrote before interleaved rounds: cells with `trial`, a plan with `trials`.
    const v3 = minimalResults();
    const { round: _round, position: _position, block: _block, aa: _aa, ...oldCell } = v3.cells[0]!;
    const {
      rounds: _rounds,
      roundsByWorkload: _byWorkload,
      seed: _seed,
      confidence: _confidence,
      looks: _looks,
      budgetSeconds: _budget,
      aaServer: _aaServer,
      aaWorkload: _aaWorkload,
      ...oldPlan
    } = v3.plan;
    const { extraRounds: _extra, ...rest } = v3;
    const v1 = {
      ...rest,
      version: 1,
      plan: { ...oldPlan, trials: 3, trialsByWorkload: {} },
      cells: [{ ...oldCell, trial: 1 }],
    };
    const path = join(folder, 'v1.json');
    await writeFile(path, JSON.stringify(v1));
    const error = await readResults(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    const line = (error as UsageError).oneLine();
    expect(line).toBe(
      `${path} has results version 1 (blocked trials: its ratios cannot be paired by round); this verdict reads ` +
        `version 3; run 'verdict bench' again, or read it with the verdict version that wrote it`,
    );
    expect(line).not.toContain('\n');
    expect((error as UsageError).exitCode).toBe(2);
  });

  it(
    'refuses a version-2 file (cells of one shape) in one line ' + 'that names the version and says to run bench again',
    async () => {
      // What verdict bench wrote before cells were a union: every cell with every field, errored and
      // skipped ones zeroed, a skip reason as a bare sentence.
      const v3 = minimalResults();
      const skipped = {
        ...v3.cells[0]!,
        outcome: 'skipped',
        reason: 'node-fastify does not implement the users workload',
        logTail: [],
        durationSeconds: 0,
        requests: 0,
        requestsPerSecond: null,
        latencyMs: null,
      };
      const path = join(folder, 'v2.json');
      await writeFile(
        path,
        JSON.stringify({ ...v3, version: 2, cells: [{ ...v3.cells[0]!, reason: null, logTail: [] }, skipped] }),
      );
      const error = await readResults(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).oneLine()).toBe(
        `${path} has results version 2 (cells of one shape: zeros for figures never measured, skip reasons as ` +
          `bare sentences); this verdict reads version 3; run 'verdict bench' again, or read it with the verdict ` +
          `version that wrote it`,
      );
      expect((error as UsageError).exitCode).toBe(2);
    },
  );
});
