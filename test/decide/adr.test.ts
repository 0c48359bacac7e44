/**
 * The ADR a tech lead commits as it is: MADR 4's sections in order, clean under markdownlint's
 * default rules, pros and cons that follow the rules that fired, measured figures with their
 * caveats and both runtimes, costs and assumptions as tables, a Confirmation that names the bench
 * run, and nothing that only holds on the machine that wrote it (no absolute path, no "this machine").
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { lint } from 'markdownlint/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { renderAdr } from '../../src/decide/adr.js';
import { wrap } from '../../src/decide/markdown.js';
import { parseProfile } from '../../src/decide/profile.js';
import { loadRates } from '../../src/decide/rates.js';
import { recommend, type Recommendation } from '../../src/decide/recommend.js';
import { captureOutput } from '../support/capture.js';
import { CASES } from './cases.js';
import { sampleResults } from './results-fixture.js';

const rates = loadRates();
const date = new Date('2026-11-20T12:00:00Z');
const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-adr-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

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
const OPTION_HEADINGS = {
  node: '### Node.js',
  python: '### Python',
  hybrid: '### Hybrid: Node.js API gateway with Python services',
} as const;

async function lintErrors(markdown: string): Promise<string> {
  return (await lint({ strings: { adr: markdown } })).toString();
}

/** The lines of one option's pros and cons, list items joined back into one line each. */
function optionItems(markdown: string, option: keyof typeof OPTION_HEADINGS): string[] {
  const start = markdown.indexOf(`\n${OPTION_HEADINGS[option]}\n`);
  const rest = markdown.slice(start + OPTION_HEADINGS[option].length + 2);
  const end = rest.search(/\n##/);
  return rest
    .slice(0, end)
    .replace(/\n {2}/g, ' ')
    .split('\n')
    .filter((l) => l.startsWith('* '));
}

const idsIn = (item: string) => [...item.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);

const recommendFor = (raw: Record<string, unknown>, withResults = true): Recommendation =>
  recommend({
    profile: parseProfile(raw, 'test'),
    rates,
    ...(withResults
      ? { results: { data: sampleResults(), file: 'results/fixture.json', why: 'given with --results' } }
      : { noResults: '--results none was given' }),
  });

describe('the ADR', () => {
  const sample = recommendFor({
    name: 'the support platform',
    touches: ['realtime', 'ai', 'react-frontend'],
    skills: { javascript: 'strong', python: 'some' },
    team: { mid: 3, senior: 2, principal: 1 },
    aiPlanned: 'yes',
    peakConnections: 3000,
  });
  const adr = renderAdr(sample, { date, resultsLink: '../../results/fixture.json' });
  const flat = adr.replace(/\n {2}/g, ' ').replace(/\n(?!\n|\* |#|\|)/g, ' ');

  it('passes markdownlint with its default rules', async () => {
    expect(await lintErrors(adr)).toBe('');
  });

  it('has front matter with status and date, a title, and every MADR section in order', () => {
    expect(
      adr.startsWith(
        '---\nstatus: proposed\ndate: 2026-11-20\ndecision-makers: to be filled in by the team\n---\n\n# Use a ' +
          'Node.js gateway with Python services for the support platform\n',
      ),
    ).toBe(true);
    const positions = MADR_SECTIONS.map((heading) => adr.split('\n').indexOf(heading));
    for (const [i, position] of positions.entries()) expect(position, MADR_SECTIONS[i]).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const heading of Object.values(OPTION_HEADINGS)) expect(adr.split('\n')).toContain(heading);
  });

  it(
    'states the chosen option with its justification, the ' + 'conflicts, and the consequences with their mitigations',
    () => {
      expect(flat).toContain('Chosen option: "Hybrid: Node.js API gateway with Python services", because');
      expect(flat).toContain(
        "A JavaScript team, but the project needs Python's AI or data libraries (`override-team`, `ai-rule`): Hybrid",
      );
      expect(flat).toMatch(/\* Good, because Node\.js carries the connections/);
      expect(flat).toContain(
        '* Bad, because the team is not strong in Python, and AI work needs Python ML specialists, who take ' +
          'longer to hire. Mitigation: start hiring',
      );
    },
  );

  it(
    'marks an option "Good" on a rule only when that rule favours ' + 'it: the hybrid is neutral on the skill rules',
    () => {
      const favours = new Map(sample.fired.map((r) => [r.id, r.favours]));
      for (const option of ['node', 'python', 'hybrid'] as const) {
        for (const item of optionItems(adr, option).filter((i) => i.startsWith('* Good, because it follows'))) {
          for (const id of idsIn(item)) expect(favours.get(id), `${option}: ${id}`).toBe(option);
        }
      }
      const hybrid = optionItems(adr, 'hybrid');
      expect(hybrid.filter((i) => i.startsWith('* Good')).flatMap(idsIn)).not.toContain('override-team');
      expect(hybrid).toContain(
        '* Neutral, because it meets `row-realtime`, `row-react-frontend`, `row-high-concurrency`, ' +
          '`override-team` in its Node.js gateway only',
      );
      // The options not chosen carry their own risks; the chosen one's are under Consequences.
      expect(optionItems(adr, 'python')).toContain('* Bad, because the team does not know Python well');
      expect(optionItems(adr, 'node')).toContain(
        "* Bad, because npm's quality spread is wide; dependencies need vetting",
      );
      expect(optionItems(adr, 'python')).toContain(
        '* Bad, because it goes against `row-realtime`, `row-react-frontend`, `row-high-concurrency`, ' +
          '`override-team`, which favour Node.js',
      );
      // A tie-break is a skill rule too: the hybrid meets it in one half only.
      const tie = renderAdr(recommendFor({ skills: { javascript: 'some' } }, false), { date });
      expect(optionItems(tie, 'node')).toContain('* Good, because it follows `when-in-doubt`');
      expect(optionItems(tie, 'hybrid')).toContain(
        '* Neutral, because it meets `when-in-doubt` in its Node.js gateway only',
      );
    },
  );

  it(
    'gives the measured figures for both runtimes with their ' + 'caveats, and the claims as the report judges them',
    () => {
      expect(flat).toContain(
        'From [fixture.json](../../results/fixture.json), a completed run of 2026-11-20: Test CPU 3000, 2 cores',
      );
      expect(adr).toMatch(/\| users at 1,000 +\| Node\.js +\| Python +\|/);
      expect(adr).toMatch(/\| req\/s, median \(range\) +\| 2,400 \(2,300–2,500\) +\| 950 \(850–1,050\) +\|/);
      expect(flat).toContain(
        '* The expected peak of 3,000 is above the highest level measured: these figures are at 1,000 ' +
          'connections, not extrapolated.',
      );
      expect(flat).toContain(
        '* Supported `high-end-node-wins` (`row-high-concurrency`): node-fastify vs python-fastapi-tuned: 2.53x ' +
          '\\[2.16x, 2.97x\\] 95%, 3 rounds at 1,000 connections. It backs the choice.',
      );
      expect(flat).toContain('The websocket workload was not measured in this run.');
    },
  );

  it('lays out the costs and their assumptions as tables', () => {
    expect(adr).toMatch(/\n\| Team of 6, permanent, London \| A month +\|\n/);
    expect(adr).toMatch(/\| Hybrid, any split +\| £[\d,]+–£[\d,]+ \|/);
    expect(adr).toMatch(/\n\| Assumption +\| Value +\| By +\|\n/);
    expect(adr).toMatch(/\| A permanent hire's month \| salary \/ 12 \+ 15% on-cost +\| verdict +\|/);
  });

  it('names the bench run that re-checks the evidence, and the decide call that re-reads it', () => {
    const block = adr.slice(adr.indexOf('```sh\n'), adr.indexOf('\n```\n'));
    expect(block.replace(/ \\\n {2}/g, ' ')).toBe(
      '```sh\nverdict bench --workloads users,websocket,sse --levels 10,100,1000,3000\nverdict decide --name ' +
        "'the support platform' --touches realtime,ai,react-frontend --javascript strong --python some --team " +
        'mid=3,senior=2,principal=1 --peak-connections 3000',
    );
  });

  it.each(CASES.map((c) => [c.name, c.profile]))(
    'lints clean for every table case, with and without measurements: %s',
    async (_name, raw) => {
      for (const withResults of [true, false]) {
        const markdown = renderAdr(recommendFor(raw, withResults), { date });
        expect(await lintErrors(markdown)).toBe('');
        for (const heading of MADR_SECTIONS) expect(markdown).toContain(`\n${heading}\n`);
      }
    },
  );

  it('escapes Markdown in a project name and keeps long titles within the line length', async () => {
    const rec = recommend({
      profile: parseProfile(
        { name: 'a *very* long <project> name_with markup that will not fit in the title line at all' },
        'test',
      ),
      rates,
    });
    const markdown = renderAdr(rec, { date });
    expect(markdown).toContain('\n# Use Node.js\n');
    expect(markdown.replace(/\s+/g, ' ')).toContain('a \\*very\\* long \\<project> name\\_with markup');
    expect(await lintErrors(markdown)).toBe('');
  });
});

describe('the ADR written by `verdict decide --adr`', () => {
  // A project folder with an absolute path of its own, a full run in results/, and no docs/adr yet.
  const cwd = join(folder, 'repository');
  mkdirSync(join(cwd, 'results'), { recursive: true });
  writeFileSync(
    join(cwd, 'results', 'bench-20261130-212509.json'),
    readFileSync(join(import.meta.dirname, 'fixtures', 'full-run.json')),
  );

  async function write(args: string[], path = 'docs/adr/0001-backend-runtime.md'): Promise<string> {
    const output = captureOutput({ cwd });
    expect(await main(['decide', ...args, '--adr', path], output), output.text().stderr).toBe(0);
    return readFileSync(join(cwd, path), 'utf8');
  }

  it(
    'holds no absolute path and no machine-specific words, and ' + 'links the results file from its own folder',
    async () => {
      const profiles = [
        ['--touches', 'rest-api,react-frontend', '--javascript', 'strong'],
        ['--profile', resolve(import.meta.dirname, '..', '..', 'examples', 'decide-profile.yaml')],
        [
          '--touches',
          'background-jobs',
          '--javascript',
          'strong',
          '--peak-connections',
          '50000',
          '--rates',
          resolve(import.meta.dirname, '..', '..', 'data', 'rates-uk-2026.json'),
        ],
      ];
      for (const args of profiles) {
        const markdown = await write(args);
        expect(markdown).not.toContain(folder);
        expect(markdown).not.toContain(tmpdir());
        // No path that starts at the root: only relative links and URLs.
        expect(markdown).not.toMatch(/(^|[\s(["'`=<])\/(?!\/)[^\s)]+/m);
        expect(markdown).not.toMatch(/[A-Za-z]:\\/);
        expect(markdown).not.toMatch(/\bthis machine\b|\bhere\b|\blocalhost\b|127\.0\.0\.1|\/home\/|\/tmp\//i);
        const link = /\]\((\.\.\/\.\.\/results\/[^)]+)\)/.exec(markdown)![1]!;
        expect(existsSync(resolve(cwd, 'docs', 'adr', link))).toBe(true);
        expect(await lintErrors(markdown)).toBe('');
      }
    },
  );

  it('keeps a typical profile to about 120 lines', async () => {
    const markdown = await write(['--touches', 'rest-api,react-frontend', '--javascript', 'strong']);
    expect(markdown.trimEnd().split('\n').length).toBeLessThanOrEqual(125);
    const without = await write(
      ['--touches', 'rest-api,react-frontend', '--javascript', 'strong', '--results', 'none'],
      'docs/adr/0002.md',
    );
    expect(without.trimEnd().split('\n').length).toBeLessThanOrEqual(110);
    expect(dirname(join(cwd, 'docs/adr/0002.md'))).toBe(join(cwd, 'docs', 'adr'));
  });
});

describe('the project name in the ADR', () => {
  it('cannot inject a heading, even when it reaches the writer with a line break', async () => {
    const rec = recommendFor({ touches: ['rest-api'], skills: { javascript: 'strong' } }, false);
    const markdown = renderAdr(
      { ...rec, profile: { ...rec.profile, name: 'Payments\n# Injected\n\n[link](http://x)' } },
      { date },
    );
    expect(markdown.split('\n').filter((line) => line.startsWith('# '))).toEqual([
      '# Use Node.js for Payments \\# Injected \\[link\\](http\\://x)',
    ]);
    expect(markdown).not.toMatch(/^# Injected/m);
    expect(await lintErrors(markdown)).toBe('');
  });

  it('escapes what Markdown reads as markup inside a line', () => {
    const rec = recommendFor(
      { name: 'pay_ments *api* `v2` <b> & ~~old~~ | #1', touches: ['rest-api'], skills: { javascript: 'strong' } },
      false,
    );
    const markdown = renderAdr(rec, { date });
    expect(markdown).toContain('# Use Node.js for pay\\_ments \\*api\\* \\`v2\\` \\<b> \\& \\~\\~old\\~\\~ \\| \\#1\n');
    expect(markdown).toContain('We need to choose the runtime for pay\\_ments \\*api\\* \\`v2\\` \\<b> \\&');
  });
});

describe('wrapping', () => {
  it('never starts a continuation line with a block marker', () => {
    const lines = wrap(`${'word '.repeat(15)}- 1. # > | + *`, '* ', '  ', 40);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^ {2}([-*+>#|]|\d+[.)])/);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(
      `* ${'word '.repeat(15)}- 1. # > | + *`.replace(/\s+/g, ' ').trim(),
    );
  });
});
