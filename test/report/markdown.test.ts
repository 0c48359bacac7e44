import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from 'markdownlint/promise';
import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/report-model.js';
import { projectRoot } from '../../src/util/paths.js';
import { reportFixture } from './fixture.js';

const expectedPath = join(projectRoot, 'test', 'report', 'expected', 'report.md');

describe('the Markdown report', () => {
  const markdown = renderMarkdownReport(buildReport(reportFixture()));

  it('is exactly the committed expected report', () => {
    const expected = readFileSync(expectedPath, 'utf8');
    if (markdown !== expected) {
      // Leave the actual text where a reviewer can diff it against the expected file.
      mkdirSync(join(projectRoot, 'test-artifacts'), { recursive: true });
      writeFileSync(join(projectRoot, 'test-artifacts', 'report.actual.md'), markdown);
    }
    expect(markdown).toBe(expected);
  });

  it('passes markdownlint (line length aside: tables of numbers are wide by nature)', async () => {
    const results = await lint({ strings: { report: markdown }, config: { MD013: false } });
    expect(results.toString()).toBe('');
  });

  it('puts the claims first, then what cannot be measured, the measurements, the warnings and the environment', () => {
    const headings = markdown.split('\n').filter((l) => /^##? /.test(l));
    expect(headings).toEqual([
      '# verdict report',
      "## The guide's claims: 1 supported, 2 refuted, 11 inconclusive",
      '## Not measurable here',
      '## Measurements',
      '## Warnings',
      '## Environment',
      '## Servers',
    ]);
  });
});
