/**
 * Which results file `verdict decide` cites, and what it says about it, in every case: a run still
 * being written is never cited, an invalid newest file does not hide the older good ones, and each
 * message is true (--results none, no folder, an empty folder, only unfinished runs). Paths are
 * printed as typed.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Results } from '../../src/results/schema.js';
import { newestCompletedResults, newestResultsFile } from '../../src/results/store.js';
import { captureOutput } from '../support/capture.js';
import { sampleResults } from './results-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'verdict-decide-evidence-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project folder with results files, oldest first (their modification times say so). */
function project(name: string, files: [string, string | Results][]): string {
  const cwd = join(root, name);
  mkdirSync(join(cwd, 'results'), { recursive: true });
  files.forEach(([file, content], i) => {
    const path = join(cwd, 'results', file);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    utimesSync(path, new Date(2026, 0, 1 + i), new Date(2026, 0, 1 + i));
  });
  return cwd;
}

async function decide(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = captureOutput({ cwd });
  const code = await main(['decide', '--touches', 'realtime', ...args], output);
  return { code, ...output.text() };
}

/** A bench still running: its first cells written, Node's only, status "running". */
function running(): Results {
  const full = sampleResults();
  return { ...full, status: 'running', finishedAt: null, cells: full.cells.filter((c) => c.runtime === 'node') };
}

const RUNNING_NOTE =
  'verdict: note: ignoring results/running.json: the run has not finished (status: running; a bench still ' +
  'writing it, or one that was killed)\n';

describe('the results file decide cites', () => {
  it('skips a run still being written, with a note naming it, and cites the newest completed one', async () => {
    const cwd = project('running', [
      ['done.json', sampleResults()],
      ['running.json', running()],
    ]);
    const text = await decide(cwd, []);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(RUNNING_NOTE);
    expect(text.stdout).toContain(
      '\n  results/done.json: the newest completed results file in results/ (1 newer file skipped)\n',
    );
    const json = JSON.parse((await decide(cwd, ['--json'])).stdout);
    expect(json.evidence).toMatchObject({
      used: true,
      file: 'results/done.json',
      status: 'completed',
      skipped: [{ file: 'results/running.json' }],
    });
    // Never cited: the running file's name appears only where it is said to be skipped.
    const adr = (await decide(cwd, ['--adr', '-'])).stdout;
    expect(adr).toContain('[done.json](results/done.json)');
    expect(adr).not.toContain('running.json');
  });

  it('does not let an invalid newest file hide the older valid ones', async () => {
    const cwd = project('invalid', [
      ['good.json', sampleResults()],
      ['broken.json', '{"schema": "something-else"}'],
      ['truncated.json', '{"schema": "verdict-res'],
    ]);
    const text = await decide(cwd, []);
    const notes = text.stderr.split('\n').filter(Boolean);
    expect(notes).toHaveLength(2);
    // JSON.parse's own words differ between Node versions.
    expect(notes[0]).toMatch(
      new RegExp(
        String.raw`^verdict: note: ignoring results\/truncated\.json: not a valid results file: it is not JSON: ` +
          'Unterminated string',
      ),
    );
    expect(notes[1]).toBe(
      'verdict: note: ignoring results/broken.json: not a valid results file: it is not a verdict results file ' +
        '(no "schema": "verdict-results")',
    );
    expect(text.stdout).toContain(
      '\n  results/good.json: the newest completed results file in results/ (2 newer files skipped)\n',
    );
  });

  it('with only unfinished runs, cites nothing and says so', async () => {
    const cwd = project('unfinished', [
      ['interrupted.json', { ...sampleResults(), status: 'interrupted' }],
      ['running.json', running()],
    ]);
    const text = await decide(cwd, []);
    expect(text.stderr).toBe(
      `${RUNNING_NOTE}verdict: note: ignoring results/interrupted.json: the run was interrupted before it ` +
        `finished (status: interrupted)\n`,
    );
    expect(text.stdout).toContain(
      'No measurements were used: no --results was given and none of the 2 files in results/ is a completed, ' +
        'valid results file.',
    );
  });

  it.each([
    [
      '--results none',
      () => project('none', [['done.json', sampleResults()]]),
      ['--results', 'none'],
      '--results none was given',
    ],
    ['an empty results/', () => project('empty', []), [], 'no --results was given and results/ holds no *.json file'],
    [
      'no results/ at all',
      () => mkdtempSync(join(root, 'bare-')),
      [],
      'no --results was given and there is no results/ folder here',
    ],
  ])('says truthfully why nothing is cited: %s', async (_name, make, args, reason) => {
    const text = await decide(make(), args);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(`No measurements were used: ${reason}.\n`);
  });

  it('refuses a running file named with --results, and cites an interrupted one with its caveat', async () => {
    const cwd = project('named', [
      ['interrupted.json', { ...sampleResults(), status: 'interrupted' }],
      ['running.json', running()],
    ]);
    const refused = await decide(cwd, ['--results', 'results/running.json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "verdict: --results results/running.json: the run has not finished (status: running); wait for 'verdict " +
        "bench' to finish, or pass a completed results file\n",
    );
    const named = await decide(cwd, ['--results', 'results/interrupted.json']);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('\n  results/interrupted.json: given with --results\n');
    expect(named.stdout).toContain(
      '  the run was interrupted before it finished (status: interrupted): the figures cover the cells measured ' +
        'before it stopped\n',
    );
  });

  it('names files as typed in every message, read errors included', async () => {
    const cwd = project('typed', []);
    writeFileSync(join(cwd, 'bad.yaml'), 'touches: [a:\n');
    const missing = await decide(cwd, ['--results', 'nowhere.json']);
    expect(missing.stderr).toBe(
      "verdict: no results file at nowhere.json; run 'verdict bench' first, or check the path\n",
    );
    const profile = await decide(cwd, ['--profile', 'nowhere.yaml']);
    expect(profile.stderr).toBe(
      'verdict: --profile nowhere.yaml: cannot read it (ENOENT); check the path; examples/decide-profile.yaml ' +
        'shows the format\n',
    );
    // The yaml parser's message ends in a colon before its drawing of the line: no stray ":;".
    const yaml = await decide(cwd, ['--profile', 'bad.yaml']);
    expect(yaml.stderr).toBe(
      'verdict: --profile bad.yaml is not valid YAML: Flow sequence in block collection must be sufficiently ' +
        'indented and end with a ] at line 1, column 13; examples/decide-profile.yaml shows the format\n',
    );
  });
});

describe('the results folder helpers', () => {
  it('walks the candidates newest first to the first completed, valid one', async () => {
    const read = async (name: string): Promise<Results> => {
      if (name === 'bad') throw new Error("bad: field 'id' required");
      return { ...sampleResults(), status: name === 'live' ? 'running' : 'completed' };
    };
    const walked = await newestCompletedResults(['live', 'bad', 'good', 'older'], read);
    expect(walked.chosen?.file).toBe('good');
    expect(walked.skipped).toEqual([
      {
        file: 'live',
        why: 'the run has not finished (status: running; a bench still writing it, or one that was killed)',
      },
      { file: 'bad', why: "not a valid results file: field 'id' required" },
    ]);
    expect(await newestCompletedResults([], read)).toEqual({ skipped: [] });
  });

  it('finds the newest *.json in a results folder', () => {
    const dir = join(root, 'newest');
    expect(newestResultsFile(dir)).toBeUndefined();
    mkdirSync(dir);
    writeFileSync(join(dir, 'old.json'), '{}');
    writeFileSync(join(dir, 'new.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), '');
    utimesSync(join(dir, 'old.json'), new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(newestResultsFile(dir)).toBe(join(dir, 'new.json'));
  });
});
