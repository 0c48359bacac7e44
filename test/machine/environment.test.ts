/**
 * The load generator's version recorded in the results. Each expectation comes from somewhere
 * other than where the code reads it: autocannon's from package-lock.json (what `npm ci`
 * installed), wrk's from banners written here and from the package manager that installed wrk.
 * wrk prints its version with its usage text and exits 1, which once made every wrk run record
 * "unknown".
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatorVersion } from '../../src/machine/environment.js';
import { wrkPath } from '../../src/load/wrk-generator.js';
import { projectRoot } from '../../src/util/paths.js';

interface Lockfile {
  packages: Record<string, { version: string }>;
}
const lockfile = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as Lockfile;

const savedPath = process.env.PATH;
const folders: string[] = [];
afterEach(() => {
  process.env.PATH = savedPath;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A `wrk` first on PATH that prints `banner` and the usage text and exits 1, as wrk -v does. */
function fakeWrkPrinting(banner: string): void {
  const folder = mkdtempSync(join(tmpdir(), 'verdict-fake-wrk-'));
  folders.push(folder);
  writeFileSync(join(folder, 'wrk'), `#!/bin/sh\necho '${banner}'\necho 'Usage: wrk <options> <url>'\nexit 1\n`);
  chmodSync(join(folder, 'wrk'), 0o755);
  process.env.PATH = `${folder}:${savedPath}`;
}

/** wrk's upstream version as the package manager recorded it ("4.1.0-3+b2" is Debian's 4.1.0). */
function packagedWrkVersion(): string {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format field, not a template
    const debian = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'wrk'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
    return debian.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  } catch {
    const brew = execFileSync('brew', ['list', '--versions', 'wrk'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return brew.trim().split(/\s+/)[1] ?? '';
  }
}

describe('generatorVersion', () => {
  it('is the autocannon version package-lock.json pins, which npm ci installed', () => {
    const pinned = lockfile.packages['node_modules/autocannon']?.version;
    expect(pinned, 'package-lock.json has no node_modules/autocannon entry').toMatch(/^\d+\.\d+\.\d+$/);
    expect(generatorVersion('autocannon')).toBe(pinned);
  });

  it("is verdict's own version for the lean driver, verdict's own code", () => {
    expect(generatorVersion('lean')).toBe(`verdict ${lockfile.packages['']!.version}`);
  });

  it("reads the version out of Debian's banner and upstream's, although wrk exits 1", () => {
    fakeWrkPrinting('wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer');
    expect(generatorVersion('wrk')).toBe('4.1.0');
    fakeWrkPrinting('wrk 4.2.0 [kqueue] Copyright (C) 2012 Will Glozer');
    expect(generatorVersion('wrk')).toBe('4.2.0');
  });

  it('is "unknown" when wrk is not on PATH', () => {
    process.env.PATH = '/nonexistent';
    expect(generatorVersion('wrk')).toBe('unknown');
  });

  it('is the version the package manager installed, for the wrk on this machine', () => {
    expect(wrkPath(), 'wrk is not installed: run npx verdict setup').toBeTruthy();
    expect(generatorVersion('wrk')).toBe(packagedWrkVersion());
  });
});
