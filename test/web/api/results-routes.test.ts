/**
 * The results API over real HTTP: listing, opening, uploading. A report is the HTML report's own
 * sections; a bad upload (not JSON, not a results file, too large) gets a structured error and the
 * server goes on answering.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSections } from '../../../src/report/html/page.js';
import { buildReport } from '../../../src/report/report-model.js';
import { MAX_RESULTS_BYTES } from '../../../src/web/results-folder.js';
import { sampleResults } from '../../support/sample-results.js';
import { startTestApp, type TestApp } from '../support/web-app.js';

let app: TestApp;
const sample = sampleResults();

beforeAll(async () => {
  app = await startTestApp();
  mkdirSync(app.folder, { recursive: true });
  writeFileSync(join(app.folder, 'sample.json'), JSON.stringify(sample));
  writeFileSync(join(app.folder, 'notes.txt'), 'not listed: not a .json file');
});
afterAll(async () => {
  await app?.close();
});

const upload = (body: string | Uint8Array<ArrayBuffer>, type = 'application/json', name?: string) =>
  app.call('/api/results/upload', {
    method: 'POST',
    headers: { 'content-type': type, ...(name ? { 'x-file-name': encodeURIComponent(name) } : {}) },
    body,
  });

describe('GET /api/results', () => {
  it('lists the .json files of the results folder with the upload limit', async () => {
    const answer = await app.call('/api/results');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ folder: 'results', limitBytes: 5 * 1024 * 1024 });
    expect(answer.json.files.map((f: { name: string }) => f.name)).toEqual(['sample.json']);
  });
});

describe('GET /api/results/{name}', () => {
  it("is the HTML report's own sections for that file", async () => {
    const answer = await app.call('/api/results/sample.json');
    expect(answer.status).toBe(200);
    expect(answer.json.sections).toEqual(reportSections(buildReport(sample)));
    expect(answer.json).toMatchObject({
      source: { kind: 'folder', name: 'sample.json' },
      id: 'bench-test',
      status: 'completed',
    });
    expect(answer.json.countsText).toMatch(/^\d+ supported, \d+ refuted, \d+ inconclusive$/);
    expect(answer.json.context).toHaveLength(3);
  });

  it('answers 404 for a file that is not in the folder, and 400 for a name that is not a file name', async () => {
    const missing = await app.call('/api/results/other.json');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const unlisted = await app.call('/api/results/notes.txt');
    expect(unlisted.status).toBe(400);
    const traversal = await app.call('/api/results/..%2F..%2Fetc%2Fpasswd');
    expect(traversal.status).toBe(400);
    expect(traversal.json.error).toMatchObject({ code: 'invalid_request', field: 'name' });
  });
});

describe('POST /api/results/upload', () => {
  it('draws the report of an uploaded file without storing it', async () => {
    const answer = await upload(JSON.stringify(sample), 'application/json', 'my run ü.json');
    expect(answer.status).toBe(200);
    expect(answer.json.source).toEqual({ kind: 'upload', name: 'my run ü.json' });
    expect(answer.json.sections).toEqual(reportSections(buildReport(sample)));
    expect((await app.call('/api/results')).json.files).toHaveLength(1);
  });

  it('says when the file is not JSON', async () => {
    const text = await upload('these are my notes, not a results file', 'application/octet-stream', 'notes.txt');
    expect(text.status).toBe(400);
    expect(text.json.error.code).toBe('not_json');
    expect(text.json.error.message).toMatch(/^notes\.txt is not JSON: /);
    const binary = await upload(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
      'application/octet-stream',
      'chart.png',
    );
    expect(binary.json.error).toMatchObject({
      status: 400,
      code: 'not_json',
      message: 'chart.png is not JSON: it holds binary data, not text',
    });
  });

  it('says when the JSON is not a results file, or has a broken field', async () => {
    const other = await upload('{"name": "package.json"}', 'application/json', 'package.json');
    expect(other.status).toBe(422);
    expect(other.json.error).toMatchObject({
      code: 'not_results',
      message: 'package.json is not a verdict results file (no "schema": "verdict-results")',
    });
    const broken = await upload(
      JSON.stringify({ ...sample, cells: [{ ...sample.cells[0], connections: 'many' }] }),
      'application/json',
      'edited.json',
    );
    expect(broken.status).toBe(422);
    expect(broken.json.error.message).toMatch(/^edited\.json: field 'cells\.0\.connections' /);
    const version = await upload(JSON.stringify({ ...sample, version: 99 }), 'application/json', 'future.json');
    expect(version.json.error.message).toBe('future.json has results version 99; this verdict reads version 3');
    // A file from before interleaved rounds: refused, with what to do about it.
    const old = await upload(JSON.stringify({ ...sample, version: 1 }), 'application/json', 'old.json');
    expect(old.status).toBe(422);
    expect(old.json.error).toMatchObject({
      code: 'not_results',
      message:
        'old.json has results version 1 (blocked trials: its ratios cannot be paired by round); this verdict ' +
        'reads version 3',
      fix: "run 'verdict bench' again, or read it with the verdict version that wrote it",
    });
  });

  it(`refuses a body over ${MAX_RESULTS_BYTES / 1024 / 1024} MB with 413, and keeps answering`, async () => {
    const big = `{"schema": "verdict-results", "padding": "${'x'.repeat(MAX_RESULTS_BYTES)}"}`;
    const answer = await upload(big);
    expect(answer.status).toBe(413);
    expect(answer.json.error).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: 'the request body is larger than the 5 MB limit',
      fix: 'send a smaller file',
    });
    expect((await app.call('/api/results')).status).toBe(200);
  });

  it('accepts only JSON or raw bytes', async () => {
    const form = await upload('a=b', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect(form.json.error.code).toBe('unsupported_media_type');
  });
});
