import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSEQUENCES } from '../../src/decide/consequences.js';
import { CLAIMS } from '../../src/claims/catalogue.js';
import { CLAIM_SIDES } from '../../src/decide/evidence.js';
import { CONFLICTS, LIBRARY_RULES, RULES } from '../../src/decide/rules.js';
import { projectRoot } from '../../src/util/paths.js';

// The guide sits in shared/ beside the repository (here and in CI).
const guidePath = join(projectRoot, 'guide', 'article.txt');

describe("the rules are the guide's own words", () => {
  const guide = existsSync(guidePath) ? readFileSync(guidePath, 'utf8') : '';

  it('finds the guide', () => {
    expect(guide.length, `expected the guide at ${guidePath}`).toBeGreaterThan(1000);
  });

  it.each(RULES.map((r) => [r.id, r.quote]))('rule %s quotes the guide verbatim', (_id, quote) => {
    expect(guide).toContain(quote);
  });

  it.each(CONSEQUENCES.filter((c) => c.quote).map((c) => [c.id, c.quote!]))(
    'risk or trade-off %s quotes the guide verbatim',
    (_id, quote) => {
      expect(guide).toContain(quote);
    },
  );

  it('the nine table rows are all there', () => {
    const rows = RULES.filter((r) => r.kind === 'table');
    expect(rows).toHaveLength(9);
    const tableLines = guide
      .split('\n')
      .filter((l) => /^\| .+ \| (Node\.js|Python|Depends on whether AI features are planned) \|$/.test(l));
    expect(rows.map((r) => r.quote).sort()).toEqual(tableLines.sort());
  });

  it('ids are unique and conflicts refer to real rules', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CONFLICTS.map((c) => c.id)).size).toBe(CONFLICTS.length);
    for (const conflict of CONFLICTS)
      for (const id of conflict.between) expect(ids, `${conflict.id} names ${id}`).toContain(id);
  });

  it("the quoted sentences in conflict explanations are the guide's too", () => {
    for (const conflict of CONFLICTS) {
      for (const [resolution, aiInScope] of [
        ['node', false],
        ['python', false],
        ['python', true],
        ['hybrid', false],
      ] as const) {
        // Explanations only read the situation's team, concurrency and AI scope; any situation-like value works.
        const text = conflict.explain(
          { knowsWellOnly: 'python', concurrency: 'normal', aiInScope } as never,
          resolution,
        );
        // Pairs of quote marks in order; short ones ("maybe") are verdict's words, not quotations.
        const quotations = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((q) => q.length >= 25);
        for (const quoted of quotations) expect(guide, `${conflict.id}: ${quoted}`).toContain(quoted);
      }
    }
  });

  it('cites only claims of the catalogue, each with the side decide reads it for', () => {
    const cited = new Set(RULES.flatMap((r) => r.claims ?? []));
    expect(cited.size).toBeGreaterThan(5);
    for (const id of cited) {
      expect(
        CLAIMS.map((c) => c.id),
        id,
      ).toContain(id);
      expect(CLAIM_SIDES[id], id).toBeDefined();
    }
    expect(Object.keys(CLAIM_SIDES).sort()).toEqual([...cited].sort());
  });

  it('gives every row where the guide says Node lacks the libraries its ecosystem rule: one principle', () => {
    // The rows of the table that the guide's library sentences cover: AI, data science, datasets.
    const libraryRows = {
      'row-ai': 'ai-rule',
      'row-data-science': 'ecosystem-data',
      'row-background-jobs': 'ecosystem-data-engineering',
    };
    for (const [row, rule] of Object.entries(libraryRows)) {
      expect(RULES.find((r) => r.id === row)!.kind).toBe('table');
      expect(RULES.find((r) => r.id === rule)!.kind, rule).toBe('ecosystem');
      expect(LIBRARY_RULES).toContain(rule);
    }
    expect(guide).toContain('The libraries in this space have no genuine equivalents in Node');
    expect(RULES.find((r) => r.id === 'ecosystem-data-engineering')!.quote).toMatch(
      /process structured data.*Node effectively does not/,
    );
  });
});
