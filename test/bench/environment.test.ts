/**
 * The load generator's version recorded in the results: wrk prints its version with its usage
 * text and exits 1, which once made every wrk run record "unknown".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatorVersion } from '../../src/machine/environment.js';
import { wrkPath } from '../../src/load/wrk-generator.js';
import { projectRoot } from '../../src/util/paths.js';

describe('generatorVersion', () => {
  it('is autocannon’s installed package version', () => {
    const installed = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string };
    expect(generatorVersion('autocannon')).toBe(installed.version);
  });

  it('is the version wrk -v names, although wrk exits 1 for it', () => {
    expect(wrkPath(), 'wrk is not installed: run npx verdict setup').toBeTruthy();
    let printed = '';
    try {
      execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      printed = String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
    }
    const version = generatorVersion('wrk');
    expect(version).toMatch(/^\d+\.\d+/);
    expect(printed).toContain(`${version}`);
  });
});
