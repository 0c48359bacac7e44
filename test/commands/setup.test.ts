/**
 * `verdict setup` through the CLI's main(), against a fake apt-get first on PATH: a package
 * manager that fails is one line naming the package, the command and the fix, exit 2, with
 * nothing else installed; with nothing missing the package manager is never called. The Python
 * part is made to fail at once (a fake interpreter), so the project's real environment is only
 * read, never rebuilt. The apt-get route needs Debian or Ubuntu, where CI runs.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { captureOutput } from '../support/capture.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-setup-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const bin = join(folder, 'bin');
mkdirSync(bin);
const aptLog = join(folder, 'apt-get.log');
/** As root apt-get runs directly; otherwise through (the fake, passwordless) sudo. */
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';

function script(name: string, body: string): string {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

// Records its arguments; fails with APT_OUTPUT when APT_FAIL names the subcommand (or is "always").
script(
  'apt-get',
  `echo "$*" >> "$APT_LOG"
case "$1:$APT_FAIL" in update:update|install:install|*:always) printf '%s\\n' "$APT_OUTPUT"; exit 100;; esac
exit 0`,
);
// Passwordless sudo: drops -n and VAR=value, runs the rest from this folder.
script(
  'sudo',
  `[ "$1" = -n ] && shift
while [ "\${1#*=}" != "$1" ]; do shift; done
[ "$1" = true ] && exit 0
cmd="$1"; shift
exec "\${0%/*}/$cmd" "$@"`,
);
for (const tool of ['taskset', 'pgbench', 'chromium']) script(tool, 'exit 0');
/** An interpreter that does not run as Python: setup stops there, before the environment. */
const notPython = script('python3', "echo 'not really python' >&2; exit 1");
/** A Debian Python whose venv module is split off into python3.11-venv. */
const noVenv = script('python3.11', "printf '/usr/bin/python3.11\\n3.11.2\\nno-venv\\n'");

interface Run {
  code: number;
  stdout: string;
  stderr: string[];
  apt: string[];
}

async function setup(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const output = captureOutput({ env: { PATH: bin, APT_LOG: aptLog, ...env } });
  const code = await main(['setup', ...args], output);
  const { stdout, stderr } = output.text();
  const apt = existsSync(aptLog) ? readFileSync(aptLog, 'utf8').trim().split('\n') : [];
  return { code, stdout, stderr: stderr.trimEnd().split('\n'), apt };
}

const notPythonError =
  `verdict: ${notPython} does not run as Python: not really python; pass a working Python 3 interpreter to ` +
  `--python`;

beforeEach(() => {
  rmSync(aptLog, { force: true });
  rmSync(join(bin, 'wrk'), { force: true });
});

describe('verdict setup: system tools', () => {
  it(
    'apt-get update fails (no network): one line naming the package, the command and the fix; exit 2, nothing ' +
      'installed',
    async () => {
      const run = await setup(['--python', notPython], {
        APT_FAIL: 'update',
        APT_OUTPUT: "Temporary failure resolving 'deb.debian.org'",
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toEqual([
        'installing wrk (package wrk)',
        `verdict: could not install wrk: '${sudo}apt-get update -qq' failed: Temporary failure resolving ` +
          `'deb.debian.org'; check the network or the apt sources, then run 'verdict setup' again, or install it ` +
          `yourself: ${sudo}apt-get install -y wrk, or skip with --no-system`,
      ]);
      expect(run.apt).toEqual(['update -qq']);
    },
  );

  it(
    "apt-get install fails: apt's own reason (its first E: line), and only the missing tool's package was asked " +
      'for',
    async () => {
      const output = [
        'E: Failed to fetch http://deb.debian.org/debian/pool/main/w/wrk/wrk_4.1.0-3%2bb2_amd64.deb  Temporary ' +
          "failure resolving 'deb.debian.org'",
        'E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?',
      ].join('\n');
      const run = await setup(['--python', notPython], { APT_FAIL: 'install', APT_OUTPUT: output });
      expect(run.code).toBe(2);
      expect(run.stderr.at(-1)).toBe(
        `verdict: could not install wrk: '${sudo}apt-get install -y -qq --no-install-recommends wrk' failed: ` +
          `Failed to fetch http://deb.debian.org/debian/pool/main/w/wrk/wrk_4.1.0-3%2bb2_amd64.deb  Temporary ` +
          `failure resolving 'deb.debian.org'; check the network or the apt sources, then run 'verdict setup' ` +
          `again, or install it yourself: ${sudo}apt-get install -y wrk, or skip with --no-system`,
      );
      expect(run.apt).toEqual(['update -qq', 'install -y -qq --no-install-recommends wrk']);
    },
  );

  it('a package that installs but leaves the tool missing is an error naming the tool', async () => {
    const run = await setup(['--python', notPython]);
    expect(run.code).toBe(2);
    expect(run.stderr.at(-1)).toBe(
      `verdict: wrk still not found on PATH after '${sudo}apt-get install -y wrk' succeeded; see where wrk put ` +
        `it (dpkg -L wrk) and add that folder to PATH, then run 'verdict setup' again, or skip with --no-system`,
    );
  });

  it('nothing missing: says so, never calls the package manager, goes on to the Python environment', async () => {
    script('wrk', 'exit 0');
    const run = await setup(['--python', notPython], { APT_FAIL: 'always', APT_OUTPUT: 'apt-get must not be called' });
    expect(run.stdout).toBe('ok taskset, wrk, pgbench and Chromium are installed; nothing to install\n');
    expect(run.apt).toEqual([]);
    expect(run.stderr).toEqual([notPythonError]);
    expect(run.code).toBe(2);
  });

  it('--no-system: no package manager, no warning, straight to the Python environment', async () => {
    const run = await setup(['--no-system', '--python', notPython], { APT_FAIL: 'always' });
    expect(run.apt).toEqual([]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toEqual([notPythonError]);
    expect(run.code).toBe(2);
  });
});

describe("verdict setup: Python's venv module", () => {
  it(
    'a Debian Python without it: its versioned package goes through the same apt-get, and its failure reads the ' +
      'same',
    async () => {
      script('wrk', 'exit 0');
      const run = await setup(['--python', noVenv], {
        APT_FAIL: 'install',
        APT_OUTPUT: 'E: Unable to locate package python3.11-venv',
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('ok taskset, wrk, pgbench and Chromium are installed; nothing to install\n');
      expect(run.stderr).toEqual([
        "installing Python 3.11's venv module (package python3.11-venv)",
        `verdict: could not install python3.11-venv (for Python 3.11's venv module): '${sudo}apt-get install -y ` +
          `-qq --no-install-recommends python3.11-venv' failed: Unable to locate package python3.11-venv; check the ` +
          `network or the apt sources, then run 'verdict setup' again, or install it yourself: ${sudo}apt-get ` +
          `install -y python3.11-venv, or skip with --no-system`,
      ]);
      expect(run.apt).toEqual(['update -qq', 'install -y -qq --no-install-recommends python3.11-venv']);
    },
  );

  it('with --no-system: the command that installs it, and how to let setup do it', async () => {
    const run = await setup(['--no-system', '--python', noVenv], { APT_FAIL: 'always' });
    expect(run.code).toBe(2);
    expect(run.apt).toEqual([]);
    expect(run.stderr).toEqual([
      `verdict: ${noVenv} has no working venv module (ensurepip is missing); run ${sudo}apt-get install -y ` +
        `python3.11-venv, or run 'verdict setup' without --no-system to install it`,
    ]);
  });
});

describe('verdict setup --python', () => {
  it('a path that does not exist: one line, exit 2, before anything is installed', async () => {
    const run = await setup(['--python', '/nonexistent/python3'], { APT_FAIL: 'always' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toEqual([
      'verdict: --python /nonexistent/python3: no such executable; pass the path of a Python 3.11 or newer, ' +
        'e.g. --python /usr/bin/python3',
    ]);
    expect(run.apt).toEqual([]);
  });
});
