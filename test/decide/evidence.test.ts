import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newestResultsFile } from '../../src/results/store.js';
import { parseProfile } from '../../src/decide/profile.js';
import { loadRates } from '../../src/decide/rates.js';
import { recommend } from '../../src/decide/recommend.js';
import { resultsSchema } from '../../src/results/schema.js';
import { cell, results, sampleResults } from './results-fixture.js';

const rates = loadRates();
const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-evidence-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const withResults = (raw: Record<string, unknown>, data = sampleResults()) =>
  recommend({ profile: parseProfile(raw, 'test'), rates, results: { data, file: 'results/fixture.json' } });

describe('evidence from a results file', () => {
  it('the fixture is a valid results file', () => {
    expect(resultsSchema.safeParse(sampleResults()).success).toBe(true);
  });

  it('cites each runtime\'s tuned server at the nearest measured level (medians of completed trials)', () => {
    const rec = withResults({ touches: ['rest-api'], skills: { python: 'strong' }, peakConnections: 150 });
    if (!rec.evidence.used) throw new Error('evidence not used');
    const w = rec.evidence.workloads[0]!;
    expect(w.measuredConnections).toBe(100);
    expect(w.levelNote).toBe('nearest measured level to the expected peak of 150');
    expect(w.node).toMatchObject({ server: 'node-fastify', variant: 'tuned', trials: 3, requestsPerSecond: 2500, p99Ms: 60, rssMb: 89 });
    // The errored fourth trial is not counted; the seed server is not chosen.
    expect(w.python).toMatchObject({ server: 'python-fastapi-tuned', variant: 'tuned', trials: 3, requestsPerSecond: 1000, p99Ms: 150, rssMb: 78 });
    // Memory per connection: RSS growth from the lowest level (10) to 100, over 90 connections.
    expect(w.node!.memoryPerConnectionKb).toBeCloseTo(((89 - 80) * 1024) / 90, 6);
    expect(w.python!.memoryPerConnectionKb).toBeCloseTo(((78 - 60) * 1024) / 90, 6);
    expect(w.node!.memoryMethod).toBe('RSS growth from 10 to 100 connections');
    expect(w.throughputRatio).toBeCloseTo(2.5, 6);
    expect(rec.evidence.environment).toMatch(/^Test CPU 3000, 2 cores, Node 20\.20\.0, Python 3\.11\.2, PostgreSQL 18\.4/);
  });

  it('says plainly when the measurements disagree with the claim behind a fired rule, and lowers confidence when that weakens the choice', () => {
    const rec = withResults({ touches: ['rest-api'], skills: { python: 'strong' }, peakConnections: 100 });
    expect(rec.outcome).toBe('python');
    if (!rec.evidence.used) throw new Error('evidence not used');
    const check = rec.evidence.checks.find((c) => c.claim === 'negligible-gap')!;
    expect(check.verdict).toBe('disagrees');
    expect(check.rules).toEqual(['row-rest-api-python', 'override-team']);
    expect(check.detail).toBe('the guide says the gap is negligible at normal traffic, but measured Node.js is 2.50x Python: tuned Node.js 2,500 req/s vs tuned Python 1,000 req/s at 100 connections (users) (trials 2,400-2,600 vs 900-1,100)');
    expect(check.againstOutcome).toBe(true);
    expect(rec.confidence.level).toBe('medium');
    expect(rec.confidence.reasons.at(-1)).toMatch(/measurements on this machine disagree with the guide's claim behind/);
  });

  it('a disagreement that favours the chosen runtime does not lower confidence', () => {
    const rec = withResults({ touches: ['rest-api'], skills: { javascript: 'strong' } });
    expect(rec.outcome).toBe('node');
    if (!rec.evidence.used) throw new Error('evidence not used');
    expect(rec.evidence.checks[0]!.verdict).toBe('disagrees');
    expect(rec.confidence.level).toBe('high');
  });

  it('checks the high-concurrency claim at the profile\'s peak and agrees when Node.js leads', () => {
    const rec = withResults({ touches: ['realtime'], peakConnections: 800 });
    if (!rec.evidence.used) throw new Error('evidence not used');
    expect(rec.evidence.workloads[0]!.measuredConnections).toBe(1000);
    const check = rec.evidence.checks.find((c) => c.claim === 'node-wins-high-concurrency')!;
    expect(check.verdict).toBe('agrees');
    expect(check.rules).toEqual(['row-realtime']);
    // The negligible-gap claim is not checked: no fired rule rests on it.
    expect(rec.evidence.checks.map((c) => c.claim)).toEqual(['node-wins-high-concurrency']);
  });

  it('disagrees with "Node.js wins" when Python measured faster', () => {
    const data = results([
      cell({ server: 'n', runtime: 'node', variant: 'tuned', connections: 1000, rps: 800, p99: 900, rssMb: 100 }),
      cell({ server: 'p', runtime: 'python', variant: 'tuned', connections: 1000, rps: 1000, p99: 800, rssMb: 120 }),
    ]);
    const rec = withResults({ touches: ['high-concurrency'], peakConnections: 4000 }, data);
    if (!rec.evidence.used) throw new Error('evidence not used');
    const w = rec.evidence.workloads[0]!;
    expect(w.levelNote).toBe('the highest measured level (1000) is well below the expected peak (4000); the numbers are not extrapolated');
    expect(w.node!.memoryMethod).toBe('RSS / connections (includes the process baseline)');
    expect(rec.evidence.checks[0]).toMatchObject({ claim: 'node-wins-high-concurrency', verdict: 'disagrees', againstOutcome: true });
    expect(rec.evidence.checks[0]!.detail).toMatch(/^the guide says Node\.js wins here, but measured Python is 1\.25x Node\.js/);
    expect(rec.confidence.level).toBe('medium');
  });

  it('calls a gap inconclusive when the trials straddle the line, and says when there is only one trial', () => {
    const straddle = results(
      [[1100, 1000], [1200, 1000], [1400, 1050]].flatMap(([n, p], i) => [
        cell({ server: 'n', runtime: 'node', variant: 'tuned', connections: 100, rps: n!, p99: 10, rssMb: 90, round: i + 1 }),
        cell({ server: 'p', runtime: 'python', variant: 'tuned', connections: 100, rps: p!, p99: 10, rssMb: 90, round: i + 1 }),
      ]),
    );
    const rec = withResults({ touches: ['rest-api'], skills: { python: 'strong' } }, straddle);
    if (!rec.evidence.used) throw new Error('evidence not used');
    expect(rec.evidence.checks[0]).toMatchObject({ verdict: 'inconclusive', againstOutcome: false });
    expect(rec.evidence.checks[0]!.detail).toBe('gap 1.20x, but the trials straddle the 1.25x line: tuned Node.js 1,200 req/s vs tuned Python 1,000 req/s at 100 connections (users) (trials 1,100-1,400 vs 1,000-1,050)');
    expect(rec.confidence.level).toBe('high');
    const single = withResults({ touches: ['rest-api'], skills: { python: 'strong' } }, results([straddle.cells[4]!, straddle.cells[5]!]));
    if (!single.evidence.used) throw new Error('evidence not used');
    expect(single.evidence.checks[0]!.verdict).toBe('disagrees');
    expect(single.evidence.checks[0]!.detail).toMatch(/\(one trial each: no error estimate\)$/);
  });

  it('falls back to the pool variant and uses a websocket workload\'s own kbPerConnection for real-time profiles', () => {
    const data = results([
      cell({ server: 'n', runtime: 'node', variant: 'tuned', connections: 100, rps: 2000, p99: 10, rssMb: 90 }),
      cell({ server: 'p', runtime: 'python', variant: 'pool', connections: 100, rps: 1900, p99: 12, rssMb: 90 }),
      cell({ server: 'n', runtime: 'node', variant: 'tuned', workload: 'websocket', connections: 1000, rps: 5000, p99: 5, rssMb: 120, metrics: { kbPerConnection: 9.5 } }),
      cell({ server: 'p', runtime: 'python', variant: 'tuned', workload: 'websocket', connections: 1000, rps: 3000, p99: 9, rssMb: 200, metrics: { kbPerConnection: 64 } }),
    ]);
    const rec = withResults({ touches: ['realtime', 'rest-api'], skills: { javascript: 'some' }, peakConnections: 100 }, data);
    if (!rec.evidence.used) throw new Error('evidence not used');
    expect(rec.evidence.workloads.map((w) => w.workload)).toEqual(['users', 'websocket']);
    expect(rec.evidence.workloads[0]!.python!.variant).toBe('pool');
    expect(rec.evidence.workloads[1]!.python).toMatchObject({ memoryPerConnectionKb: 64, memoryMethod: "websocket workload's kbPerConnection" });
    const gap = rec.evidence.checks.find((c) => c.claim === 'negligible-gap')!;
    expect(gap.verdict).toBe('agrees');
    // The real-time claim is checked on the websocket workload.
    const realtime = rec.evidence.checks.find((c) => c.claim === 'node-wins-high-concurrency')!;
    expect(realtime.detail).toBe('measured Node.js ahead 1.67x: tuned Node.js 5,000 req/s vs tuned Python 3,000 req/s at 1000 connections (websocket) (one trial each: no error estimate)');
  });

  it('without a results file, says no measurements were used', () => {
    const rec = recommend({ profile: parseProfile({}, 'test'), rates });
    expect(rec.evidence).toEqual({ used: false, reason: 'no results file was given and results/ has none' });
  });

  it('finds the newest *.json in a results folder', () => {
    expect(newestResultsFile(join(folder, 'absent'))).toBeUndefined();
    writeFileSync(join(folder, 'old.json'), '{}');
    writeFileSync(join(folder, 'new.json'), '{}');
    writeFileSync(join(folder, 'notes.txt'), '');
    utimesSync(join(folder, 'old.json'), new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(newestResultsFile(folder)).toBe(join(folder, 'new.json'));
  });
});
