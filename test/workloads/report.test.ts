/**
 * How the open-model and fan-out cells are read back: warnings when the rate was not held, when
 * the generator fell behind its schedule, when a fan-out request did not make K calls, and when a
 * by-id or open-model request did not run exactly one query.
 */
import { describe, expect, it } from 'vitest';
import { collectWarnings } from '../../src/report/warnings.js';
import { buildCell, buildResults } from '../support/results-builder.js';

const NODE = 'node-fastify';
const PYTHON = 'python-fastapi-tuned';
const open = (server: string, metrics: Record<string, number>, rateFraction = 0.8) =>
  buildCell({ server, workload: 'users-open', parameters: { rateFraction }, connections: 256, rps: metrics.achievedRate, metrics: { targetRate: 1000, sentRate: 1000, achievedRate: 1000, rateHeld: 1, sendLagP99Ms: 2, ...metrics } });

describe('warnings for the open model and fan-out', () => {
  it('says when the rate was not held and when the generator sent late, and nothing when all is well', () => {
    const results = buildResults([
      open(NODE, {}),
      open(PYTHON, { achievedRate: 850, rateHeld: 0 }),
      open(PYTHON, { sendLagP99Ms: 42.5 }, 0.5),
    ]);
    const warnings = collectWarnings(results).filter((w) => w.workload === 'users-open');
    expect(warnings.map((w) => `${w.kind}:${w.server}`)).toEqual([`rate-not-held:${PYTHON}`, `generator-behind:${PYTHON}`]);
    expect(warnings[0]!.message).toContain('asked for 1000 req/s, achieved 850');
    expect(warnings[1]!.message).toContain('up to 43 ms after their intended time');
  });

  it('says when a fan-out request made fewer than K downstream calls', () => {
    const fanout = (server: string, k: number, calls: number) => buildCell({ server, workload: 'fanout', parameters: { k }, connections: 20, metrics: { downstreamCallsPerRequest: calls } });
    const warnings = collectWarnings(buildResults([fanout(NODE, 10, 10), fanout(NODE, 50, 49.99), fanout(PYTHON, 10, 7.5)]));
    expect(warnings.filter((w) => w.kind === 'fanout-calls').map((w) => w.message)).toEqual([`${PYTHON} fanout at 20 connections: the downstream stub answered 7.50 calls per request, not 10`]);
  });

  it('checks one query per request for user-by-id and the open model too', () => {
    const cell = buildCell({ server: NODE, workload: 'user-by-id', connections: 100 });
    const warnings = collectWarnings(buildResults([{ ...cell, queriesPerRequest: 2 }, { ...open(NODE, {}), queriesPerRequest: 1 }]));
    expect(warnings.filter((w) => w.kind === 'queries-per-request').map((w) => w.workload)).toEqual(['user-by-id']);
  });
});
