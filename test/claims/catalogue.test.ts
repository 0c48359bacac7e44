import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/claims/catalogue.js';
import { NOT_MEASURABLE } from '../../src/claims/not-measurable.js';
import {
  NEGLIGIBLE_P50_MS,
  NEGLIGIBLE_P99_MS,
  NEGLIGIBLE_RATIO,
  NO_ADVANTAGE_RATIO,
  NORMAL_TRAFFIC_MAX_RATE,
  NOTICEABLE_REALTIME_MS,
  THOUSANDS_PER_SECOND,
  WIN_RATIO,
} from '../../src/claims/thresholds.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { projectRoot } from '../../src/util/paths.js';

// The guide sits in shared/ beside the repository (here and in CI).
const guidePath = join(projectRoot, 'guide', 'article.txt');
const guide = existsSync(guidePath) ? readFileSync(guidePath, 'utf8') : '';
const headings = new Set(guide.split('\n').map((l) => l.trim()));

describe('the claims catalogue quotes the guide', () => {
  it('finds the guide', () => {
    expect(guide.length, `expected the guide at ${guidePath}`).toBeGreaterThan(1000);
  });

  const quotes = [
    ...CLAIMS.flatMap((c) => [
      [c.id, c.quote, c.section],
      ...(c.alsoQuoted ?? []).map((a) => [c.id, a.quote, a.section]),
    ]),
    ...NOT_MEASURABLE.map((n) => [n.id, n.quote, n.section]),
  ] as [string, string, string][];

  it.each(quotes)('%s: “%s” is verbatim', (_id, quote) => {
    expect(guide).toContain(quote);
  });

  it.each(quotes)('%s: “%s” sits under the heading it names', (_id, quote, section) => {
    if (section === 'Opening paragraph') {
      expect(guide.indexOf(quote)).toBeLessThan(guide.indexOf('TL;DR'));
      return;
    }
    expect(headings.has(section), `no heading '${section}' in the guide`).toBe(true);
    const start = guide.indexOf(`\n${section}\n`);
    const position = guide.indexOf(quote);
    expect(position).toBeGreaterThan(start);
    // No other heading of the guide between the section's heading and the quote.
    const between = guide
      .slice(start + section.length + 2, position)
      .split('\n')
      .slice(0, -1);
    const otherHeadings = CLAIMS.map((c) => c.section)
      .concat(NOT_MEASURABLE.map((n) => n.section))
      .filter((s) => s !== section);
    expect(between.filter((line) => otherHeadings.includes(line.trim()))).toEqual([]);
  });

  it('lists at least the claims the issue names, and the ones a benchmark cannot test', () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'thousands-rps',
      'normal-traffic-gap',
      'high-end-node-wins',
      'tens-of-thousands-low-memory',
      'native-advantage-websocket',
      'native-advantage-sse',
      'native-advantage-fanout',
      'fastapi-realtime',
      'numpy-wins-cpu',
      'interpreted-penalty',
      'create-pool',
      'validation-no-extra-cost',
    ]) {
      expect(ids).toContain(id);
    }
    const notMeasurable = NOT_MEASURABLE.map((n) => n.id);
    expect(notMeasurable).toEqual(expect.arrayContaining(['uk-day-rates', 'npm-package-count', 'ai-sdk-availability']));
    for (const n of NOT_MEASURABLE) expect(n.why.length).toBeGreaterThan(30);
  });

  it('names only servers that exist, and states its thresholds in the predicate', async () => {
    const servers = (await loadManifests()).map((m) => m.name);
    for (const claim of CLAIMS) {
      for (const test of claim.tests) {
        const named =
          test.kind === 'bound'
            ? [...test.servers, ...test.beside]
            : [test.a, test.b, ...(test.beside ?? []).flatMap((p) => [p.a, p.b])].map((s) => s.server);
        for (const name of named) expect(servers, `${claim.id} names ${name}`).toContain(name);
      }
      // The open-model claims first say how they are measured, then what supports them.
      expect(claim.predicate).toMatch(/^(Measured [^.]+\. )?Supported when|^[A-Z][\w -]+: supported when/);
      expect(claim.predicate).toMatch(/refuted/);
    }
    const byId = Object.fromEntries(CLAIMS.map((c) => [c.id, c]));
    expect(byId['thousands-rps']!.predicate).toContain(THOUSANDS_PER_SECOND.toLocaleString('en-US'));
    expect(byId['normal-traffic-gap']!.predicate).toContain(`${NEGLIGIBLE_RATIO}x`);
    expect(byId['normal-traffic-gap']!.predicate).toContain(`${NORMAL_TRAFFIC_MAX_RATE.toLocaleString('en-US')} req/s`);
    expect(byId['normal-traffic-gap']!.predicate).toContain(
      `${NEGLIGIBLE_P50_MS} ms (p50) and ${NEGLIGIBLE_P99_MS} ms (p99)`,
    );
    expect(byId['high-end-node-wins']!.predicate).toContain(`at most ${NO_ADVANTAGE_RATIO}x`);
    expect(byId['native-advantage-websocket']!.predicate).toContain(`${NOTICEABLE_REALTIME_MS} ms`);
    expect(byId['create-pool']!.predicate).toContain(`${WIN_RATIO}x`);
    expect(byId['validation-no-extra-cost']!.predicate).toContain('95%');
  });
});
