/**
 * Reference servers (variant "reference": a runtime without a framework) are measured and drawn,
 * never a side of the guide's claims: no claim names one, and a run that measured them in the
 * users rounds judges every claim exactly as the same run without them.
 */
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/claims/catalogue.js';
import { evaluateClaims } from '../../src/claims/evaluate.js';
import type { Results } from '../../src/results/schema.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { buildResults, steady, trials } from '../support/results-builder.js';
import { sampleResults } from '../support/sample-results.js';

const manifests = await loadManifests();

/** Every server a claim reads, judged or beside. */
function claimServers(): string[] {
  return CLAIMS.flatMap((claim) =>
    claim.tests.flatMap((test) =>
      test.kind === 'bound'
        ? [...test.servers, ...test.beside]
        : [test.a.server, test.b.server, ...(test.beside ?? []).flatMap((pair) => [pair.a.server, pair.b.server])],
    ),
  );
}

/**
 * The sample run with both references added to every users block, in the same rounds: far faster
 * than every other server (a claim that picked "the fastest Node server" would pick one) and
 * noisy (a claim that pooled a block's arms would move).
 */
function withReferences(results: Results): Results {
  const users = results.cells.filter((c) => c.workload === 'users' && !c.aa);
  const levels = [...new Set(users.map((c) => c.connections))].sort((a, b) => a - b);
  const references = levels.flatMap((connections) => [
    ...trials({ server: 'node-http-raw', connections, latency: 2 }, [19_000, 14_000, 21_000]),
    ...steady({ server: 'python-asgi-raw', connections, latency: 3 }, 12_000),
  ]);
  return buildResults([...results.cells, ...references], {
    plan: { ...results.plan, servers: [...results.plan.servers, 'node-http-raw', 'python-asgi-raw'] },
  });
}

describe('reference servers and the claims', () => {
  it('the repository has both references, marked as such in their manifests', () => {
    const references = manifests.filter((m) => m.variant === 'reference').map((m) => [m.name, m.runtime, m.workloads]);
    expect(references).toEqual([
      ['node-http-raw', 'node', ['users']],
      ['python-asgi-raw', 'python', ['users']],
    ]);
  });

  it('no claim of the catalogue reads a reference server, judged or beside', () => {
    const references = manifests.filter((m) => m.variant === 'reference').map((m) => m.name);
    const read = new Set(claimServers());
    expect(read.size).toBeGreaterThan(0);
    for (const name of read)
      expect(
        manifests.map((m) => m.name),
        `claims name '${name}'`,
      ).toContain(name);
    expect([...read].filter((name) => references.includes(name))).toEqual([]);
  });

  it('a run with reference cells in its users rounds gives exactly the claims of the same run without them', () => {
    const without = sampleResults();
    const withThem = withReferences(without);
    expect(withThem.cells.filter((c) => c.variant === 'reference')).toHaveLength(2 * 4 * 3);
    expect(withThem.servers.filter((s) => s.variant === 'reference').map((s) => s.name)).toEqual([
      'node-http-raw',
      'python-asgi-raw',
    ]);
    const claims = evaluateClaims(withThem);
    expect(claims).toEqual(evaluateClaims(without));
    // Not vacuous: the sample run decides claims both ways.
    expect(new Set(claims.map((c) => c.verdict)).size).toBeGreaterThan(1);
    expect(JSON.stringify(claims)).not.toMatch(/node-http-raw|python-asgi-raw/);
  });
});
