import { lint } from 'markdownlint/promise';
import { describe, expect, it } from 'vitest';
import { renderAdr } from '../../src/decide/adr.js';
import { wrap } from '../../src/decide/markdown.js';
import { parseProfile } from '../../src/decide/profile.js';
import { loadRates } from '../../src/decide/rates.js';
import { recommend } from '../../src/decide/recommend.js';
import { CASES } from './cases.js';
import { sampleResults } from './results-fixture.js';

const rates = loadRates();
const date = new Date('2026-11-20T12:00:00Z');

/** The sections of the MADR 4 template (https://adr.github.io/madr/), in order. */
const MADR_SECTIONS = [
  '## Context and Problem Statement',
  '## Decision Drivers',
  '## Considered Options',
  '## Decision Outcome',
  '### Consequences',
  '### Confirmation',
  '## Pros and Cons of the Options',
  '## More Information',
];

async function lintErrors(markdown: string): Promise<string> {
  const results = await lint({ strings: { adr: markdown } });
  return results.toString();
}

describe('the ADR', () => {
  const sample = recommend({
    profile: parseProfile({ name: 'the support platform', touches: ['realtime', 'ai', 'react-frontend'], skills: { javascript: 'strong', python: 'some' }, team: { mid: 3, senior: 2, principal: 1 }, aiPlanned: 'yes', peakConnections: 3000 }, 'test'),
    rates,
    results: { data: sampleResults(), file: 'results/fixture.json' },
  });
  const adr = renderAdr(sample, date);

  it('passes markdownlint with its default rules', async () => {
    expect(await lintErrors(adr)).toBe('');
  });

  it('has front matter with status and date, a title, and every MADR section in order', () => {
    expect(adr.startsWith('---\nstatus: proposed\ndate: 2026-11-20\ndecision-makers: to be filled in by the team\n---\n\n# Use a Node.js gateway with Python services for the support platform\n')).toBe(true);
    const positions = MADR_SECTIONS.map((heading) => adr.split('\n').indexOf(heading));
    for (const [i, position] of positions.entries()) expect(position, MADR_SECTIONS[i]).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const option of ['### Node.js', '### Python', '### Hybrid: Node.js API gateway with Python services']) expect(adr.split('\n')).toContain(option);
  });

  it('states the chosen option with its justification, the conflicts, consequences both ways and the evidence', () => {
    const flat = adr.replace(/\n {2}/g, ' ').replace(/\n(?!\n|\* |#)/g, ' ');
    expect(flat).toContain('Chosen option: "Hybrid: Node.js API gateway with Python services", because');
    expect(flat).toContain('A JavaScript team, but the project needs Python\'s AI or data libraries (`override-team`, `ai-rule`): Hybrid');
    expect(flat).toMatch(/\* Good, because /);
    expect(flat).toMatch(/\* Bad, because the team is not strong in Python, and AI work needs Python ML specialists, who take longer to hire\./);
    expect(flat).toContain('Measurements: results/fixture.json, Test CPU 3000');
    expect(flat).toContain('node-fastify measured 2,400 req/s, p99 700 ms at 1000 connections on this machine');
  });

  it.each(CASES.map((c) => [c.name, c.profile]))('lints clean for every table case: %s', async (_name, raw) => {
    const markdown = renderAdr(recommend({ profile: parseProfile(raw, 'test'), rates }), date);
    expect(await lintErrors(markdown)).toBe('');
    for (const heading of MADR_SECTIONS) expect(markdown).toContain(`\n${heading}\n`);
  });

  it('escapes Markdown in a project name and keeps long titles within the line length', async () => {
    const rec = recommend({ profile: parseProfile({ name: 'a *very* long <project> name_with markup that will not fit in the title line at all' }, 'test'), rates });
    const markdown = renderAdr(rec, date);
    expect(markdown).toContain('\n# Use Node.js\n');
    expect(markdown.replace(/\s+/g, ' ')).toContain('a \\*very\\* long \\<project> name\\_with markup');
    expect(await lintErrors(markdown)).toBe('');
  });
});

describe('wrapping', () => {
  it('never starts a continuation line with a block marker', () => {
    const lines = wrap(`${'word '.repeat(15)}- 1. # > | + *`, '* ', '  ', 40);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^ {2}([-*+>#|]|\d+[.)])/);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(`* ${'word '.repeat(15)}- 1. # > | + *`.replace(/\s+/g, ' ').trim());
  });
});
