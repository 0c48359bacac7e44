/**
 * What decide cites from a results file: the claims engine's verdicts unchanged, how each bears on
 * the choice, and the figures at the profile's peak with their caveats. Numbers come from
 * hand-built runs, so the assertions are exact.
 */
import { describe, expect, it } from 'vitest';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import { parseProfile } from '../../src/decide/profile.js';
import { loadRates } from '../../src/decide/rates.js';
import { recommend, type Recommendation } from '../../src/decide/recommend.js';
import { compareServers, describeComparison } from '../../src/report/comparisons.js';
import type { Results } from '../../src/results/schema.js';
import { resultsSchema } from '../../src/results/schema.js';
import { buildResults, steady } from '../support/results-builder.js';
import { cell, results, sampleResults } from './results-fixture.js';

const rates = loadRates();

const withResults = (raw: Record<string, unknown>, data: Results = sampleResults()) =>
  recommend({
    profile: parseProfile(raw, 'test'),
    rates,
    results: { data, file: 'results/fixture.json', why: 'given with --results' },
  });

function used(rec: Recommendation) {
  if (!rec.evidence.used) throw new Error(`evidence not used: ${rec.evidence.reason}`);
  return rec.evidence;
}

/** The open model at normal rates, Python far slower than Node: the negligible-gap claim is refuted. */
function slowPythonAtNormalTraffic(): Results {
  const open = (server: string, rate: number, p50: number, p99: number) =>
    steady(
      {
        server,
        workload: 'users-open',
        connections: rate,
        latency: { p50, p90: (p50 + p99) / 2, p99, p999: p99 * 1.5, max: p99 * 2 },
      },
      rate * 0.995,
    );
  return buildResults([
    ...open('node-fastify', 250, 2, 8),
    ...open('node-fastify', 1000, 2.5, 12),
    ...open('python-fastapi-tuned', 250, 40, 200),
    ...open('python-fastapi-tuned', 1000, 60, 320),
  ]);
}

describe('evidence from a results file', () => {
  it('the fixture is a valid results file', () => {
    expect(resultsSchema.safeParse(sampleResults()).success).toBe(true);
  });

  it("cites the claims engine's result for each claim behind a fired rule, unchanged", () => {
    const data = sampleResults();
    const e = used(withResults({ touches: ['realtime', 'high-concurrency'], peakConnections: 2000 }, data));
    expect(e.claims.map((c) => c.claim.id)).toEqual([
      'high-end-node-wins',
      'thousands-of-connections',
      'native-advantage-websocket',
      'native-advantage-sse',
    ]);
    const report = evaluateClaims(data);
    for (const cited of e.claims) expect(cited.claim).toEqual(report.find((c) => c.id === cited.claim.id));
    expect(e.claims[0]).toMatchObject({ rules: ['row-high-concurrency'], favours: 'node', bearing: 'for' });
    expect(e.claims[0]!.claim.verdict).toBe('supported');
  });

  it(
    'cites the normal-traffic claims only for a profile at normal traffic, and "tens of thousands" only beyond ' +
      '10,000',
    () => {
      const ids = (raw: Record<string, unknown>) => used(withResults(raw)).claims.map((c) => c.claim.id);
      expect(ids({ touches: ['rest-api'], skills: { python: 'strong' } })).toEqual([
        'normal-traffic-gap',
        'fastapi-competitive',
      ]);
      expect(ids({ touches: ['rest-api'], skills: { python: 'strong' }, peakConnections: 2000 })).toEqual([
        'high-end-node-wins',
        'thousands-of-connections',
      ]);
      expect(ids({ touches: ['high-concurrency'], peakConnections: 20000 })).toContain('tens-of-thousands-low-memory');
    },
  );

  it('lowers the confidence once when a refuted claim weakens the choice, and names the claim', () => {
    const python = withResults({ touches: ['rest-api'], skills: { python: 'strong' } }, slowPythonAtNormalTraffic());
    expect(python.outcome).toBe('python');
    const gap = used(python).claims.find((c) => c.claim.id === 'normal-traffic-gap')!;
    expect(gap.claim.verdict).toBe('refuted');
    expect(gap).toMatchObject({
      bearing: 'against',
      bearingText:
        'Weakens the choice: the gap at normal traffic is not negligible, and Node.js, not the chosen runtime, ' +
        'was faster.',
    });
    expect(python.confidence.level).toBe('medium');
    expect(python.confidence.reasons.at(-1)).toBe(
      'the measurements refute guide claims the choice relies on: normal-traffic-gap, fastapi-competitive',
    );
  });

  it('a refutation that favours the chosen runtime backs it, and leaves the confidence alone', () => {
    const node = withResults({ touches: ['rest-api'], skills: { javascript: 'strong' } }, slowPythonAtNormalTraffic());
    expect(node.outcome).toBe('node');
    expect(used(node).claims[0]).toMatchObject({ bearing: 'for' });
    expect(node.confidence.level).toBe('high');
  });

  it('weighs "Node.js wins" against a Node.js choice when Python measured faster', () => {
    const data = results(
      [1, 2, 3].flatMap((round) => [
        cell({
          server: 'node-fastify',
          runtime: 'node',
          variant: 'tuned',
          connections: 1000,
          rps: 800 + round * 10,
          p99: 900,
          rssMb: 100,
          round,
        }),
        cell({
          server: 'python-fastapi-tuned',
          runtime: 'python',
          variant: 'tuned',
          connections: 1000,
          rps: 1000 + round * 5,
          p99: 800,
          rssMb: 120,
          round,
        }),
      ]),
    );
    const rec = withResults({ touches: ['high-concurrency'], peakConnections: 4000 }, data);
    const claim = used(rec).claims.find((c) => c.claim.id === 'high-end-node-wins')!;
    expect(claim.claim.verdict).toBe('refuted');
    expect(claim.bearing).toBe('against');
    expect(rec.confidence.level).toBe('medium');
    // A Python team overrides the row: the same refutation now backs its choice.
    const python = withResults(
      { touches: ['high-concurrency'], peakConnections: 4000, skills: { python: 'strong' } },
      data,
    );
    expect(python.outcome).toBe('python');
    expect(used(python).claims.find((c) => c.claim.id === 'high-end-node-wins')!.bearing).toBe('for');
  });

  it('a quick run only points: nothing it cites bears on the choice, and it says so', () => {
    const full = sampleResults();
    const quick = buildResults(
      full.cells.filter((c) => c.round === 1 && c.outcome === 'completed'),
      { plan: { quick: true, rounds: 1, looks: [{ rounds: 1, level: 0.95 }] } },
    );
    const rec = withResults({ touches: ['high-concurrency'], peakConnections: 1000 }, quick);
    const e = used(rec);
    expect(e.indicative).toBe(
      'Quick run: one round per cell is indicative, not a verdict; run verdict bench for verdicts.',
    );
    expect(e.claims.every((c) => c.claim.verdict === 'inconclusive' && c.bearing === 'neutral')).toBe(true);
    expect(rec.confidence.level).toBe('high');
  });
});

describe("figures at the profile's peak", () => {
  it("reads each runtime's tuned server at the nearest measured level, as the report's table and comparison do", () => {
    const data = sampleResults();
    const [users] = used(
      withResults({ touches: ['rest-api'], skills: { python: 'strong' }, peakConnections: 150 }, data),
    ).atPeak;
    expect(users).toMatchObject({
      workload: 'users',
      level: 100,
      levelNote: 'the level measured nearest the expected peak of 150',
      missing: [],
    });
    expect(users!.node).toMatchObject({ server: 'node-fastify', variant: 'tuned', trials: '3' });
    // The errored fourth trial is counted as a trial, not as a figure; the seed server is not chosen.
    expect(users!.python).toMatchObject({ server: 'python-fastapi-tuned', trials: '3 of 4' });
    expect(users!.node!.figures.map((f) => [f.label, f.text])).toEqual([
      ['req/s, median (range)', '2,500 (2,400–2,600)'],
      ['p99 latency, median', '60.0 ms'],
      ['failed requests', '0 of 37,500'],
    ]);
    const report = compareServers(data).find((c) => c.connections === 100 && c.kind === 'tuned vs tuned')!;
    expect(users!.comparison).toBe(describeComparison(report));
    expect(users!.comparison).toMatch(
      new RegExp(
        String.raw`^node-fastify ran 2\.51x \[[\d.]+x, [\d.]+x\] 95%, 3 rounds faster than python-fastapi-tuned ` +
          'at 100 connections$',
      ),
    );
  });

  it('says when the peak is above the levels measured, and does not extrapolate', () => {
    const [users] = used(withResults({ touches: ['high-concurrency'], peakConnections: 4000 })).atPeak;
    expect(users!.level).toBe(1000);
    expect(users!.levelNote).toBe(
      'the expected peak of 4,000 is above the highest level measured: these figures are at 1,000 connections, ' +
        'not extrapolated',
    );
    // A connections profile shows memory per connection: RSS growth from 10 to 1,000 connections.
    expect(users!.node!.figures[2]).toEqual({
      label: 'RSS / added connection',
      text: `${(((170 - 80) * 1024) / 990).toFixed(1)} KiB (RSS growth from 10 to 1,000 connections)`,
      cell: '93.1 KiB',
    });
  });

  it('says a memory growth the run cannot resolve is below what it can resolve, never "0.00"', () => {
    const flat = results(
      [1, 2, 3].flatMap((round) =>
        [10, 1000].flatMap((connections) => [
          cell({
            server: 'node-fastify',
            runtime: 'node',
            variant: 'tuned',
            connections,
            rps: 2000,
            p99: 10,
            rssMb: connections === 10 ? 90 : 88,
            round,
          }),
          cell({
            server: 'python-fastapi-tuned',
            runtime: 'python',
            variant: 'tuned',
            connections,
            rps: 1000,
            p99: 20,
            rssMb: connections === 10 ? 60 + round : 61 + round / 2,
            round,
          }),
        ]),
      ),
    );
    const [users] = used(withResults({ touches: ['high-concurrency'] }, flat)).atPeak;
    const memory = (side: 'node' | 'python') =>
      users![side]!.figures.find((f) => f.label === 'RSS / added connection')!;
    expect(memory('node')).toEqual({
      label: 'RSS / added connection',
      text: 'below what this run can resolve (RSS did not grow)',
      cell: 'unresolved',
    });
    expect(memory('python').text).toBe(
      `below what this run can resolve (under ${((2 * 1024) / 990).toFixed(1)} KiB, the trials' RSS spread)`,
    );
    expect(users!.notes).toContain(
      '"Unresolved": the RSS growth from 10 to 1,000 connections is within the trials\' own RSS spread, below ' +
        'what the run can resolve.',
    );
    expect(JSON.stringify(users)).not.toMatch(/0\.00 K/);
  });

  it('names a runtime with no figures at the level, and why, instead of leaving it out', () => {
    const data = results([
      ...[1, 2].map((round) =>
        cell({
          server: 'node-fastify',
          runtime: 'node',
          variant: 'tuned',
          connections: 1000,
          rps: 2000,
          p99: 10,
          rssMb: 90,
          round,
        }),
      ),
      ...[1, 2].map((round) =>
        cell({
          server: 'python-fastapi-tuned',
          runtime: 'python',
          variant: 'tuned',
          connections: 10,
          rps: 900,
          p99: 10,
          rssMb: 60,
          round,
        }),
      ),
    ]);
    const [users] = used(withResults({ peakConnections: 1000 }, data)).atPeak;
    expect(users!.level).toBe(1000);
    expect(users!.python).toBeNull();
    expect(users!.missing).toEqual([
      'Python: python-fastapi-tuned has no figures at this level: it was not measured at 1,000; it completed 10',
    ]);
  });

  it("falls back to the pool variant, and adds the websocket workload's own figures for a real-time project", () => {
    const data = results([
      cell({
        server: 'node-fastify',
        runtime: 'node',
        variant: 'tuned',
        connections: 100,
        rps: 2000,
        p99: 10,
        rssMb: 90,
      }),
      cell({
        server: 'python-fastapi-pool',
        runtime: 'python',
        variant: 'pool',
        connections: 100,
        rps: 1900,
        p99: 12,
        rssMb: 90,
      }),
      cell({
        server: 'node-fastify',
        runtime: 'node',
        variant: 'tuned',
        workload: 'websocket',
        connections: 1000,
        rps: 5000,
        p99: 5,
        rssMb: 120,
        metrics: { kbPerConnection: 9.5, deliveryP99Ms: 30, connectErrors: 0 },
      }),
      cell({
        server: 'python-fastapi-tuned',
        runtime: 'python',
        variant: 'tuned',
        workload: 'websocket',
        connections: 1000,
        rps: 3000,
        p99: 9,
        rssMb: 200,
        metrics: { kbPerConnection: 64, deliveryP99Ms: 80, connectErrors: 3 },
      }),
    ]);
    const e = used(
      withResults({ touches: ['realtime', 'rest-api'], skills: { javascript: 'some' }, peakConnections: 100 }, data),
    );
    expect(e.atPeak.map((w) => w.workload)).toEqual(['users', 'websocket']);
    expect(e.atPeak[0]!.python!.server).toBe('python-fastapi-pool');
    expect(e.atPeak[1]!.levelNote).toBe(
      'the expected peak of 100 is below the lowest level measured: these figures are at 1,000 connections held',
    );
    expect(e.atPeak[1]!.python!.figures.map((f) => f.text)).toEqual(['80.0 ms', '64.0 KiB', '3 of 1,000']);
  });

  it('an unfinished run named on purpose says what its figures cover', () => {
    const data = { ...sampleResults(), status: 'interrupted' as const };
    expect(used(withResults({ touches: ['realtime'] }, data)).unfinished).toBe(
      'the run was interrupted before it finished (status: interrupted): the figures cover the cells measured ' +
        'before it stopped',
    );
  });

  it('without a results file, says why no measurements were used', () => {
    const rec = recommend({ profile: parseProfile({}, 'test'), rates, noResults: '--results none was given' });
    expect(rec.evidence).toEqual({ used: false, reason: '--results none was given', skipped: [] });
  });
});
