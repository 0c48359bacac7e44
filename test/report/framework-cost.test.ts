/**
 * The framework-cost lines (src/report/framework-cost.ts) on a hand-built run whose true shares
 * are known: each tuned server against its runtime's reference, paired by round, and each
 * reference against the database ceiling; then where the terminal, Markdown and HTML reports show them.
 */
import { lint } from 'markdownlint/promise';
import { describe, expect, it } from 'vitest';
import { renderBenchSummary } from '../../src/report/bench-summary.js';
import { comparisonPairs, compareServers, describeComparison } from '../../src/report/comparisons.js';
import { describeFrameworkCost, formatShare, frameworkCosts, frameworkPairs } from '../../src/report/framework-cost.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/report-model.js';
import type { Results } from '../../src/results/schema.js';
import { buildCell, buildResults, trials } from '../support/results-builder.js';

/**
 * node-fastify at exactly half of node-http-raw in every round at 10 connections (a machine that
 * drifts by 10% moves both alike), and at 90%, 80%, 80% of it at 100; python-fastapi-tuned at
 * exactly 30% of python-asgi-raw at 10. The database ceiling: 20,000 queries/s at 10 connections,
 * not measured at 100. The Express seed and the A/A replicate are in the same rounds.
 */
function run(): Results {
  return buildResults(
    [
      ...trials({ server: 'node-fastify', connections: 10 }, [3000, 3300, 2700]),
      ...trials({ server: 'node-fastify', connections: 10, aa: true }, [3030, 3270, 2710]),
      ...trials({ server: 'node-http-raw', connections: 10 }, [6000, 6600, 5400]),
      ...trials({ server: 'node-fastify', connections: 100 }, [3600, 4000, 3200]),
      ...trials({ server: 'node-http-raw', connections: 100 }, [4000, 5000, 4000]),
      ...trials({ server: 'node-express-seed', connections: 10 }, [1500, 1650, 1350]),
      ...trials({ server: 'python-fastapi-tuned', connections: 10 }, [1500, 1650, 1350]),
      ...trials({ server: 'python-asgi-raw', connections: 10 }, [5000, 5500, 4500]),
    ],
    {
      ceilings: [
        {
          workload: 'users',
          connections: 10,
          method: 'pgbench',
          transactionsPerSecond: 20_000,
          latencyMs: 0.5,
          reason: null,
        },
        {
          workload: 'users',
          connections: 100,
          method: 'pgbench',
          transactionsPerSecond: null,
          latencyMs: null,
          reason: 'pgbench is not installed',
        },
      ],
    },
  );
}

const geometricMean = (values: number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

describe('frameworkCosts', () => {
  const costs = frameworkCosts(run());
  const find = (server: string, of: string, connections: number) =>
    costs.find((c) => c.server === server && c.of === of && c.connections === connections);

  it("prices each tuned server against its own runtime's reference, never a seed, pool or the other runtime", () => {
    expect(frameworkPairs(run().servers).map((p) => `${p.server.name} / ${p.reference.name}`)).toEqual([
      'node-fastify / node-http-raw',
      'python-fastapi-tuned / python-asgi-raw',
    ]);
    expect(costs.map((c) => `${c.kind} ${c.server} / ${c.of} @${c.connections}`)).toEqual([
      'framework node-fastify / node-http-raw @10',
      'framework node-fastify / node-http-raw @100',
      'framework python-fastapi-tuned / python-asgi-raw @10',
      'database node-http-raw / the database ceiling @10',
      'database node-http-raw / the database ceiling @100',
      'database python-asgi-raw / the database ceiling @10',
    ]);
  });

  it('finds the true share when every round has it, whatever the drift between rounds', () => {
    expect(find('node-fastify', 'node-http-raw', 10)!.share).toMatchObject({
      low: 0.5,
      high: 0.5,
      method: 't',
      level: 0.95,
    });
    expect(find('node-fastify', 'node-http-raw', 10)!.share!.estimate).toBeCloseTo(0.5, 12);
    expect(find('python-fastapi-tuned', 'python-asgi-raw', 10)!.share!.estimate).toBeCloseTo(0.3, 12);
  });

  it('takes the geometric mean of per-round shares, with an interval around it', () => {
    const cost = find('node-fastify', 'node-http-raw', 100)!;
    expect(cost.rounds).toBe(3);
    expect(cost.share!.estimate).toBeCloseTo(geometricMean([0.9, 0.8, 0.8]), 12);
    expect(cost.share!.low).toBeLessThan(0.8);
    expect(cost.share!.high).toBeGreaterThan(0.9);
    expect(cost.share!.high).toBeLessThan(1);
  });

  it(
    'reads a reference against the database ceiling measured at ' + 'the same level, and says when it was not measured',
    () => {
      const raw = find('node-http-raw', 'the database ceiling', 10)!;
      expect(raw.share!.estimate).toBeCloseTo(geometricMean([6000, 6600, 5400].map((v) => v / 20_000)), 12);
      expect(raw.share!.low).toBeLessThan(raw.share!.estimate);
      expect(find('python-asgi-raw', 'the database ceiling', 10)!.share!.estimate).toBeCloseTo(
        geometricMean([0.25, 0.275, 0.225]),
        12,
      );
      expect(find('node-http-raw', 'the database ceiling', 100)).toMatchObject({
        share: undefined,
        missing: 'the database ceiling was not measured (pgbench is not installed)',
      });
    },
  );

  it('pairs only trials of the same round: a round the reference lost is left out of both', () => {
    const results = run();
    results.cells = results.cells.map((c) =>
      c.server === 'python-asgi-raw' && c.round === 2
        ? buildCell({
            server: 'python-asgi-raw',
            connections: 10,
            round: 2,
            outcome: 'errored',
            reason: 'server exited',
          })
        : c,
    );
    const cost = frameworkCosts(results).find((c) => c.server === 'python-fastapi-tuned')!;
    expect(cost.rounds).toBe(2);
    expect(cost.share!.estimate).toBeCloseTo(0.3, 12);
  });

  it('is empty for a run without a reference server', () => {
    const results = run();
    results.cells = results.cells.filter((c) => c.variant !== 'reference');
    results.servers = results.servers.filter((s) => s.variant !== 'reference');
    expect(frameworkCosts(results)).toEqual([]);
    expect(renderBenchSummary(results)).not.toContain('Framework cost');
    expect(renderMarkdownReport(buildReport(results))).not.toContain('Framework cost');
  });

  it("a quick run's single round is the value alone, indicative", () => {
    const quick = buildResults(
      [
        ...trials({ server: 'node-fastify', connections: 100 }, [3000]),
        ...trials({ server: 'node-http-raw', connections: 100 }, [6000]),
      ],
      { plan: { quick: true, rounds: 1 } },
    );
    expect(frameworkCosts(quick).map((c) => describeFrameworkCost(c))).toEqual([
      'node-fastify at 50% of node-http-raw at 100 connections (1 round, no interval: indicative)',
    ]);
  });
});

describe('the framework-cost lines as printed', () => {
  const results = run();

  it('say the share with its interval, as every ratio is printed', () => {
    expect(frameworkCosts(results).map((c) => describeFrameworkCost(c))).toEqual([
      'node-fastify at 50% [50%, 50%] 95%, 3 rounds of node-http-raw at 10 connections',
      expect.stringMatching(/^node-fastify at 83% \[\d\d%, \d\d%\] 95%, 3 rounds of node-http-raw at 100 connections$/),
      'python-fastapi-tuned at 30% [30%, 30%] 95%, 3 rounds of python-asgi-raw at 10 connections',
      expect.stringMatching(
        new RegExp(
          String.raw`^node-http-raw at 30% \[\d\d%, \d\d%\] 95%, 3 rounds of the database ceiling at 10 ` +
            String.raw`connections \(20,000 queries\/s by pgbench, one measurement\)$`,
        ),
      ),
      'node-http-raw cannot be set against the database ceiling at 100 connections: the database ceiling was ' +
        'not measured (pgbench is not installed)',
      expect.stringMatching(
        /^python-asgi-raw at 25% \[\d\d%, \d\d%\] 95%, 3 rounds of the database ceiling at 10 connections/,
      ),
    ]);
    expect([formatShare(0.5), formatShare(0.095), formatShare(1.234)]).toEqual(['50%', '9.5%', '123%']);
  });

  it('follow the relative lines in the terminal summary', () => {
    const text = renderBenchSummary(results);
    const lines = text.split('\n');
    const heading = lines.indexOf('Framework cost, users (reference servers: the runtime without a framework):');
    expect(heading).toBeGreaterThan(lines.indexOf('Relative throughput, users:'));
    expect(lines[heading + 1]).toBe(
      '  node-fastify at 50% [50%, 50%] 95%, 3 rounds of node-http-raw at 10 connections',
    );
  });

  it('have their own Markdown section, after the claims, that passes markdownlint', async () => {
    const markdown = renderMarkdownReport(buildReport(results));
    const headings = markdown.split('\n').filter((l) => /^## /.test(l));
    expect(headings.indexOf('## Framework cost')).toBe(
      headings.findIndex((l) => l.startsWith("## The guide's claims")) + 1,
    );
    expect(markdown).toContain('- node-fastify at 50% \\[50%, 50%\\] 95%, 3 rounds of node-http-raw at 10 connections');
    const lintResults = await lint({ strings: { report: markdown }, config: { MD013: false } });
    expect(lintResults.toString()).toBe('');
  });

  it('sit under the throughput charts in the HTML report', () => {
    const html = renderHtmlReport(buildReport(results));
    const section = /<section id="throughput">([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(section).toContain('<h3 id="framework-cost">Framework cost</h3>');
    expect(
      [
        ...section.matchAll(/<li data-kind="(framework|database)" data-server="([^"]+)" data-connections="(\d+)">/g),
      ].map((m) => `${m[1]} ${m[2]} ${m[3]}`),
    ).toEqual([
      'framework node-fastify 10',
      'framework node-fastify 100',
      'framework python-fastapi-tuned 10',
      'database node-http-raw 10',
      'database node-http-raw 100',
      'database python-asgi-raw 10',
    ]);
    expect(section).toContain('node-fastify at 50% [50%, 50%] 95%, 3 rounds of node-http-raw at 10 connections');
  });
});

describe('the relative lines with reference servers', () => {
  it(
    "compare the two runtimes' references with each other, and leave a reference against its own runtime to the " +
      'framework-cost lines',
    () => {
      const pairs = comparisonPairs(run().servers).map((p) => `${p.a.name} / ${p.b.name}: ${p.kind}`);
      expect(pairs).toContain('node-http-raw / python-asgi-raw: reference vs reference');
      expect(pairs.filter((p) => /raw/.test(p))).toEqual(['node-http-raw / python-asgi-raw: reference vs reference']);
      expect(
        compareServers(run())
          .filter((c) => c.kind === 'reference vs reference')
          .map((c) => describeComparison(c)),
      ).toEqual(['node-http-raw ran 1.20x [1.20x, 1.20x] 95%, 3 rounds faster than python-asgi-raw at 10 connections']);
    },
  );
});
