/**
 * verdict as an installed package, the way a user outside the checkout meets it: `npm pack`,
 * `npm install -g` of the tarball into an empty prefix, then, from an empty folder, `verdict
 * --version`, `verdict setup`, `verdict bench --quick` and `verdict report` on its results.
 * The virtual environment goes to the user's cache folder (XDG_CACHE_HOME here), the results
 * to the folder it runs in, and nothing is written into the installed package.
 *
 * The tarball is packed with --ignore-scripts: `npm test` has just built dist/, and rebuilding it
 * here would change files under the other test files while they run.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';

const base = mkdtempSync(join(tmpdir(), 'verdict-package-'));
const prefix = join(base, 'prefix');
const cache = join(base, 'cache');
const work = join(base, 'empty-folder');
const packageName = 'node-python-verdict';
const installed = join(prefix, 'lib', 'node_modules', packageName);

/** A user's environment: the package's bin on PATH, its own cache folder, nothing pointing back at the checkout. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
    XDG_CACHE_HOME: cache,
    NO_COLOR: '1',
  };
  delete env.VERDICT_SERVERS_DIR;
  delete env.VERDICT_CACHE_DIR;
  return env;
}

function verdict(
  args: string[],
  timeout: number,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(prefix, 'bin', 'verdict'),
      args,
      {
        cwd: work,
        timeout,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...userEnvironment(), ...extraEnv },
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(() => {
  mkdirSync(prefix);
  mkdirSync(work);
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', base], {
    cwd: projectRoot,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync(
    'npm',
    ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(base, tarball)],
    { cwd: base, stdio: 'ignore', timeout: 300_000 },
  );
}, 360_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the installed package, from an empty folder outside the checkout', () => {
  it('verdict --version prints the package version', async () => {
    const { code, stdout } = await verdict(['--version'], 30_000);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('verdict setup without a reachable package index: exit 2, one line naming the package and the fix', async () => {
    const { code, stderr } = await verdict(['setup', '--no-system'], 120_000, {
      XDG_CACHE_HOME: join(base, 'offline-cache'),
      PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
      PIP_RETRIES: '0',
    });
    expect(code).toBe(2);
    const last = stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      new RegExp(
        String.raw`^verdict: pip could not install the Python requirements \(.*requirements\.txt\): .*No ` +
          String.raw`matching distribution found for [a-z]+==[\d.]+; check the network \(or PIP_INDEX_URL\), then ` +
          "run 'verdict setup' again$",
      ),
    );
  }, 120_000);

  it('verdict setup makes the Python environment in the cache folder, not in the package', async () => {
    const { code, stdout, stderr } = await verdict(['setup'], 600_000);
    expect(code, stderr.split('\n').slice(-5).join('\n')).toBe(0);
    expect(stdout).toContain(join(cache, 'verdict', 'venv'));
    expect(existsSync(join(cache, 'verdict', 'venv', 'bin', 'python'))).toBe(true);
    expect(existsSync(join(installed, '.venv'))).toBe(false);
  }, 600_000);

  it('verdict bench --quick runs every workload and writes its results here; verdict report reads them', async () => {
    const bench = await verdict(['bench', '--quick'], 480_000);
    expect(bench.code, bench.stderr.split('\n').slice(-8).join('\n')).toBe(0);
    const files = readdirSync(join(work, 'results'));
    const results = files.find((f) => /^bench-.*\.json$/.test(f));
    expect(results, files.join(', ')).toBeDefined();
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);

    const report = await verdict(['report', join('results', results!)], 60_000);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain("The guide's claims on this machine");
    expect(report.stdout).toContain('node-fastify');
    expect(report.stdout).toContain('python-fastapi-tuned');
    // Nothing of the run was left in the package folder.
    expect(existsSync(join(installed, 'results'))).toBe(false);
  }, 480_000);
});
