/**
 * POST /api/decide and /api/decide/adr over real HTTP: the answer is the engine's own (the same
 * document `verdict decide --json` writes), invalid answers get the engine's message with the
 * field, and the ADR is the MADR writer's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdr } from '../../../src/decide/adr.js';
import { parseProfile } from '../../../src/decide/profile.js';
import { loadRates } from '../../../src/decide/rates.js';
import { DECISION_DOCUMENT, recommend } from '../../../src/decide/recommend.js';
import { sampleResults } from '../../support/sample-results.js';
import { postJson, startTestApp, type TestApp } from '../support/web-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const decide = (body: unknown) => app.call('/api/decide', postJson(body));

describe('POST /api/decide', () => {
  it("answers with the engine's own recommendation, its HTML and a summary", async () => {
    const profile = { name: 'payments', touches: ['rest-api', 'ai'], skills: { javascript: 'strong', python: 'none' } };
    const answer = await decide({ profile, results: 'none' });
    expect(answer.status).toBe(200);
    const expected = recommend({
      profile: parseProfile(profile, 'test'),
      rates: loadRates(),
      noResults: 'you chose to cite no measurements',
    });
    expect(answer.json.recommendation).toEqual(JSON.parse(JSON.stringify({ ...DECISION_DOCUMENT, ...expected })));
    expect(expected.outcome).toBe('hybrid');
    expect(answer.json.summary).toBe('Hybrid (Node.js gateway + Python services), confidence medium');
    expect(answer.json.html).toContain('data-outcome="hybrid"');
    for (const rule of expected.fired) expect(answer.json.html).toContain(`data-rule="${rule.id}"`);
    expect(answer.json.html).toContain('data-conflict="javascript-team-vs-ai"');
    expect(answer.json.warnings).toEqual([]);
  });

  it('changes its answer with the answers: adding AI to a JavaScript REST API moves it off Node.js', async () => {
    const base = { touches: ['rest-api'], skills: { javascript: 'strong', python: 'none' } };
    const before = await decide({ profile: base, results: 'none' });
    const after = await decide({ profile: { ...base, touches: ['rest-api', 'ai'] }, results: 'none' });
    expect(before.json.recommendation.outcome).toBe('node');
    expect(after.json.recommendation.outcome).toBe('hybrid');
  });

  it("applies the engine's defaults to fields left out", async () => {
    const answer = await decide({ profile: {}, results: 'none' });
    expect(answer.status).toBe(200);
    expect(answer.json.recommendation.profile).toMatchObject({
      name: 'the backend',
      team: { mid: 2, senior: 2, principal: 0 },
      aiPlanned: 'no',
      peakConnections: 100,
    });
  });

  it.each([
    [
      { touches: ['ai'], aiPlanned: 'no' },
      'profile.aiPlanned',
      "profile field aiPlanned: aiPlanned is 'no' but touches includes 'ai' (AI in the first release); use yes, " +
        'or remove ai from touches',
    ],
    [
      { touches: ['blockchain'] },
      'profile.touches',
      'profile field touches must be a list of realtime, ai, data-science, background-jobs, rest-api, ' +
        'react-frontend, high-concurrency, got "blockchain"',
    ],
    [
      { team: { mid: 0, senior: 0, principal: 0 } },
      'profile.team',
      'profile field team: team needs at least one person (mid, senior or principal)',
    ],
    [
      { peakConnections: 0 },
      'profile.peakConnections',
      'profile field peakConnections must be a whole number from 1 to 10000000, got 0',
    ],
    [
      { skills: { javascript: 'expert' } },
      'profile.skills.javascript',
      'profile field skills.javascript must be none, some, strong, got "expert"',
    ],
    [
      { name: '' },
      'profile.name',
      'profile field name must be text of 1 to 120 characters without control characters (line breaks, tabs), got ""',
    ],
    [
      { colour: 'blue' },
      'profile',
      "profile has unknown field 'colour'; known fields: touches, greenfield, hiring, location, aiPlanned, " +
        'peakConnections, name, skills, team',
    ],
  ])("rejects %j with the engine's message and the field", async (profile, field, message) => {
    const answer = await decide({ profile });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: { status: 400, code: 'invalid_profile', message, field, fix: 'change that answer' },
    });
  });

  it('rejects a body that is not the documented envelope', async () => {
    const missing = await decide({ results: 'none' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 'invalid_request', field: 'profile' });
    const extra = await decide({ profile: {}, extra: 1 });
    expect(extra.status).toBe(400);
    expect(extra.json.error.code).toBe('invalid_request');
    expect(extra.json.error.message).toMatch(/^request body: .*extra/);
  });

  it('cites the newest results file, and a named one, as `verdict decide` does', async () => {
    mkdirSync(app.folder, { recursive: true });
    writeFileSync(join(app.folder, 'sample.json'), JSON.stringify(sampleResults()));
    const newest = await decide({ profile: { touches: ['realtime'], peakConnections: 1000 } });
    expect(newest.json.recommendation.evidence).toMatchObject({ used: true, file: join('results', 'sample.json') });
    expect(newest.json.html).toContain('websocket workload at 1,000 connections');
    const none = await decide({ profile: {}, results: 'none' });
    expect(none.json.recommendation.evidence.used).toBe(false);
    const missing = await decide({ profile: {}, results: 'nope.json' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });

  it('warns about, and skips, a broken newest file, but refuses a broken file asked for by name', async () => {
    writeFileSync(join(app.folder, 'zz-broken.json'), '{"schema": "verdict-results", "version": 3}');
    const newest = await decide({ profile: {} });
    expect(newest.status).toBe(200);
    expect(newest.json.warnings).toEqual([
      expect.stringMatching(/^ignoring zz-broken\.json: not a valid results file: field 'id' /),
    ]);
    // The newer broken file does not hide the older good one.
    expect(newest.json.recommendation.evidence).toMatchObject({ used: true, file: join('results', 'sample.json') });
    const named = await decide({ profile: {}, results: 'zz-broken.json' });
    expect(named.status).toBe(422);
    expect(named.json.error.code).toBe('not_results');
  });
});

describe('POST /api/decide/adr', () => {
  it('downloads the MADR record from the same writer as `verdict decide --adr`', async () => {
    const profile = { name: 'Payments API', touches: ['realtime'], skills: { javascript: 'strong' } };
    const answer = await app.call('/api/decide/adr', postJson({ profile, results: 'none' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="decision-payments-api.md"');
    const expected = renderAdr(
      recommend({
        profile: parseProfile(profile, 'test'),
        rates: loadRates(),
        noResults: 'you chose to cite no measurements',
      }),
      { date: new Date() },
    );
    expect(answer.text).toBe(expected);
    for (const heading of [
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '### Consequences',
      '## Pros and Cons of the Options',
    ]) {
      expect(answer.text).toContain(`\n${heading}\n`);
    }
  });

  it('validates like /api/decide', async () => {
    const answer = await app.call('/api/decide/adr', postJson({ profile: { hiring: 'freelance' } }));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'invalid_profile', field: 'profile.hiring' });
  });
});
