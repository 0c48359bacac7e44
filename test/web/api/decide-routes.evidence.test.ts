/**
 * The web app's decide page picks its evidence as `verdict decide` does: the newest completed,
 * valid file in the results folder, each newer file passed over named in a warning; a run still
 * being written is never cited, even when asked for by name; and the record it downloads links
 * the results file by a relative path.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../../src/results/schema.js';
import { postJson, startTestApp, type TestApp } from '../support/web-app.js';
import { sampleResults } from '../../decide/results-fixture.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  mkdirSync(app.folder, { recursive: true });
  const running: Results = {
    ...sampleResults(),
    status: 'running',
    finishedAt: null,
    cells: sampleResults().cells.filter((c) => c.runtime === 'node'),
  };
  for (const [i, [name, content]] of (
    [
      ['done.json', sampleResults()],
      ['running.json', running],
    ] as const
  ).entries()) {
    writeFileSync(join(app.folder, name), JSON.stringify(content));
    utimesSync(join(app.folder, name), new Date(2026, 0, 1 + i), new Date(2026, 0, 1 + i));
  }
});
afterAll(async () => {
  await app?.close();
});

describe('evidence on the decide page', () => {
  it('skips a run still being written and cites the newest completed one, saying which and why', async () => {
    const answer = await app.call('/api/decide', postJson({ profile: { touches: ['high-concurrency'] } }));
    expect(answer.status).toBe(200);
    expect(answer.json.warnings).toEqual([
      'ignoring running.json: the run has not finished (status: running; a bench still writing it, or one that ' +
        'was killed)',
    ]);
    expect(answer.json.recommendation.evidence).toMatchObject({
      used: true,
      file: join('results', 'done.json'),
      why: 'the newest completed results file in the folder (1 newer file skipped)',
    });
    expect(answer.json.html).toContain('data-claim="high-end-node-wins"');
    expect(answer.json.html).toContain('the newest completed results file in the folder');
  });

  it('refuses a running file asked for by name', async () => {
    const answer = await app.call('/api/decide', postJson({ profile: {}, results: 'running.json' }));
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatchObject({
      code: 'run_in_progress',
      field: 'results',
      message: 'running.json: the run has not finished (status: running)',
    });
  });

  it('links the results file by a relative path in the record it downloads', async () => {
    const answer = await app.call('/api/decide/adr', postJson({ profile: { touches: ['high-concurrency'] } }));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('[done.json](results/done.json)');
    expect(answer.text).not.toContain(app.folder);
  });
});
