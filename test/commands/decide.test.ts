/**
 * `verdict decide` end to end through the CLI's main(): flags, files, output formats and errors,
 * with output captured exactly as a user would see it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from 'markdownlint/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { projectRoot } from '../../src/util/paths.js';
import { captureOutput } from '../support/capture.js';
import { sampleResults } from '../decide/results-fixture.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
// A file where the ADR's folder would have to be: the one folder --adr cannot create.
writeFileSync(join(folder, 'a-file'), '');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function decide(args: string[], cwd = folder, tty = false): Promise<Run> {
  const output = captureOutput({ stderrIsTTY: tty, stdinIsTTY: tty, cwd });
  const code = await main(['decide', ...args], output);
  const { stdout, stderr } = output.text();
  return { code, stdout, stderr };
}

describe('verdict decide (CLI)', () => {
  it('recommends from flags', async () => {
    const run = await decide([
      '--touches',
      'realtime,rest-api',
      '--javascript',
      'strong',
      '--peak-connections',
      '5000',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith('Recommendation: Node.js (confidence: high)\n')).toBe(true);
    expect(run.stdout).toContain('No measurements were used');
  });

  it('reads a profile file, with flags overriding its fields', async () => {
    const run = await decide([
      '--profile',
      join(projectRoot, 'examples', 'decide-profile.yaml'),
      '--ai-planned',
      'yes',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, any>;
    expect(json.schema).toBe('verdict-decision');
    expect(json.version).toBe(2);
    expect(json.profile.name).toBe('the customer support platform');
    expect(json.profile.aiPlanned).toBe('yes');
    expect(json.outcome).toBe('hybrid');
    expect(json.conflicts.map((c: { id: string }) => c.id)).toEqual(['javascript-team-vs-ai']);
    expect(json.fired.every((r: { quote: string }) => r.quote.length > 10)).toBe(true);
    expect(json.costs.node.monthly).toHaveLength(2);
    expect(json.evidence).toEqual({
      used: false,
      reason: 'no --results was given and there is no results/ folder here',
      skipped: [],
    });
  });

  it('writes an ADR that lints clean, and still prints the recommendation', async () => {
    const adr = join(folder, 'adr.md');
    const run = await decide(['--touches', 'ai', '--python', 'strong', '--adr', adr, '--name', 'search']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`wrote the decision record to ${adr}\n`);
    expect(run.stdout.startsWith('Recommendation: Python')).toBe(true);
    const markdown = readFileSync(adr, 'utf8');
    expect(markdown).toContain('\n# Use Python for search\n');
    expect((await lint({ strings: { adr: markdown } })).toString()).toBe('');
  });

  it('--adr - writes the record to stdout instead of the text', async () => {
    const run = await decide(['--touches', 'realtime', '--adr', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('---\nstatus: proposed\n')).toBe(true);
    expect(run.stdout).toContain('\n# Use Node.js for the backend\n');
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('[MADR 4.0](https://adr.github.io/madr/)');
    expect((await lint({ strings: { adr: run.stdout } })).toString()).toBe('');
    const both = await decide(['--touches', 'realtime', '--adr', '-', '--json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'verdict: --adr - and --json both write to stdout; choose one, or give --adr a file path\n',
    );
  });

  it(
    'cites the newest results file in ./results, or the one ' + 'given with --results, and says which and why',
    async () => {
      const cwd = join(folder, 'project');
      mkdirSync(join(cwd, 'results'), { recursive: true });
      const older = sampleResults();
      older.cells = older.cells.map((c) =>
        c.outcome === 'completed' && c.requestsPerSecond !== null
          ? { ...c, requestsPerSecond: c.requestsPerSecond * 10 }
          : c,
      );
      writeFileSync(join(cwd, 'results', 'old.json'), JSON.stringify(older));
      utimesSync(join(cwd, 'results', 'old.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
      writeFileSync(join(cwd, 'results', 'new.json'), JSON.stringify(sampleResults()));
      const newest = await decide(['--touches', 'rest-api', '--python', 'strong'], cwd);
      expect(newest.stderr).toBe('');
      expect(newest.stdout).toContain(
        `\n  ${join('results', 'new.json')}: the newest completed results file in results/\n`,
      );
      expect(newest.stdout).toContain(
        'Node.js  node-fastify (tuned, 3 trials): req/s, median (range) 2,500 (2,400–2,600)',
      );
      const chosen = await decide(
        ['--touches', 'rest-api', '--python', 'strong', '--results', 'results/old.json'],
        cwd,
      );
      expect(chosen.stdout).toContain('\n  results/old.json: given with --results\n');
      expect(chosen.stdout).toContain('req/s, median (range) 25,000 (24,000–26,000)');
      const none = await decide(['--touches', 'rest-api', '--results', 'none'], cwd);
      expect(none.stdout).toContain('No measurements were used: --results none was given.');
    },
  );

  it("creates the ADR's folder, and links the results file relative to the record", async () => {
    const cwd = join(folder, 'repository');
    mkdirSync(join(cwd, 'results'), { recursive: true });
    writeFileSync(join(cwd, 'results', 'run.json'), JSON.stringify(sampleResults()));
    const run = await decide(['--touches', 'realtime', '--adr', 'docs/adr/0001-backend-runtime.md'], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('wrote the decision record to docs/adr/0001-backend-runtime.md\n');
    const markdown = readFileSync(join(cwd, 'docs', 'adr', '0001-backend-runtime.md'), 'utf8');
    expect(markdown).toContain('[run.json](../../results/run.json)');
    expect((await lint({ strings: { adr: markdown } })).toString()).toBe('');
  });

  it.each([
    [['--javascript', 'expert'], "verdict: --javascript must be one of none, some, strong, got 'expert'\n"],
    [
      ['--touches', 'chat'],
      '--touches: unknown chat; choose from realtime, ai, data-science, background-jobs, rest-api, ' +
        'react-frontend, high-concurrency',
    ],
    [
      ['--touches', 'ai', '--ai-planned', 'no'],
      "profile field aiPlanned: aiPlanned is 'no' but touches includes 'ai' (AI in the first release); use yes, " +
        'or remove ai from touches',
    ],
    [['--team', 'mid=0'], 'profile field team: team needs at least one person'],
    [['--touches', 'ai', '--results', 'nowhere.json'], 'verdict: no results file at'],
    [['--touches', 'ai', '--rates', 'nowhere.json'], 'verdict: --rates nowhere.json: cannot read it (ENOENT)'],
    [['--profile', 'nowhere.yaml'], 'cannot read it (ENOENT)'],
    [
      ['--touches', 'ai', '--adr', join('a-file', 'adr.md')],
      '--adr a-file/adr.md: cannot create its folder a-file (EEXIST); a file may have that name; give a path in ' +
        'a folder you can create',
    ],
    [
      ['--touches', 'ai', '--adr', '.'],
      '--adr .: cannot write it (EISDIR); give a path to a file in a folder you can write to',
    ],
    [['--frobnicate'], "unknown option --frobnicate for 'verdict decide'"],
    [
      ['--name', 'Payments\n# Injected', '--touches', 'rest-api'],
      'verdict: profile field name (--name) must be text of 1 to 120 characters without control characters ' +
        '(line breaks, tabs), got "Payments\\n# Injected"',
    ],
  ])('%j fails with exit code 2: %s', async (args, message) => {
    const run = await decide(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('without flags, a file or a terminal, says how to give a profile', async () => {
    const run = await decide([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'verdict: no project profile given; pass --profile <file> or flags such as --touches and --javascript, or ' +
        'run on a terminal to be asked\n',
    );
  });

  it('a bad profile file names the file and the field', async () => {
    const file = join(folder, 'bad.yaml');
    writeFileSync(file, 'touches: [realtime]\nskills:\n  python: fluent\n');
    const run = await decide(['--profile', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `verdict: profile field skills.python (--python) must be none, some, strong, got "fluent"; fix --profile ` +
        `${file} (see examples/decide-profile.yaml), or run 'verdict decide --help'\n`,
    );
  });
});
