/**
 * Pairing trials by round (src/results/pairs.ts): only trials of the same block and round form a
 * pair, a round one side lost is dropped from both, ratios are oriented so that above 1 means the
 * first side is better, and the A/A pairs are the replicate against its own server.
 */
import { describe, expect, it } from 'vitest';
import { aaPairs, pairByRound, roundRatios } from '../../src/results/pairs.js';
import type { CompletedCell } from '../../src/results/schema.js';
import { buildCell, trials } from '../support/results-builder.js';

const rps = (cell: CompletedCell) => cell.requestsPerSecond;
const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';

describe('pairByRound', () => {
  it('pairs trials of the same block and round, in round order', () => {
    const a = trials({ server: NODE, connections: 100 }, [300, 100, 200]).reverse();
    const b = trials({ server: PYTHON, connections: 100 }, [30, 10, 20]);
    expect(pairByRound(a, b, rps)).toEqual({ rounds: [1, 2, 3], a: [300, 100, 200], b: [30, 10, 20] });
  });

  it('drops a round either side did not complete, or completed without the figure', () => {
    const a = [
      buildCell({ server: NODE, connections: 100, round: 1, rps: 100 }),
      buildCell({ server: NODE, connections: 100, round: 2, outcome: 'errored', reason: 'server exited' }),
      buildCell({ server: NODE, connections: 100, round: 3, rps: 300 }),
      buildCell({ server: NODE, connections: 100, round: 4, rps: 400 }),
      buildCell({ server: NODE, connections: 100, round: 5, rps: 500 }),
    ];
    const b = [
      buildCell({ server: PYTHON, connections: 100, round: 1, rps: 10 }),
      buildCell({ server: PYTHON, connections: 100, round: 2, rps: 20 }),
      buildCell({ server: PYTHON, connections: 100, round: 3, outcome: 'skipped', reason: 'not implemented' }),
      buildCell({ server: PYTHON, connections: 100, round: 4, rps: null }),
      // Round 5 of b never ran.
    ];
    expect(pairByRound(a, b, rps)).toEqual({ rounds: [1], a: [100], b: [10] });
  });

  it('never pairs trials of different blocks, even in the same round', () => {
    const a = trials({ server: NODE, connections: 100 }, [100, 200]);
    const b = trials({ server: PYTHON, connections: 250 }, [10, 20]);
    expect(pairByRound(a, b, rps).rounds).toEqual([]);
    // users-unvalidated runs in the users rounds: the same block, so its trials pair with users'.
    const unvalidated = trials({ server: PYTHON, workload: 'users-unvalidated', connections: 100 }, [11, 21]);
    expect(unvalidated[0]!.block).toBe('users@100');
    expect(pairByRound(a, unvalidated, rps)).toEqual({ rounds: [1, 2], a: [100, 200], b: [11, 21] });
  });
});

describe('roundRatios', () => {
  const sample = { rounds: [1, 2, 3], a: [200, 300, 50], b: [100, 100, 0] };

  it('is a over b when higher is better, b over a when lower is better: above 1 means a is better', () => {
    expect(roundRatios({ rounds: [1, 2], a: [200, 300], b: [100, 100] }, 'higher')).toEqual([2, 3]);
    // Latencies: a waited 10 ms where b waited 40, a is four times better.
    expect(roundRatios({ rounds: [1, 2], a: [10, 20], b: [40, 40] }, 'lower')).toEqual([4, 2]);
  });

  it('drops rounds where either side is zero (no finite positive ratio)', () => {
    expect(roundRatios(sample, 'higher')).toEqual([2, 3]);
    expect(roundRatios(sample, 'lower')).toEqual([0.5, 1 / 3]);
  });
});

describe('aaPairs', () => {
  it("pairs the replicate with its own server's ordinary trials of the same workload, round by round", () => {
    const cells = [
      ...trials({ server: NODE, connections: 10 }, [1000, 1100, 1200]),
      ...trials({ server: NODE, connections: 10, aa: true }, [1010, 1090, 1180]),
      ...trials({ server: PYTHON, connections: 10 }, [500, 550, 600]),
      ...trials({ server: NODE, workload: 'users-unvalidated', connections: 10 }, [2000, 2000, 2000]),
    ];
    expect(aaPairs(cells, rps)).toEqual({ rounds: [1, 2, 3], a: [1000, 1100, 1200], b: [1010, 1090, 1180] });
  });

  it("pairs each level's replicate with the same level only", () => {
    const cells = [
      ...trials({ server: NODE, connections: 10 }, [1000, 1100]),
      ...trials({ server: NODE, connections: 10, aa: true }, [1010, 1090]),
      ...trials({ server: NODE, connections: 100 }, [5000, 5100]),
      ...trials({ server: NODE, connections: 100, aa: true }, [4990, 5120]),
    ];
    const pairs = aaPairs(cells, rps);
    expect(pairs.a.map((v, i) => [v, pairs.b[i]])).toEqual(
      expect.arrayContaining([
        [1000, 1010],
        [1100, 1090],
        [5000, 4990],
        [5100, 5120],
      ]),
    );
    expect(pairs.a).toHaveLength(4);
  });

  it('is empty without replicates', () => {
    expect(aaPairs(trials({ server: NODE, connections: 10 }, [1000, 1100]), rps)).toEqual({ rounds: [], a: [], b: [] });
  });
});
