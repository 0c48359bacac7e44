import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSEQUENCES } from '../../src/decide/consequences.js';
import { CONFLICTS, RULES } from '../../src/decide/rules.js';
import { projectRoot } from '../../src/util/paths.js';

// The guide sits in shared/ beside the repository (here and in CI).
const guidePath = join(projectRoot, 'guide', 'article.txt');

describe('the rules are the guide\'s own words', () => {
  const guide = existsSync(guidePath) ? readFileSync(guidePath, 'utf8') : '';

  it('finds the guide', () => {
    expect(guide.length, `expected the guide at ${guidePath}`).toBeGreaterThan(1000);
  });

  it.each(RULES.map((r) => [r.id, r.quote]))('rule %s quotes the guide verbatim', (_id, quote) => {
    expect(guide).toContain(quote);
  });

  it.each(CONSEQUENCES.filter((c) => c.quote).map((c) => [c.id, c.quote!]))('risk or trade-off %s quotes the guide verbatim', (_id, quote) => {
    expect(guide).toContain(quote);
  });

  it('the nine table rows are all there', () => {
    const rows = RULES.filter((r) => r.kind === 'table');
    expect(rows).toHaveLength(9);
    const tableLines = guide.split('\n').filter((l) => /^\| .+ \| (Node\.js|Python|Depends on whether AI features are planned) \|$/.test(l));
    expect(rows.map((r) => r.quote).sort()).toEqual(tableLines.sort());
  });

  it('ids are unique and conflicts refer to real rules', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CONFLICTS.map((c) => c.id)).size).toBe(CONFLICTS.length);
    for (const conflict of CONFLICTS) for (const id of conflict.between) expect(ids, `${conflict.id} names ${id}`).toContain(id);
  });

  it('the quoted sentences in conflict explanations are the guide\'s too', () => {
    for (const conflict of CONFLICTS) {
      for (const resolution of ['node', 'python', 'hybrid'] as const) {
        // Explanations only read the situation's team and concurrency; any situation-like value works.
        const text = conflict.explain({ knowsWellOnly: 'python', concurrency: 'normal' } as never, resolution);
        // Pairs of quote marks in order; short ones ("maybe") are verdict's words, not quotations.
        const quotations = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((q) => q.length >= 25);
        for (const quoted of quotations) expect(guide, `${conflict.id}: ${quoted}`).toContain(quoted);
      }
    }
  });
});
