/**
 * Each claim's predicate on hand-built results: one run that supports it, one that refutes it and
 * one that leaves it inconclusive, with the reason and the numbers checked in the text. Then the
 * rule itself: paired per-round intervals against the thresholds, the band between supported and
 * refuted, Bonferroni on the refuting side, and the A/A floor for single trials.
 */
import { describe, expect, it } from 'vitest';
import { evaluateClaims, runNoiseFloor } from '../../src/claims/evaluate.js';
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
const ws = (server: string, level: number, metrics: Record<string, number>, rps = 1000) =>
  steady({ server, workload: 'websocket', connections: level, latency: null, metrics }, rps);
const sse = (server: string, level: number, metrics: Record<string, number>) =>
  steady(
    {
      server,
      workload: 'sse',
      connections: level,
      latency: null,
      metrics: { eventsDelivered: level * 50, missedEvents: 0, ...metrics },
    },
    10 * level,
  );
const fanout = (server: string, k: number, rps: number) =>
  steady({ server, workload: 'fanout', parameters: { k }, connections: 50 }, rps);
const compute = (server: string, operation: string, implementation: string, rps: number, connections = 1) =>
  steady({ server, workload: 'compute', parameters: { operation, implementation }, connections }, rps);
/** users-open cells for one server: { offered rate: [p50, p99] ms }, three steady rounds each, the rate held. */
const open = (server: string, rates: Record<number, [number, number]>) =>
  Object.entries(rates).flatMap(([rate, [p50, p99]]) =>
    steady(
      {
        server,
        workload: 'users-open',
        connections: Number(rate),
        latency: { p50, p90: (p50 + p99) / 2, p99, p999: p99 * 1.5, max: p99 * 2 },
        metrics: { targetRate: Number(rate), rateHeld: 1 },
      },
      Number(rate) * 0.995,
    ),
  );

interface Scenario {
  verdict: Verdict;
  cells: () => Cell[];
  /** Text the "decided by" sentence must contain: the numbers and servers that decided it. */
  because: string[];
}

const scenarios: Record<string, Scenario[]> = {
  'thousands-rps': [
    {
      verdict: 'supported',
      cells: () => [
        ...users(NODE, { 10: 5000, 100: 6000 }),
        ...users(PYTHON, { 10: 3000, 100: 3200 }),
        ...users(POOL, { 10: 2500, 100: 2600 }),
        ...users(SEED, { 10: 400, 100: 380 }),
      ],
      because: ['all 6 checks pass', 'python-fastapi-pool', '2,500'],
    },
    {
      verdict: 'refuted',
      cells: () => [
        ...users(NODE, { 10: 5000, 100: 6000 }),
        ...users(PYTHON, { 10: 3000, 100: 800 }),
        ...users(POOL, { 10: 2500, 100: 2600 }),
      ],
      because: ['python-fastapi-tuned', '800', 'at 100 connections', '≥ 1,000'],
    },
    {
      verdict: 'inconclusive',
      cells: () => [...users(NODE, { 10: 5000 }), ...users(PYTHON, { 10: 3000 })],
      because: ['python-fastapi-pool: users not measured in this run'],
    },
  ],
  'normal-traffic-gap': [
    // Up to 1,000 req/s offered the latencies are within 1.25x; at 4,000 (beyond normal traffic) they are not, and do
    // not count.
    {
      verdict: 'supported',
      cells: () => [
        ...open(NODE, { 250: [3, 12], 1000: [4, 16], 4000: [8, 40] }),
        ...open(PYTHON, { 250: [3.3, 13], 1000: [4.5, 18], 4000: [60, 900] }),
      ],
      because: ['all 4 checks pass', 'node-fastify vs python-fastapi-tuned', 'inside 0.8x–1.25x or within ±'],
    },
    // Python's median is 20 times Node's and 38 ms longer: outside the ratio band and the 10 ms.
    {
      verdict: 'refuted',
      cells: () => [...open(NODE, { 1000: [2, 10] }), ...open(PYTHON, { 1000: [40, 60] })],
      because: [
        '20.00x [',
        'difference -38.0 ms',
        '(2.00 vs 40.0 ms) at 1,000 req/s offered',
        'wholly outside refutes',
      ],
    },
    {
      verdict: 'inconclusive',
      cells: () => [...open(NODE, { 4000: [8, 40] }), ...open(PYTHON, { 4000: [60, 900] })],
      because: ['no users-open level up to 1,000 req/s offered was measured (lowest: 4,000)'],
    },
  ],
  'fastapi-competitive': [
    // Python waits 1.2x as long at the median (inside 1.25x), and 1.5x at p99 but only 6 ms more (inside 50 ms).
    {
      verdict: 'supported',
      cells: () => [...open(NODE, { 250: [3, 12] }), ...open(PYTHON, { 250: [3.6, 18] })],
      because: ['all 2 checks pass', 'python-fastapi-tuned vs node-fastify'],
    },
    {
      verdict: 'refuted',
      cells: () => [...open(NODE, { 1000: [5, 20] }), ...open(PYTHON, { 1000: [60, 400] })],
      because: [
        '0.05x [',
        '(400 vs 20.0 ms) at 1,000 req/s offered',
        '≥ 0.8x or at most 50 ms worse supports; wholly below refutes',
        '(and 1 more)',
      ],
    },
    {
      verdict: 'inconclusive',
      cells: () => [
        ...open(NODE, { 1000: [5, 20] }),
        buildCell({ server: PYTHON, workload: 'users-open', connections: 1000, round: 1, rps: 995, latency: 20 }),
        buildCell({
          server: PYTHON,
          workload: 'users-open',
          connections: 1000,
          round: 2,
          outcome: 'errored',
          reason: 'server exited with code 1',
        }),
      ],
      because: ['1 of 2 trials errored', 'server exited with code 1'],
    },
  ],
  'high-end-node-wins': [
    {
      verdict: 'supported',
      cells: () => [...users(NODE, { 100: 6000, 1000: 6000 }), ...users(PYTHON, { 100: 5800, 1000: 3000 })],
      because: ['at 1,000 connections', '2.00'],
    },
    // Refuted only when Node is not faster at all: here Python serves 10% more in every round.
    {
      verdict: 'refuted',
      cells: () => [...users(NODE, { 1000: 3000 }), ...users(PYTHON, { 1000: 3300 })],
      because: ['0.91x [', '3,000 vs 3,300 2xx req/s', '≥ 1.1x supports; ≤ 1x refutes'],
    },
    {
      verdict: 'inconclusive',
      cells: () => [...users(NODE, { 250: 6000 }), ...users(PYTHON, { 250: 3000 })],
      because: ['highest users level measured is 250 connections', 'at least 1,000'],
    },
  ],
  'thousands-of-connections': [
    {
      verdict: 'supported',
      cells: () => users(NODE, { 1000: 6000, 2000: 5000 }),
      because: ['all 2 checks pass', '0% failed requests', '≤ 1% failed requests'],
    },
    {
      verdict: 'refuted',
      cells: () => users(NODE, { 1000: 6000 }, { non2xx: 1500 }),
      because: [
        'node-fastify: 5% failed requests [',
        '] 95%, 3 rounds at 1,000 connections, needs ≤ 1% failed requests',
      ],
    },
    {
      verdict: 'inconclusive',
      cells: () => users(NODE, { 100: 6000 }),
      because: ['no users level of 1,000 connections or more'],
    },
  ],
  'tens-of-thousands-low-memory': [
    {
      verdict: 'supported',
      cells: () => [
        ...ws(NODE, 1000, { kbPerConnection: 12, connectErrors: 0 }),
        ...ws(NODE, 10000, { kbPerConnection: 9, connectErrors: 0 }),
      ],
      because: ['all 2 checks pass'],
    },
    {
      verdict: 'refuted',
      cells: () => ws(NODE, 10000, { kbPerConnection: 80, connectErrors: 0 }),
      because: ['80.0 KiB', '≤ 50.0 KiB'],
    },
    {
      verdict: 'inconclusive',
      cells: () => ws(NODE, 5000, { kbPerConnection: 9, connectErrors: 0 }),
      because: ['highest websocket level measured is 5,000 connections', 'at least 10,000'],
    },
  ],
  'native-advantage-websocket': [
    {
      verdict: 'supported',
      cells: () => [
        ...ws(NODE, 1000, { deliveryP99Ms: 40, connectErrors: 0 }),
        ...ws(PYTHON, 1000, { deliveryP99Ms: 200, connectErrors: 0 }),
      ],
      because: ['5.00x', 'difference -160 ms', '40.0 vs 200 ms', '≥ 1.1x and ≥ 50 ms apart supports'],
    },
    // Python's p99 is 1.5x Node's, but 20 ms is a gap no user of a live app notices.
    {
      verdict: 'refuted',
      cells: () => [
        ...ws(NODE, 1000, { deliveryP99Ms: 40, connectErrors: 0 }),
        ...ws(PYTHON, 1000, { deliveryP99Ms: 60, connectErrors: 0 }),
      ],
      because: ['1.50x', 'difference -20.0 ms', '< 50 ms apart refutes'],
    },
    {
      verdict: 'inconclusive',
      cells: () => [
        ...ws(NODE, 1000, { deliveryP99Ms: 40, connectErrors: 0 }),
        buildCell({
          server: PYTHON,
          workload: 'websocket',
          connections: 1000,
          outcome: 'skipped',
          reason: 'python-fastapi-tuned does not implement /ws',
        }),
      ],
      because: ['skipped (python-fastapi-tuned does not implement /ws)'],
    },
    // Refusing more than 1% of the clients counts the p99 as the whole cell: they never get a broadcast.
    {
      verdict: 'supported',
      cells: () => [
        ...ws(NODE, 5000, { deliveryP99Ms: 90, connectErrors: 0 }),
        ...ws(PYTHON, 5000, { deliveryP99Ms: 80, connectErrors: 400 }),
      ],
      because: ['90.0 vs 5,000 ms'],
    },
  ],
  'native-advantage-sse': [
    {
      verdict: 'supported',
      cells: () => [...sse(NODE, 1000, { lagP99Ms: 20 }), ...sse(PYTHON, 1000, { lagP99Ms: 120 })],
      because: ['6.00', '20.0 vs 120 ms'],
    },
    {
      verdict: 'refuted',
      cells: () => [...sse(NODE, 1000, { lagP99Ms: 40 }), ...sse(PYTHON, 1000, { lagP99Ms: 10 })],
      because: ['0.25'],
    },
    // Four times faster, but 30 ms apart: not an advantage a user would notice.
    {
      verdict: 'refuted',
      cells: () => [...sse(NODE, 1000, { lagP99Ms: 10 }), ...sse(PYTHON, 1000, { lagP99Ms: 40 })],
      because: ['4.00x', '10.0 vs 40.0 ms', '< 50 ms apart refutes'],
    },
    // Python's delivered events arrive fast, but it dropped 29% of what was due: its lag over every
    // due event is at least the hold window (the cell's 5 s), so Node's advantage stands.
    {
      verdict: 'supported',
      cells: () => [
        ...sse(NODE, 5000, { lagP99Ms: 97 }),
        ...sse(PYTHON, 5000, { lagP99Ms: 90, eventsDelivered: 71_000, missedEvents: 29_000 }),
      ],
      because: ['97.0 vs 5,000 ms'],
    },
    { verdict: 'inconclusive', cells: () => users(NODE, { 10: 1000 }), because: ['sse not measured in this run'] },
  ],
  'native-advantage-fanout': [
    {
      verdict: 'supported',
      cells: () =>
        [
          fanout(NODE, 1, 2000),
          fanout(PYTHON, 1, 2500),
          fanout(NODE, 10, 1500),
          fanout(PYTHON, 10, 600),
          fanout(NODE, 50, 700),
          fanout(PYTHON, 50, 200),
        ].flat(),
      because: ['all 2 checks pass', '(k=10)'],
    },
    {
      verdict: 'refuted',
      cells: () =>
        [fanout(NODE, 10, 1500), fanout(PYTHON, 10, 600), fanout(NODE, 50, 200), fanout(PYTHON, 50, 700)].flat(),
      because: ['(k=50)', '0.29'],
    },
    {
      verdict: 'inconclusive',
      cells: () => [fanout(NODE, 1, 2000), fanout(PYTHON, 1, 2500)].flat(),
      because: ['no fanout cell with k of 10 or more'],
    },
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
    {
      verdict: 'refuted',
      cells: () => [
        ...ws(PYTHON, 1000, { deliveryP99Ms: 40, connectErrors: 0 }),
        ...sse(PYTHON, 1000, { lagP99Ms: 30, missedEvents: 500 }),
      ],
      because: ['python-fastapi-tuned: 0.99% events missed [', 'at 1,000 clients, needs ≤ 0.1% events missed'],
    },
    {
      verdict: 'inconclusive',
      cells: () => ws(PYTHON, 1000, { deliveryP99Ms: 40, connectErrors: 0 }),
      because: ['2 of 4 checks pass', 'sse not measured in this run'],
    },
  ],
  'numpy-wins-cpu': [
    {
      verdict: 'supported',
      cells: () =>
        [
          compute(PYTHON, 'matmul', 'numpy', 400),
          compute(NODE, 'matmul', 'typed-array', 50),
          compute(NODE, 'matmul', 'ml-matrix', 80),
        ].flat(),
      because: ['best implementation: ml-matrix', '5.00', '400 vs 80.0'],
    },
    {
      verdict: 'refuted',
      cells: () =>
        [
          compute(PYTHON, 'stats', 'numpy', 60),
          compute(NODE, 'stats', 'typed-array', 50),
          compute(NODE, 'stats', 'simple-statistics', 80),
        ].flat(),
      because: ['(operation=stats)', '0.75'],
    },
    {
      verdict: 'inconclusive',
      cells: () => compute(PYTHON, 'matmul', 'numpy', 400),
      because: ['node-fastify [best implementation]: compute (operation=matmul) not measured in this run'],
    },
  ],
  'interpreted-penalty': [
    {
      verdict: 'supported',
      cells: () =>
        [
          compute(PYTHON, 'matmul', 'numpy', 400),
          compute(PYTHON, 'matmul', 'pure-python', 1),
          compute(NODE, 'matmul', 'typed-array', 50),
        ].flat(),
      because: ['all 2 checks pass'],
    },
    {
      verdict: 'refuted',
      cells: () =>
        [
          compute(PYTHON, 'matmul', 'numpy', 400),
          compute(PYTHON, 'matmul', 'pure-python', 60),
          compute(NODE, 'matmul', 'typed-array', 50),
        ].flat(),
      because: ['[implementation=typed-array] vs python-fastapi-tuned [implementation=pure-python]', '0.83'],
    },
    {
      verdict: 'inconclusive',
      cells: () => [compute(PYTHON, 'matmul', 'numpy', 400), compute(NODE, 'matmul', 'typed-array', 50)].flat(),
      because: [
        'python-fastapi-tuned [implementation=pure-python]: compute (operation=matmul) not measured in this run ' +
          '(and 1 more)',
      ],
    },
  ],
  'create-pool': [
    // The seed's raw req/s is high, but 90% are 500s: only successful responses count.
    {
      verdict: 'supported',
      cells: () => [
        ...users(POOL, { 10: 2500, 100: 2600 }),
        ...users(SEED, { 10: 400 }),
        ...users(SEED, { 100: 3000 }, { non2xx: 13_500 }),
      ],
      because: ['all 2 checks pass'],
    },
    {
      verdict: 'refuted',
      cells: () => [...users(POOL, { 10: 400 }), ...users(SEED, { 10: 440 })],
      because: ['0.91x', '≥ 1.1x supports; ≤ 1x refutes'],
    },
    {
      verdict: 'inconclusive',
      cells: () => users(POOL, { 10: 2500 }),
      because: ['python-fastapi-seed: users not measured in this run'],
    },
    // At 1,000 connections the seed answered nothing in any round: a trial with no response
    // counts as one response in its window (a lower bound), so each round still has a ratio.
    {
      verdict: 'supported',
      cells: () => [
        ...trials({ server: POOL, connections: 1000 }, [1500, 1560, 1530]),
        ...trials({ server: SEED, connections: 1000 }, [0, 0, 0]),
      ],
      because: [
        'python-fastapi-pool vs python-fastapi-seed:',
        '3 rounds (1,530 vs 0.0 2xx req/s) at 1,000 connections',
      ],
    },
    // A round in which the seed answered nothing counts for the pool, not against the interval.
    {
      verdict: 'supported',
      cells: () => [
        ...trials({ server: POOL, connections: 1000 }, [1500, 1560, 1530]),
        ...trials({ server: SEED, connections: 1000 }, [0, 0, 0.3]),
      ],
      because: ['3 rounds'],
    },
  ],
  'validation-no-extra-cost': [
    {
      verdict: 'supported',
      cells: () => [
        ...users(PYTHON, { 10: 3000, 100: 3100 }),
        ...users(PYTHON, { 10: 3050, 100: 3120 }, { workload: 'users-unvalidated' }),
      ],
      because: ['all 2 checks pass', '(users-unvalidated)'],
    },
    {
      verdict: 'refuted',
      cells: () => [...users(PYTHON, { 10: 2000 }), ...users(PYTHON, { 10: 3000 }, { workload: 'users-unvalidated' })],
      because: ['0.67', '2,000 vs 3,000', '≥ 0.95x'],
    },
    {
      verdict: 'inconclusive',
      cells: () => [...users(PYTHON, { 10: 2850 }), ...users(PYTHON, { 10: 3000 }, { workload: 'users-unvalidated' })],
      because: ['0.95x [0.9', '≥ 0.95x supports; wholly below refutes', 'more than 200 rounds would likely be needed'],
    },
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
    for (const list of Object.values(scenarios))
      expect([...new Set(list.map((s) => s.verdict))].sort()).toEqual(['inconclusive', 'refuted', 'supported']);
  });
});

/** The judged check of a claim (the first, or the one at a level). */
const judged = (claim: ClaimResult, connections?: number) =>
  claim.checks.find((c) => c.role === 'judged' && (connections === undefined || c.connections === connections))!;

/**
 * users cells at one level whose per-round goodput ratio a/b is exactly `ratios[i]` (b serves 1,000 in every round).
 */
const pairedUsers = (a: string, b: string, connections: number, ratios: number[]) => [
  ...trials(
    { server: a, connections },
    ratios.map((r) => 1000 * r),
  ),
  ...trials(
    { server: b, connections },
    ratios.map(() => 1000),
  ),
];

/** node-fastify's A/A pair at 10 connections in three rounds: the replicate within 1-2% of the original. */
const aaFloor = () => [
  ...trials({ server: NODE, connections: 10 }, [5000, 5000, 5000]),
  ...trials({ server: NODE, connections: 10, aa: true }, [5050, 4925, 5100]),
];

describe('an advantage: supported beyond 1.10x, refuted only at or below 1.00x, inconclusive between', () => {
  it('is supported when the whole interval clears 1.10x', () => {
    const claim = verdictOf('high-end-node-wins', pairedUsers(NODE, PYTHON, 1000, [1.2, 1.25, 1.22]));
    const check = judged(claim);
    expect(claim.verdict).toBe('supported');
    expect(check.interval!.low).toBeGreaterThanOrEqual(1.1);
    expect(check.shown).toMatch(/^1\.22x \[1\.1\dx, 1\.2\dx\] 95%, 3 rounds$/);
  });

  it('is inconclusive when the interval reaches below 1.10x although its estimate is above', () => {
    const claim = verdictOf('high-end-node-wins', pairedUsers(NODE, PYTHON, 1000, [1.05, 1.25, 1.15]));
    const check = judged(claim);
    expect(check.value!).toBeGreaterThan(1.1);
    expect(check.interval!.low).toBeLessThan(1.1);
    expect(claim.verdict).toBe('inconclusive');
  });

  it('is not refuted by a small win: an interval wholly between 1.00x and 1.10x is inconclusive', () => {
    const claim = verdictOf('high-end-node-wins', pairedUsers(NODE, PYTHON, 1000, [1.04, 1.05, 1.06]));
    const check = judged(claim);
    expect(check.interval!.low).toBeGreaterThan(1);
    expect(check.interval!.high).toBeLessThan(1.1);
    expect(claim.verdict).toBe('inconclusive');
  });

  it('is refuted when the whole interval lies at or below 1.00x', () => {
    const claim = verdictOf('high-end-node-wins', pairedUsers(NODE, PYTHON, 1000, [0.9, 0.93, 0.95]));
    expect(judged(claim).refuteInterval!.high).toBeLessThanOrEqual(1);
    expect(claim.verdict).toBe('refuted');
  });

  it('pairs trials by round: drift shared by both servers in a round does not widen the interval', () => {
    // Both servers lose half their throughput in round 2 (the machine was busy): every round's ratio is 2.
    const cells = [
      ...trials({ server: NODE, connections: 1000 }, [6000, 3000, 6100]),
      ...trials({ server: PYTHON, connections: 1000 }, [3000, 1500, 3050]),
    ];
    const check = judged(verdictOf('high-end-node-wins', cells));
    expect(check.values).toEqual([2, 2, 2]);
    expect(check.interval).toMatchObject({ low: 2, high: 2, method: 't' });
    expect(check.outcome).toBe('pass');
  });

  it('drops a round only one side completed, and says how many rounds were paired', () => {
    const cells = [
      ...trials({ server: NODE, connections: 1000 }, [2400, 2500, 2450]),
      ...trials({ server: PYTHON, connections: 1000 }, [1000, 1000]),
      ...trials({ server: PYTHON, connections: 1000, aa: false }, [1000]).map((c) => ({ ...c, round: 4 })),
    ];
    const check = judged(verdictOf('high-end-node-wins', cells));
    expect(check.trials).toBe(2);
    expect(check.values).toEqual([2.4, 2.5]);
    expect(check.shown).toContain('2 rounds');
  });
});

describe('a negligible gap: supported only inside the band, refuted only wholly outside', () => {
  it('is supported when the whole interval lies inside 0.8x–1.25x', () => {
    const check = judged(
      verdictOf('normal-traffic-gap', [...open(NODE, { 1000: [10, 100] }), ...open(PYTHON, { 1000: [11, 110] })]),
    );
    expect(check.outcome).toBe('pass');
    expect(check.interval!.low).toBeGreaterThan(0.8);
    expect(check.interval!.high).toBeLessThan(1.25);
  });

  it('is supported by a gap under the absolute band even when the ratio is far outside it', () => {
    // 1 ms against 3 ms at the median: three times as long, and 2 ms no caller notices.
    const claim = verdictOf('normal-traffic-gap', [...open(NODE, { 250: [1, 5] }), ...open(PYTHON, { 250: [3, 15] })]);
    expect(claim.checks.map((c) => c.outcome)).toEqual(['pass', 'pass']);
    expect(judged(claim).interval!.low).toBeGreaterThan(1.25);
  });

  it('is inconclusive when the interval straddles the band edge', () => {
    // Node's p50 is 1.43x, 1.05x and 1.25x better round by round, 5-30 ms: neither inside the bands nor wholly outside.
    const node = trials(
      { server: NODE, workload: 'users-open', connections: 1000, metrics: { rateHeld: 1 } },
      [995, 995, 995],
      (i) => ({ latency: { p50: [70, 95, 80][i]!, p90: 150, p99: 200, p999: 300, max: 400 } }),
    );
    const python = trials(
      { server: PYTHON, workload: 'users-open', connections: 1000, metrics: { rateHeld: 1 } },
      [995, 995, 995],
      () => ({ latency: { p50: 100, p90: 150, p99: 200, p999: 300, max: 400 } }),
    );
    const check = judged(verdictOf('normal-traffic-gap', [...node, ...python]));
    expect(check.interval!.low).toBeLessThan(1.25);
    expect(check.interval!.high).toBeGreaterThan(1.25);
    expect(check.outcome).toBe('unclear');
  });
});

describe('Bonferroni: a claim with k judged checks refutes on 1 - 0.05/k intervals', () => {
  // Node's per-round fan-out ratios at K = 50: about 0.97, 1% apart. At 95% the interval lies wholly
  // below 1; at 97.5% (two judged checks) it reaches above 1.
  const k50 = () => [
    ...trials(
      { server: NODE, workload: 'fanout', parameters: { k: 50 }, connections: 50 },
      [0.96, 0.97, 0.98].map((r) => 1000 * r),
    ),
    ...trials({ server: PYTHON, workload: 'fanout', parameters: { k: 50 }, connections: 50 }, [1000, 1000, 1000]),
  ];

  it('alone, the check refutes at 95%', () => {
    const claim = verdictOf('native-advantage-fanout', k50());
    expect(judged(claim).refuteInterval).toMatchObject({ level: 0.95 });
    expect(claim.verdict).toBe('refuted');
  });

  it('beside a second judged check, the refuting interval is wider and no longer refutes', () => {
    const claim = verdictOf('native-advantage-fanout', [
      ...fanout(NODE, 10, 1500),
      ...fanout(PYTHON, 10, 600),
      ...k50(),
    ]);
    const check = claim.checks.find((c) => c.parameters === 'k=50')!;
    expect(claim.checks.filter((c) => c.role === 'judged')).toHaveLength(2);
    expect(check.refuteInterval!.level).toBeCloseTo(0.975, 12);
    expect(check.interval!.high).toBeLessThan(1);
    expect(check.refuteInterval!.high).toBeGreaterThan(1);
    expect(check.outcome).toBe('unclear');
    expect(claim.verdict).toBe('inconclusive');
  });
});

describe("a single trial a side decides only beyond the run's A/A noise floor", () => {
  it('without A/A trials in the run, a single-trial comparison is inconclusive and says why', () => {
    const claim = verdictOf('create-pool', [
      buildCell({ server: POOL, connections: 10, rps: 2500 }),
      buildCell({ server: SEED, connections: 10, rps: 100 }),
    ]);
    expect(claim.verdict).toBe('inconclusive');
    expect(claim.because).toContain('one trial a side and no A/A noise floor in this run');
  });

  it('with the A/A floor, a 25x gap in one trial decides, on an interval widened by the floor', () => {
    const cells = [
      ...aaFloor(),
      buildCell({ server: POOL, connections: 10, rps: 2500 }),
      buildCell({ server: SEED, connections: 10, rps: 100 }),
    ];
    const floor = runNoiseFloor(buildResults(cells))!;
    const claim = verdictOf('create-pool', cells);
    const check = judged(claim);
    expect(floor.n).toBe(3);
    expect(floor.factor).toBeGreaterThan(1);
    expect(claim.verdict).toBe('supported');
    expect(check.interval!.method).toBe('floor');
    expect(check.interval!.low).toBeCloseTo(25 / floor.factor, 10);
    expect(check.interval!.high).toBeCloseTo(25 * floor.factor, 10);
    expect(check.shown).toContain('A/A floor, 1 trial a side');
  });

  it('with the A/A floor, a single-trial gap inside the floor stays inconclusive', () => {
    const floor = runNoiseFloor(buildResults(aaFloor()))!;
    // A 1.10x win, just past the threshold but not past the floor's widening.
    const cells = [
      ...aaFloor(),
      buildCell({ server: POOL, connections: 10, rps: 1100 * 1.01 }),
      buildCell({ server: SEED, connections: 10, rps: 1000 }),
    ];
    const check = judged(verdictOf('create-pool', cells));
    expect(1.111 / floor.factor).toBeLessThan(1.1);
    expect(check.outcome).toBe('unclear');
    expect(check.note).toBe(
      "the 2xx req/s ratio, widened by the run's A/A noise floor, spans a threshold: one trial a side cannot " +
        'decide it; measure this workload in more rounds (--rounds)',
    );
  });

  it('the A/A replicate is not a server of its own: it is neither judged nor shown', () => {
    const claim = verdictOf('thousands-rps', [
      ...aaFloor(),
      ...users(PYTHON, { 10: 3000 }),
      ...users(POOL, { 10: 2500 }),
    ]);
    const node = claim.checks.filter((c) => c.subject === NODE);
    expect(node).toHaveLength(1);
    expect(node[0]!.trials).toBe(3);
    expect(node[0]!.values).toEqual([5000, 5000, 5000]);
  });
});

describe('what makes a check inconclusive, and what it shows', () => {
  it('a spread between rounds above 10% is no veto: far enough from the threshold it still decides', () => {
    const claim = verdictOf('thousands-rps', [
      ...users(NODE, { 10: 5000 }),
      ...trials({ server: PYTHON, connections: 10 }, [4000, 5000, 6500]),
      ...users(POOL, { 10: 2500 }),
    ]);
    const check = claim.checks.find((c) => c.subject === PYTHON)!;
    expect(check.outcome).toBe('pass');
    expect(claim.verdict).toBe('supported');
  });

  it('a bound whose interval spans the threshold is inconclusive, with about how many rounds would decide it', () => {
    const claim = verdictOf('thousands-rps', [
      ...users(NODE, { 10: 5000 }),
      ...trials({ server: PYTHON, connections: 10 }, [1100, 1200, 1300]),
      ...users(POOL, { 10: 2500 }),
    ]);
    const check = claim.checks.find((c) => c.subject === PYTHON)!;
    expect(claim.verdict).toBe('inconclusive');
    expect(check.interval!.low).toBeLessThan(1000);
    expect(check.roundsNeeded).toBe(4);
    expect(check.note).toBe(
      '2xx req/s is between the thresholds after 3 rounds; about 4 rounds in all would likely decide it',
    );
    expect(claim.because).toContain('2 of 3 checks pass; python-fastapi-tuned: 1,197 2xx req/s [');
    // And it would: a fourth round like the others decides it.
    const more = verdictOf('thousands-rps', [
      ...users(NODE, { 10: 5000 }),
      ...trials({ server: PYTHON, connections: 10 }, [1100, 1200, 1300, 1200]),
      ...users(POOL, { 10: 2500 }),
    ]);
    expect(more.checks.find((c) => c.subject === PYTHON)!.outcome).toBe('pass');
  });

  it('an advantage stuck between 1.00x and 1.10x is not promised a decision by more rounds', () => {
    // A true 1.05x: however many rounds, its interval ends up between the thresholds, deciding nothing.
    const check = judged(verdictOf('high-end-node-wins', pairedUsers(NODE, PYTHON, 1000, [1.03, 1.05, 1.07])));
    expect(check.outcome).toBe('unclear');
    expect(check.roundsNeeded).toBeNull();
    expect(check.note).toContain('more rounds would not turn into an advantage');
  });

  it('a round in which the seed answered nothing still counts for the pool', () => {
    // Rounds 1 and 2: the seed served 0 req/s, round 3: 0.3. Every round favours the pool by 5,000x or more.
    const claim = verdictOf('create-pool', [
      ...trials({ server: POOL, connections: 1000 }, [1500, 1560, 1530]),
      ...trials({ server: SEED, connections: 1000 }, [0, 0, 0.3]),
    ]);
    expect(claim.verdict).toBe('supported');
    expect(claim.because).not.toContain('one trial a side');
  });

  it('one failing check refutes even when another is inconclusive', () => {
    const claim = verdictOf('thousands-rps', [...users(NODE, { 10: 500 }), ...users(PYTHON, { 10: 3000 })]);
    expect(claim.verdict).toBe('refuted');
  });

  it('judges the tuned servers and shows the seeds beside them without counting them', () => {
    const claim = verdictOf('high-end-node-wins', [
      ...users(NODE, { 1000: 6000 }),
      ...users(PYTHON, { 1000: 3000 }),
      ...users(EXPRESS, { 1000: 3000 }),
      ...users(SEED, { 1000: 300 }),
    ]);
    expect(claim.verdict).toBe('supported');
    expect(claim.judged).toEqual([NODE, PYTHON]);
    expect(claim.beside).toEqual([EXPRESS, SEED]);
    const seedPair = claim.checks.find((c) => c.subject === `${EXPRESS} vs ${SEED}`)!;
    expect(seedPair).toMatchObject({ role: 'beside', outcome: 'pass', connections: 1000 });
    expect(seedPair.value).toBeCloseTo(10, 2);
  });

  it('keeps the numbers of every check: estimate, intervals, per-round ratios, block, arms, threshold', () => {
    const claim = verdictOf('high-end-node-wins', [...users(NODE, { 1000: 6000 }), ...users(PYTHON, { 1000: 3000 })]);
    const check = judged(claim);
    expect(check).toMatchObject({
      subject: `${NODE} vs ${PYTHON}`,
      connections: 1000,
      trials: 3,
      threshold: '≥ 1.1x supports; ≤ 1x refutes',
      outcome: 'pass',
      detail: '6,000 vs 3,000 2xx req/s',
      block: 'users@1000',
      arms: [
        { server: NODE, workload: 'users', parameters: {}, aa: false },
        { server: PYTHON, workload: 'users', parameters: {}, aa: false },
      ],
      roundsNeeded: null,
      note: null,
    });
    expect(check.values).toHaveLength(3);
    expect(check.value).toBeCloseTo(2, 3);
    expect(check.interval).toMatchObject({ level: 0.95, method: 't' });
    expect(check.interval!.low).toBeLessThan(check.value!);
    expect(check.interval!.high).toBeGreaterThan(check.value!);
    // One judged check: the refuting side reads the same interval.
    expect(check.refuteInterval).toEqual(check.interval);
    expect(check.shown).toMatch(/^2\.00x \[1\.9\dx, 2\.0\dx\] 95%, 3 rounds$/);
  });
});

describe('a quick run is indicative: its claims point, they are never supported or refuted', () => {
  /** The results of `verdict bench --quick` with these cells: one round planned, one look, no extra rounds. */
  const quick = (cells: Cell[]) =>
    buildResults(cells, { plan: { quick: true, rounds: 1, looks: [{ rounds: 1, level: 0.95 }], budgetSeconds: 0 } });
  const firstRound = (cells: Cell[]) => cells.filter((c) => c.round === 1);
  const cases = Object.entries(scenarios).flatMap(([id, list]) => list.map((s) => [id, s.verdict, s] as const));

  it.each(cases)(
    '%s, %s in a full run, is inconclusive in one quick round, every check with a value unclear and pointing',
    (id, _verdict, scenario) => {
      const claim = evaluateClaims(quick(firstRound(scenario.cells()))).find((c) => c.id === id)!;
      expect(claim.verdict).toBe('inconclusive');
      expect(claim.because).toMatch(/^indicative only \(quick run\)/);
      for (const check of claim.checks) {
        expect(check.outcome, check.subject).toBe('unclear');
        expect(check.roundsNeeded, check.subject).toBeNull();
        if (check.value === null) continue;
        expect(check.pointsTo, check.subject).toBeDefined();
        expect(check.note, check.subject).toMatch(
          /^indicative only \(quick run\): the estimate (would pass|would fail|is between the thresholds)$/,
        );
      }
    },
  );

  it.each(cases.filter(([, verdict]) => verdict !== 'inconclusive'))(
    '%s points to %s with the rounds that decide it in a full run',
    (id, verdict, scenario) => {
      const claim = evaluateClaims(quick(scenario.cells())).find((c) => c.id === id)!;
      expect(claim.verdict).toBe('inconclusive');
      expect(claim.because).toContain(`indicative only (quick run), points to ${verdict}: `);
    },
  );

  it('shows a single trial without an A/A floor by its value alone, judged on it: no interval, no Student t', () => {
    const claim = evaluateClaims(
      quick([
        buildCell({ server: POOL, connections: 100, rps: 2500 }),
        buildCell({ server: SEED, connections: 100, rps: 100 }),
      ]),
    ).find((c) => c.id === 'create-pool')!;
    const check = judged(claim);
    expect(check).toMatchObject({
      value: 25,
      interval: null,
      refuteInterval: null,
      trials: 1,
      values: [25],
      shown: '25.00x, 1 round',
      outcome: 'unclear',
      pointsTo: 'pass',
    });
    expect(claim.because).toBe(
      'indicative only (quick run), points to supported: python-fastapi-pool vs python-fastapi-seed: 25.00x, 1 ' +
        'round (2,500 vs 100 2xx req/s) at 100 connections, needs ≥ 1.1x supports; ≤ 1x refutes',
    );
    const bound = evaluateClaims(quick([buildCell({ server: NODE, connections: 100, rps: 6000 })])).find(
      (c) => c.id === 'thousands-rps',
    )!;
    expect(bound.checks.find((c) => c.subject === NODE)).toMatchObject({
      value: 6000,
      interval: null,
      shown: '6,000 2xx req/s, 1 round',
      pointsTo: 'pass',
    });
  });

  it('says what the quick run did not measure, without pointing', () => {
    const claim = evaluateClaims(
      quick([
        buildCell({ server: NODE, connections: 100, rps: 6000 }),
        buildCell({ server: PYTHON, connections: 100, rps: 3000 }),
      ]),
    ).find((c) => c.id === 'high-end-node-wins')!;
    expect(claim.because).toBe(
      'indicative only (quick run): the highest users level measured is 100 connections; the claim needs at ' +
        'least 1,000',
    );
  });

  it(
    'stays indicative with an A/A floor (--quick --levels 10,100): ' + 'the floor widens, the claim still only points',
    () => {
      const cells = [
        ...firstRound(aaFloor()),
        buildCell({ server: NODE, connections: 100, rps: 6000 }),
        buildCell({ server: NODE, connections: 100, rps: 6100, aa: true }),
        buildCell({ server: POOL, connections: 100, rps: 2500 }),
        buildCell({ server: SEED, connections: 100, rps: 100 }),
      ];
      const claim = evaluateClaims(quick(cells)).find((c) => c.id === 'create-pool')!;
      expect(claim.verdict).toBe('inconclusive');
      expect(judged(claim)).toMatchObject({ outcome: 'unclear', pointsTo: 'pass', interval: { method: 'floor' } });
    },
  );
});
