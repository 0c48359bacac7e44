/**
 * The open model's levels are offered rates, the same for every server, and its sweep stops after
 * the first rate some server no longer holds in at least half of its rounds (sweepStopsAt).
 */
import { describe, expect, it } from 'vitest';
import {
  OPEN_MODEL_RATES,
  sweepStopsAt,
  userByIdOpenWorkload,
  usersOpenWorkload,
} from '../../src/workloads/open-model.js';
import { buildCell } from '../support/results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';
/** One server's rounds at 1,000 req/s offered: held (1) or not (0) in each. */
const rounds = (server: string, held: number[]) =>
  held.map((rateHeld, i) =>
    buildCell({
      server,
      workload: 'users-open',
      connections: 1000,
      round: i + 1,
      rps: rateHeld ? 995 : 700,
      metrics: { targetRate: 1000, rateHeld },
    }),
  );

describe('sweepStopsAt', () => {
  it('goes on while every server held the rate in every round', () => {
    expect(sweepStopsAt([...rounds(NODE, [1, 1, 1]), ...rounds(PYTHON, [1, 1, 1])])).toBeNull();
  });

  it('goes on when a server held the rate in exactly half of its rounds', () => {
    expect(sweepStopsAt([...rounds(NODE, [1, 1]), ...rounds(PYTHON, [1, 0])])).toBeNull();
  });

  it('stops when a server held it in fewer than half, and names the server and the count', () => {
    expect(sweepStopsAt([...rounds(NODE, [1, 1, 1]), ...rounds(PYTHON, [0, 1, 0])])).toBe(
      `${PYTHON} held the offered rate in 1 of 3 rounds`,
    );
    expect(sweepStopsAt([...rounds(NODE, [0])])).toBe(`${NODE} held the offered rate in 0 of 1 rounds`);
  });

  it('counts only completed rounds: an errored or skipped round neither holds nor drops the rate', () => {
    const errored = buildCell({
      server: PYTHON,
      workload: 'users-open',
      connections: 1000,
      round: 3,
      outcome: 'errored',
      reason: 'server exited',
    });
    expect(sweepStopsAt([...rounds(PYTHON, [1, 1]), errored])).toBeNull();
    expect(sweepStopsAt([...rounds(PYTHON, [0, 0]), errored])).toBe(`${PYTHON} held the offered rate in 0 of 2 rounds`);
  });
});

describe('the open-model workloads', () => {
  it('take offered rates as levels, the same for every server, with no parameters and the sweep check', () => {
    expect(usersOpenWorkload).toMatchObject({
      levelLabel: 'req/s offered',
      fixedLevels: true,
      levels: { default: [...OPEN_MODEL_RATES.default], quick: [...OPEN_MODEL_RATES.quick] },
    });
    expect(userByIdOpenWorkload.levels).toEqual({ default: [1_000, 4_000], quick: [1_000] });
    for (const workload of [usersOpenWorkload, userByIdOpenWorkload]) {
      expect(workload.parameterSets(false, undefined as never)).toEqual([{}]);
      expect(workload.stopsSweep).toBe(sweepStopsAt);
    }
  });
});
