/**
 * Each claim's predicate on hand-built results: one run that supports it, one that refutes it and
 * one that leaves it inconclusive, with the reason and the numbers checked in the text.
 */
import { describe, expect, it } from 'vitest';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import type { ClaimResult, Verdict } from '../../src/claims/types.js';
import type { Cell } from '../../src/results/schema.js';
import { buildCell, buildResults, steady, trials, type CellOptions } from '../support/results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';
const POOL = 'python-fastapi-pool';
const EXPRESS = 'node-express-seed';
const SEED = 'python-fastapi-seed';

function verdictOf(id: string, cells: Cell[]): ClaimResult {
  const claim = evaluateClaims(buildResults(cells)).find((c) => c.id === id);
  if (!claim) throw new Error(`no claim ${id}`);
  return claim;
}

/** users cells for one server: { level: req/s }, three steady trials each. */
const users = (server: string, rates: Record<number, number>, extra: Partial<CellOptions> = {}) =>
  Object.entries(rates).flatMap(([level, rps]) => steady({ server, connections: Number(level), ...extra }, rps));
const ws = (server: string, level: number, metrics: Record<string, number>, rps = 1000) => steady({ server, workload: 'websocket', connections: level, latency: null, metrics }, rps);
const sse = (server: string, level: number, metrics: Record<string, number>) => steady({ server, workload: 'sse', connections: level, latency: null, metrics: { eventsDelivered: level * 50, missedEvents: 0, ...metrics } }, 10 * level);
const fanout = (server: string, k: number, rps: number) => steady({ server, workload: 'fanout', parameters: { k }, connections: 50 }, rps);
const compute = (server: string, operation: string, implementation: string, rps: number, connections = 1) => steady({ server, workload: 'compute', parameters: { operation, implementation }, connections }, rps);

interface Scenario {
  verdict: Verdict;
  cells: () => Cell[];
  /** Text the "decided by" sentence must contain: the numbers and servers that decided it. */
  because: string[];
}

const scenarios: Record<string, Scenario[]> = {
  'thousands-rps': [
    { verdict: 'supported', cells: () => [...users(NODE, { 10: 5000, 100: 6000 }), ...users(PYTHON, { 10: 3000, 100: 3200 }), ...users(POOL, { 10: 2500, 100: 2600 }), ...users(SEED, { 10: 400, 100: 380 })], because: ['all 6 checks pass', 'python-fastapi-pool', '2,500'] },
    { verdict: 'refuted', cells: () => [...users(NODE, { 10: 5000, 100: 6000 }), ...users(PYTHON, { 10: 3000, 100: 800 }), ...users(POOL, { 10: 2500, 100: 2600 })], because: ['python-fastapi-tuned', '800', 'at 100 connections', '≥ 1,000'] },
    { verdict: 'inconclusive', cells: () => [...users(NODE, { 10: 5000 }), ...users(PYTHON, { 10: 3000 })], because: ['python-fastapi-pool: users not measured in this run'] },
  ],
  'normal-traffic-gap': [
    { verdict: 'supported', cells: () => [...users(NODE, { 10: 3000, 250: 3100, 1000: 6000 }), ...users(PYTHON, { 10: 2800, 250: 2900, 1000: 2000 })], because: ['node-fastify vs python-fastapi-tuned', '0.8x–1.25x'] },
    { verdict: 'refuted', cells: () => [...users(NODE, { 10: 6000, 100: 6000 }), ...users(PYTHON, { 10: 3000, 100: 5900 })], because: ['2.00 ± 0.03x', '6,000 vs 3,000 2xx req/s', 'at 10 connections'] },
    { verdict: 'inconclusive', cells: () => [...users(NODE, { 1000: 6000 }), ...users(PYTHON, { 1000: 3000 })], because: ['no users level up to 300 connections was measured'] },
  ],
  'fastapi-competitive': [
    { verdict: 'supported', cells: () => [...users(NODE, { 10: 3000 }), ...users(PYTHON, { 10: 2600 })], because: ['0.87'] },
    { verdict: 'refuted', cells: () => [...users(NODE, { 10: 6000 }), ...users(PYTHON, { 10: 3000 })], because: ['0.50', '≥ 0.8x'] },
    {
      verdict: 'inconclusive',
      cells: () => [...users(NODE, { 10: 6000 }), buildCell({ server: PYTHON, connections: 10, trial: 1, rps: 3000 }), buildCell({ server: PYTHON, connections: 10, trial: 2, outcome: 'errored', reason: 'server exited with code 1' })],
      because: ['1 of 2 trials errored', 'server exited with code 1'],
    },
  ],
  'high-end-node-wins': [
    { verdict: 'supported', cells: () => [...users(NODE, { 100: 6000, 1000: 6000 }), ...users(PYTHON, { 100: 5800, 1000: 3000 })], because: ['at 1,000 connections', '2.00'] },
    { verdict: 'refuted', cells: () => [...users(NODE, { 1000: 3000 }), ...users(PYTHON, { 1000: 3000 })], because: ['1.00 ± 0.01x', '≥ 1.1x'] },
    { verdict: 'inconclusive', cells: () => [...users(NODE, { 250: 6000 }), ...users(PYTHON, { 250: 3000 })], because: ['highest users level measured is 250 connections', 'at least 1,000'] },
  ],
  'thousands-of-connections': [
    { verdict: 'supported', cells: () => users(NODE, { 1000: 6000, 2000: 5000 }), because: ['all 2 checks pass', '0% failed requests', '≤ 1% failed requests'] },
    { verdict: 'refuted', cells: () => users(NODE, { 1000: 6000 }, { non2xx: 1500 }), because: ['node-fastify: 5% ± 0.05% failed requests at 1,000 connections, needs ≤ 1% failed requests'] },
    { verdict: 'inconclusive', cells: () => users(NODE, { 100: 6000 }), because: ['no users level of 1,000 connections or more'] },
  ],
  'tens-of-thousands-low-memory': [
    { verdict: 'supported', cells: () => [...ws(NODE, 1000, { kbPerConnection: 12, connectErrors: 0 }), ...ws(NODE, 10000, { kbPerConnection: 9, connectErrors: 0 })], because: ['all 2 checks pass'] },
    { verdict: 'refuted', cells: () => ws(NODE, 10000, { kbPerConnection: 80, connectErrors: 0 }), because: ['80.0 KiB', '≤ 50.0 KiB'] },
    { verdict: 'inconclusive', cells: () => ws(NODE, 5000, { kbPerConnection: 9, connectErrors: 0 }), because: ['highest websocket level measured is 5,000 connections', 'at least 10,000'] },
  ],
  'native-advantage-websocket': [
    { verdict: 'supported', cells: () => [...ws(NODE, 1000, { messagesPerSecond: 90000 }), ...ws(PYTHON, 1000, { messagesPerSecond: 30000 })], because: ['3.00', '90,000 vs 30,000 deliveries/s'] },
    { verdict: 'refuted', cells: () => [...ws(NODE, 1000, { messagesPerSecond: 30000 }, 30000), ...ws(PYTHON, 1000, { messagesPerSecond: 31000 }, 31000)], because: ['0.97'] },
    {
      verdict: 'inconclusive',
      cells: () => [...ws(NODE, 1000, { messagesPerSecond: 90000 }), buildCell({ server: PYTHON, workload: 'websocket', connections: 1000, outcome: 'skipped', reason: 'python-fastapi-tuned does not implement /ws' })],
      because: ['skipped (python-fastapi-tuned does not implement /ws)'],
    },
  ],
  'native-advantage-sse': [
    { verdict: 'supported', cells: () => [...sse(NODE, 1000, { lagP99Ms: 10 }), ...sse(PYTHON, 1000, { lagP99Ms: 40 })], because: ['4.00', '10.0 vs 40.0 ms'] },
    { verdict: 'refuted', cells: () => [...sse(NODE, 1000, { lagP99Ms: 40 }), ...sse(PYTHON, 1000, { lagP99Ms: 10 })], because: ['0.25'] },
    // Python's delivered events arrive fast, but it dropped 29% of what was due: its lag over every
    // due event is at least the hold window (the cell's 5 s), so Node's advantage stands.
    { verdict: 'supported', cells: () => [...sse(NODE, 5000, { lagP99Ms: 97 }), ...sse(PYTHON, 5000, { lagP99Ms: 90, eventsDelivered: 71_000, missedEvents: 29_000 })], because: ['97.0 vs 5,000 ms'] },
    { verdict: 'inconclusive', cells: () => users(NODE, { 10: 1000 }), because: ['sse not measured in this run'] },
  ],
  'native-advantage-fanout': [
    { verdict: 'supported', cells: () => [fanout(NODE, 1, 2000), fanout(PYTHON, 1, 2500), fanout(NODE, 10, 1500), fanout(PYTHON, 10, 600), fanout(NODE, 50, 700), fanout(PYTHON, 50, 200)].flat(), because: ['all 2 checks pass', '(k=10)'] },
    { verdict: 'refuted', cells: () => [fanout(NODE, 10, 1500), fanout(PYTHON, 10, 600), fanout(NODE, 50, 200), fanout(PYTHON, 50, 700)].flat(), because: ['(k=50)', '0.29'] },
    { verdict: 'inconclusive', cells: () => [fanout(NODE, 1, 2000), fanout(PYTHON, 1, 2500)].flat(), because: ['no fanout cell with k of 10 or more'] },
  ],
  'fastapi-realtime': [
    {
      verdict: 'supported',
      cells: () => [
        ...ws(PYTHON, 1000, { deliveryP99Ms: 40, connectErrors: 0 }),
        ...ws(PYTHON, 5000, { deliveryP99Ms: 60, connectErrors: 0 }),
        // Beyond "most real-time applications": not judged.
        ...ws(PYTHON, 10000, { deliveryP99Ms: 400, connectErrors: 900 }),
        ...sse(PYTHON, 1000, { lagP99Ms: 30 }),
        ...sse(PYTHON, 5000, { lagP99Ms: 70 }),
      ],
      because: ['all 8 checks pass'],
    },
    { verdict: 'refuted', cells: () => [...ws(PYTHON, 1000, { deliveryP99Ms: 40, connectErrors: 0 }), ...sse(PYTHON, 1000, { lagP99Ms: 30, missedEvents: 500 })], because: ['python-fastapi-tuned: 0.99% events missed at 1,000 clients, needs ≤ 0.1% events missed'] },
    { verdict: 'inconclusive', cells: () => ws(PYTHON, 1000, { deliveryP99Ms: 40, connectErrors: 0 }), because: ['2 of 4 checks pass', 'sse not measured in this run'] },
  ],
  'numpy-wins-cpu': [
    { verdict: 'supported', cells: () => [compute(PYTHON, 'matmul', 'numpy', 400), compute(NODE, 'matmul', 'typed-array', 50), compute(NODE, 'matmul', 'ml-matrix', 80)].flat(), because: ['best implementation: ml-matrix', '5.00', '400 vs 80.0'] },
    { verdict: 'refuted', cells: () => [compute(PYTHON, 'stats', 'numpy', 60), compute(NODE, 'stats', 'typed-array', 50), compute(NODE, 'stats', 'simple-statistics', 80)].flat(), because: ['(operation=stats)', '0.75'] },
    { verdict: 'inconclusive', cells: () => compute(PYTHON, 'matmul', 'numpy', 400), because: ['node-fastify [best implementation]: compute (operation=matmul) not measured in this run'] },
  ],
  'interpreted-penalty': [
    { verdict: 'supported', cells: () => [compute(PYTHON, 'matmul', 'numpy', 400), compute(PYTHON, 'matmul', 'pure-python', 1), compute(NODE, 'matmul', 'typed-array', 50)].flat(), because: ['all 2 checks pass'] },
    { verdict: 'refuted', cells: () => [compute(PYTHON, 'matmul', 'numpy', 400), compute(PYTHON, 'matmul', 'pure-python', 60), compute(NODE, 'matmul', 'typed-array', 50)].flat(), because: ['[implementation=typed-array] vs python-fastapi-tuned [implementation=pure-python]', '0.83'] },
    { verdict: 'inconclusive', cells: () => [compute(PYTHON, 'matmul', 'numpy', 400), compute(NODE, 'matmul', 'typed-array', 50)].flat(), because: ['python-fastapi-tuned [implementation=pure-python]: compute (operation=matmul) not measured in this run (and 1 more)'] },
  ],
  'create-pool': [
    // The seed's raw req/s is high, but 90% are 500s: only successful responses count.
    { verdict: 'supported', cells: () => [...users(POOL, { 10: 2500, 100: 2600 }), ...users(SEED, { 10: 400 }), ...users(SEED, { 100: 3000 }, { non2xx: 13_500 })], because: ['all 2 checks pass'] },
    { verdict: 'refuted', cells: () => [...users(POOL, { 10: 400 }), ...users(SEED, { 10: 400 })], because: ['1.00', '≥ 1.1x'] },
    { verdict: 'inconclusive', cells: () => users(POOL, { 10: 2500 }), because: ['python-fastapi-seed: users not measured in this run'] },
    // At 1,000 connections the seed answered almost nothing: its trials "vary" by 170%, but even
    // the pool's worst trial against the seed's best is a win, so noise cannot decide it.
    {
      verdict: 'supported',
      cells: () => [...trials({ server: POOL, connections: 1000 }, [1500, 1560, 1530]), ...trials({ server: SEED, connections: 1000 }, [0, 0, 0.3])],
      because: ['at least 5000.00x in every pair of trials'],
    },
  ],
  'validation-no-extra-cost': [
    { verdict: 'supported', cells: () => [...users(PYTHON, { 10: 3000, 100: 3100 }), ...users(PYTHON, { 10: 3050, 100: 3120 }, { workload: 'users-unvalidated' })], because: ['all 2 checks pass', '(users-unvalidated)'] },
    { verdict: 'refuted', cells: () => [...users(PYTHON, { 10: 2000 }), ...users(PYTHON, { 10: 3000 }, { workload: 'users-unvalidated' })], because: ['0.67', '2,000 vs 3,000', '≥ 0.95x'] },
    { verdict: 'inconclusive', cells: () => [...users(PYTHON, { 10: 2850 }), ...users(PYTHON, { 10: 3000 }, { workload: 'users-unvalidated' })], because: ['0.95 ± 0.01x spans the threshold ≥ 0.95x: within the noise'] },
  ],
};

describe('each claim on hand-built results', () => {
  const cases = Object.entries(scenarios).flatMap(([id, list]) => list.map((s) => [id, s.verdict, s] as const));
  it.each(cases)('%s is %s', (id, verdict, scenario) => {
    const claim = verdictOf(id, scenario.cells());
    expect(claim.verdict, claim.because).toBe(verdict);
    for (const text of scenario.because) expect(claim.because).toContain(text);
  });

  it('every claim of the catalogue has all three scenarios', () => {
    const ids = evaluateClaims(buildResults(users(NODE, { 10: 1000 }))).map((c) => c.id);
    expect(Object.keys(scenarios).sort()).toEqual([...ids].sort());
    for (const list of Object.values(scenarios)) expect([...new Set(list.map((s) => s.verdict))].sort()).toEqual(['inconclusive', 'refuted', 'supported']);
  });
});

describe('what makes a check inconclusive, and what it shows', () => {
  it('a figure varying more than 10% between trials is too noisy to decide, even far from the threshold', () => {
    const claim = verdictOf('thousands-rps', [...users(NODE, { 10: 5000 }), ...trials({ server: PYTHON, connections: 10 }, [2000, 3000, 4500]), ...users(POOL, { 10: 2500 })]);
    expect(claim.verdict).toBe('inconclusive');
    expect(claim.because).toMatch(/too noisy, 2xx req\/s varied by \d+% between trials \(limit 10%\)/);
  });

  it('a value whose spread crosses the threshold is within the noise', () => {
    const claim = verdictOf('thousands-rps', [...users(NODE, { 10: 5000 }), ...trials({ server: PYTHON, connections: 10 }, [950, 1000, 1050]), ...users(POOL, { 10: 2500 })]);
    expect(claim.verdict).toBe('inconclusive');
    expect(claim.because).toContain('1,000 ± 50.0 2xx req/s spans the threshold ≥ 1,000 2xx req/s');
  });

  it('one failing check refutes even when another is inconclusive', () => {
    const claim = verdictOf('thousands-rps', [...users(NODE, { 10: 500 }), ...users(PYTHON, { 10: 3000 })]);
    expect(claim.verdict).toBe('refuted');
  });

  it('with one trial it still decides, and says there is no noise estimate', () => {
    const cells = [buildCell({ server: POOL, connections: 10, rps: 2500 }), buildCell({ server: SEED, connections: 10, rps: 100 })];
    const claim = verdictOf('create-pool', cells);
    expect(claim.verdict).toBe('supported');
    expect(claim.because).toBe('python-fastapi-pool vs python-fastapi-seed: 25.00x (2,500 vs 100 2xx req/s) at 10 connections, needs ≥ 1.1x (1 trial: no noise estimate)');
    expect(claim.checks[0]!.note).toBe('1 trial: no noise estimate');
  });

  it('judges the tuned servers and shows the seeds beside them without counting them', () => {
    const claim = verdictOf('normal-traffic-gap', [...users(NODE, { 10: 3000 }), ...users(PYTHON, { 10: 2900 }), ...users(EXPRESS, { 10: 3000 }), ...users(SEED, { 10: 300 })]);
    expect(claim.verdict).toBe('supported');
    expect(claim.judged).toEqual([NODE, PYTHON]);
    expect(claim.beside).toEqual([EXPRESS, SEED]);
    const seedPair = claim.checks.find((c) => c.subject === `${EXPRESS} vs ${SEED}`)!;
    expect(seedPair).toMatchObject({ role: 'beside', outcome: 'fail', connections: 10 });
    expect(seedPair.value).toBeCloseTo(10, 5);
  });

  it('keeps the numbers of every check: value, error, trials, threshold', () => {
    const claim = verdictOf('high-end-node-wins', [...users(NODE, { 1000: 6000 }), ...users(PYTHON, { 1000: 3000 })]);
    const check = claim.checks.find((c) => c.role === 'judged')!;
    expect(check).toMatchObject({ subject: `${NODE} vs ${PYTHON}`, connections: 1000, trials: 3, threshold: '≥ 1.1x', outcome: 'pass', shown: '2.00 ± 0.03x', detail: '6,000 vs 3,000 2xx req/s' });
    expect(check.value).toBeCloseTo(2, 10);
  });
});
