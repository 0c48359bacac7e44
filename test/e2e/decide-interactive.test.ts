/**
 * The prompts, driven through a real pseudo-terminal (Python's pty module): verdict sees a TTY on
 * stdin and stderr, asks on stderr, and writes only the recommendation to stdout (a file here,
 * as in `verdict decide > decision.txt`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-pty-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface PtyRun {
  transcript: string;
  exitCode: number;
  error: string | null;
}

/** The CLI from source through tsx, so the test needs no build step (tsx by path: cwd is a temp folder). */
const tsx = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const verdict = [process.execPath, '--import', tsx, join(projectRoot, 'src', 'bin.ts'), 'decide'];

function runInPty(steps: [string, string][], stdoutFile: string | null, extraArgs: string[] = []): PtyRun {
  const spec = {
    argv: [...verdict, ...extraArgs],
    // An empty results folder as the working directory: no measurements are picked up.
    cwd: folder,
    env: { NO_COLOR: '1', TERM: 'xterm', NODE_OPTIONS: '' },
    stdoutFile,
    steps,
    timeout: 40,
  };
  const output = execFileSync('python3', [join(projectRoot, 'test', 'decide', 'pty-driver.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(output) as PtyRun;
}

describe('verdict decide on a terminal', () => {
  it('asks for the profile, re-asks a wrong answer, and prints the recommendation on stdout', () => {
    const stdoutFile = join(folder, 'decision.txt');
    const run = runInPty(
      [
        ['Project name [the backend]: ', 'support desk\n'],
        ['Numbers or names, comma-separated, or "none" [none]: ', '1, ai\n'],
        ['Greenfield project? yes/no [no]: ', '\n'],
        ['How well does the team know JavaScript/TypeScript? none/some/strong [none]: ', 'expert\n'],
        ['please answer one of none, some, strong', ''],
        ['How well does the team know JavaScript/TypeScript? none/some/strong [none]: ', 'strong\n'],
        ['How well does the team know Python? none/some/strong [none]: ', 'none\n'],
        ['Mid-level engineers [2]: ', '3\n'],
        ['Senior engineers [2]: ', '\n'],
        ['Principal/lead engineers [0]: ', '1\n'],
        ['Hiring: permanent/contract [permanent]: ', 'contract\n'],
        ['Location: london/elsewhere (UK outside London) [london]: ', 'elsewhere\n'],
        // touches includes ai, so the 18-month question is skipped.
        ['Expected peak of concurrent connections [100]: ', '2000\n'],
      ],
      stdoutFile,
    );
    expect(run.error).toBeNull();
    expect(run.exitCode).toBe(0);
    expect(run.transcript).toContain('What will the project touch?');
    expect(run.transcript).not.toContain('AI features planned within 18 months?');
    const stdout = readFileSync(stdoutFile, 'utf8');
    expect(stdout.startsWith('Recommendation: Hybrid (Node.js gateway + Python services) (confidence: medium)\n')).toBe(
      true,
    );
    expect(stdout).toContain('  touches            realtime, ai\n');
    expect(stdout).toContain('  team               6 (3 mid, 2 senior, 1 principal), contract, UK outside London\n');
    expect(stdout).toContain('  peak connections   2,000\n');
    expect(stdout).toContain("A JavaScript team, but the project needs Python's AI or data libraries");
    // Prompts went to the terminal (stderr), not into the recommendation.
    expect(stdout).not.toContain('Project name');
  });

  it('keeps answers pasted all at once for the questions that follow', () => {
    const stdoutFile = join(folder, 'pasted.txt');
    const pasted = [
      'demo',
      'background-jobs',
      'no',
      'strong',
      'some',
      '1',
      '1',
      '0',
      'permanent',
      'london',
      'no',
      '300',
      '',
    ].join('\n');
    const run = runInPty([['Project name [the backend]: ', pasted]], stdoutFile);
    expect(run.error).toBeNull();
    expect(run.exitCode).toBe(0);
    const stdout = readFileSync(stdoutFile, 'utf8');
    // A JavaScript team and jobs over large datasets: the data part needs Python's libraries.
    expect(stdout.startsWith('Recommendation: Hybrid (Node.js gateway + Python services) (confidence: medium)\n')).toBe(
      true,
    );
    expect(stdout).toContain('  touches            background-jobs\n');
    expect(stdout).toContain("A JavaScript team, but the project needs Python's AI or data libraries");
  });

  it('exits 130 on Ctrl-C without printing a recommendation', () => {
    const stdoutFile = join(folder, 'interrupted.txt');
    const run = runInPty(
      [
        ['Project name [the backend]: ', '\n'],
        ['comma-separated, or "none" [none]: ', '\u0003'],
      ],
      stdoutFile,
    );
    expect(run.error).toBeNull();
    expect(run.exitCode).toBe(130);
    expect(run.transcript).toContain('verdict: interrupted');
    expect(readFileSync(stdoutFile, 'utf8')).toBe('');
  });

  it('exits 2 when the input ends before the profile is complete', () => {
    const run = runInPty([['Project name [the backend]: ', '\u0004']], join(folder, 'ended.txt'));
    expect(run.error).toBeNull();
    expect(run.exitCode).toBe(2);
    expect(run.transcript).toContain(
      'verdict: the input ended before the profile was complete; answer every question, or pass --profile <file>',
    );
  });

  it('does not ask when profile flags are given, even on a terminal', () => {
    const stdoutFile = join(folder, 'flags.txt');
    const run = runInPty([], stdoutFile, ['--touches', 'data-science']);
    expect(run.exitCode).toBe(0);
    expect(run.transcript).not.toContain('Project name');
    expect(readFileSync(stdoutFile, 'utf8').startsWith('Recommendation: Python (confidence: high)\n')).toBe(true);
  });
});
