import { describe, expect, it } from 'vitest';
import { renderClaimsTable } from '../../src/report/claims-table.js';
import { buildCell, buildResults, trials } from '../support/results-builder.js';
import { reportFixture } from './fixture.js';

describe('the terminal claims table', () => {
  it("lists every claim with its verdict and the numbers that decided it, and the run's A/A floor, exactly", () => {
    expect(renderClaimsTable(reportFixture(), false)).toBe(
      `The guide's claims on this machine: 1 supported, 2 refuted, 11 inconclusive
  verdict       ` +
        `claim                         decided by
  supported     thousands-rps                 all 6 checks pass; ` +
        `closest: python-fastapi-pool: 2,526 2xx req/s [1,461 2xx req/s, 4,369 2xx req/s] 95%, 3 rounds at 100 ` +
        `connections, needs ≥ 1,000 2xx req/s
  refuted       normal-traffic-gap            node-fastify vs ` +
        `python-fastapi-tuned: 21.67x [21.26x, 22.09x] 95%, 3 rounds; difference -248 ms [-253 ms, -243 ms] 95% ` +
        `(12.0 ` +
        `vs 260 ms) at 1,000 req/s offered, needs inside 0.8x–1.25x or within ±50 ms supports; wholly outside ` +
        `refutes ` +
        `(and 3 more)
  refuted       fastapi-competitive           python-fastapi-tuned vs node-fastify: 0.05x ` +
        `[0.05x, 0.05x] 95%, 3 rounds; difference +248 ms [+243 ms, +253 ms] 95% (260 vs 12.0 ms) at 1,000 req/s ` +
        `offered, needs ≥ 0.8x or at most 50 ms worse supports; wholly below refutes (and 3 more)
  inconclusive  ` +
        `high-end-node-wins            the highest users level measured is 100 connections; the claim needs at least ` +
        `1,000
  inconclusive  thousands-of-connections      no users level of 1,000 connections or more was measured ` +
        `(highest: 100)
  inconclusive  tens-of-thousands-low-memory  node-fastify: websocket not measured in this ` +
        `run (and 1 more)
  inconclusive  native-advantage-websocket    node-fastify vs python-fastapi-tuned: ` +
        `websocket not measured in this run
  inconclusive  native-advantage-sse          node-fastify vs ` +
        `python-fastapi-tuned: sse not measured in this run
  inconclusive  native-advantage-fanout       ` +
        `node-fastify vs python-fastapi-tuned: fanout not measured in this run
  inconclusive  ` +
        `fastapi-realtime              python-fastapi-tuned: websocket not measured in this run (and 3 more)
  ` +
        `inconclusive  numpy-wins-cpu                python-fastapi-tuned [implementation=numpy] vs node-fastify ` +
        `[best implementation]: compute not measured in this run
  inconclusive  interpreted-penalty           ` +
        `node-fastify [implementation=typed-array] vs python-fastapi-tuned [implementation=pure-python]: compute not ` +
        `measured in this run (and 1 more)
  inconclusive  create-pool                   python-fastapi-seed at 10 ` +
        `connections: 1 of 2 trials errored (server exited with code 1)
  inconclusive  validation-no-extra-cost      ` +
        `python-fastapi-tuned vs python-fastapi-tuned (users-unvalidated): 0.97x [0.94x, 1.00x] 95%, 3 rounds (3,000 ` +
        `vs 3,100 2xx req/s) at 10 connections, needs ≥ 0.95x supports; wholly below refutes; the 2xx req/s ratio is ` +
        `between the thresholds after 3 rounds; about 5 rounds in all would likely decide it
  A/A noise floor of ` +
        `this run: node-fastify against itself in 6 rounds: one pair of trials lies within ×/÷ 1.03 (95%); ` +
        `single-trial comparisons decide only beyond it
  15 more claims (hiring rates, package counts, SDK ` +
        `availability, ...) cannot be measured by a benchmark; the Markdown and HTML reports list them with why.
`,
    );
  });

  it(
    'colours the verdicts when asked; a single trial a side decides beyond the A/A floor, and without one the ' +
      'table says so',
    () => {
      const single = [
        buildCell({ server: 'python-fastapi-pool', connections: 10, rps: 2500 }),
        buildCell({ server: 'python-fastapi-seed', connections: 10, rps: 100 }),
      ];
      const aa = [
        ...trials({ server: 'node-fastify', connections: 10 }, [5000, 5000, 5000]),
        ...trials({ server: 'node-fastify', connections: 10, aa: true }, [5050, 4925, 5100]),
      ];
      const text = renderClaimsTable(buildResults([...single, ...aa]), true);
      expect(text).toContain('\u001b[32msupported\u001b[39m     create-pool');
      expect(text).toContain('\u001b[33minconclusive\u001b[39m  thousands-rps');
      expect(text).toMatch(
        new RegExp(
          String.raw`A\/A noise floor of this run: node-fastify against itself in 3 rounds: one pair of trials ` +
            String.raw`lies within ×\/÷ 1\.\d\d \(95%\)`,
        ),
      );
      const without = renderClaimsTable(buildResults(single), false);
      expect(without).toMatch(
        new RegExp(
          'inconclusive +create-pool +python-fastapi-pool vs python-fastapi-seed at 10 connections: one ' +
            String.raw`trial a side and no A\/A noise floor in this run`,
        ),
      );
      expect(without).toContain(
        'No A/A noise floor in this run (it needs the users workload and 2 rounds): single-trial comparisons stay ' +
          'inconclusive.',
      );
    },
  );
});
