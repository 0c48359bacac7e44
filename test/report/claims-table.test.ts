import { describe, expect, it } from 'vitest';
import { renderClaimsTable } from '../../src/report/claims-table.js';
import { buildCell, buildResults } from '../support/results-builder.js';
import { reportFixture } from './fixture.js';

describe('the terminal claims table', () => {
  it('lists every claim with its verdict and the numbers that decided it, exactly', () => {
    expect(renderClaimsTable(reportFixture(), false)).toBe(`The guide's claims on this machine: 1 supported, 2 refuted, 11 inconclusive
  verdict       claim                         decided by
  inconclusive  thousands-rps                 5 of 6 checks pass; python-fastapi-pool users at 100 connections: too noisy, 2xx req/s varied by 21% between trials (limit 10%)
  refuted       normal-traffic-gap            node-fastify vs python-fastapi-tuned: 2.50 ± 0.04x (8,000 vs 3,200 2xx req/s) at 100 connections, needs 0.8x–1.25x (and 1 more)
  refuted       fastapi-competitive           python-fastapi-tuned vs node-fastify: 0.40 ± 0.01x (3,200 vs 8,000 2xx req/s) at 100 connections, needs ≥ 0.8x (and 1 more)
  inconclusive  high-end-node-wins            the highest users level measured is 100 connections; the claim needs at least 1,000
  inconclusive  thousands-of-connections      no users level of 1,000 connections or more was measured (highest: 100)
  inconclusive  tens-of-thousands-low-memory  node-fastify: websocket not measured in this run (and 1 more)
  inconclusive  native-advantage-websocket    node-fastify vs python-fastapi-tuned: websocket not measured in this run
  inconclusive  native-advantage-sse          node-fastify vs python-fastapi-tuned: sse not measured in this run
  inconclusive  native-advantage-fanout       node-fastify vs python-fastapi-tuned: fanout not measured in this run
  inconclusive  fastapi-realtime              python-fastapi-tuned: websocket not measured in this run (and 3 more)
  inconclusive  numpy-wins-cpu                python-fastapi-tuned [implementation=numpy] vs node-fastify [best implementation]: compute not measured in this run
  inconclusive  interpreted-penalty           node-fastify [implementation=typed-array] vs python-fastapi-tuned [implementation=pure-python]: compute not measured in this run (and 1 more)
  inconclusive  create-pool                   python-fastapi-seed at 10 connections: 1 of 2 trials errored (server exited with code 1)
  supported     validation-no-extra-cost      python-fastapi-tuned vs python-fastapi-tuned (users-unvalidated): 0.97 ± 0.01x (3,000 vs 3,100 2xx req/s) at 10 connections, needs ≥ 0.95x
  15 more claims (hiring rates, package counts, SDK availability, ...) cannot be measured by a benchmark; the Markdown and HTML reports list them with why.
`);
  });

  it('colours the verdicts when asked, and warns when one trial per cell gave no noise estimate', () => {
    const results = buildResults([buildCell({ server: 'python-fastapi-pool', connections: 10, rps: 2500 }), buildCell({ server: 'python-fastapi-seed', connections: 10, rps: 100 })]);
    const text = renderClaimsTable(results, true);
    expect(text).toContain('\u001b[32msupported\u001b[39m     create-pool');
    expect(text).toContain('\u001b[33minconclusive\u001b[39m  thousands-rps');
    expect(renderClaimsTable(results, false)).toContain('1 trial per cell: no noise estimate, so a verdict can rest on one noisy number; run with --trials 3 to confirm.');
  });
});
