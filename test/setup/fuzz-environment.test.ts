/**
 * The fuzzing tools' environment that `verdict setup` makes in a checkout (.venv-fuzz, from
 * requirements-dev.txt): schemathesis pinned to one version, found at that version, apart from the
 * servers' .venv, and reported by `verdict doctor`. CI has run `verdict setup` before the tests.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/doctor/checks.js';
import { venvPython } from '../../src/servers/python.js';
import {
  findSchemathesis,
  fuzzRequirementsFile,
  fuzzVenv,
  pinnedSchemathesisVersion,
  schemathesisPath,
} from '../../src/setup/fuzz-environment.js';
import { defaultVenv } from '../../src/util/paths.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-fuzz-env-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const pinned = pinnedSchemathesisVersion(readFileSync(fuzzRequirementsFile, 'utf8'));

/** A venv folder whose bin/schemathesis answers --version with `version`. */
function fakeVenv(name: string, version: string): string {
  const venv = join(folder, name);
  mkdirSync(join(venv, 'bin'), { recursive: true });
  writeFileSync(schemathesisPath(venv), `#!/bin/sh\necho 'schemathesis, version ${version}'\n`);
  chmodSync(schemathesisPath(venv), 0o755);
  return venv;
}

describe('the fuzzing tools environment', () => {
  it('requirements-dev.txt pins schemathesis to one exact 4.x version', () => {
    expect(pinned).toMatch(/^4\.\d+\.\d+$/);
  });

  it("lives in the checkout, apart from the servers' .venv, which cannot import schemathesis", () => {
    expect(fuzzVenv).toBeDefined();
    expect(fuzzVenv).not.toBe(defaultVenv);
    const servers = spawnSync(venvPython(), ['-c', 'import schemathesis'], { encoding: 'utf8', timeout: 30_000 });
    expect(servers.status, "the servers' environment must not carry the fuzzing tools").not.toBe(0);
    expect(servers.stderr).toContain("No module named 'schemathesis'");
  });

  it('verdict setup made it: schemathesis at the pinned version, and verdict doctor says so', async () => {
    const found = await findSchemathesis();
    expect(found).toEqual({ path: schemathesisPath(fuzzVenv!), version: pinned });
    const check = (await runChecks()).find((c) => c.name === 'fuzzing tools');
    expect(check).toMatchObject({ required: false, ok: true, detail: `schemathesis ${pinned} at ${found.path}` });
  });

  it('another version than the pin is an error naming both and the fix', async () => {
    const venv = fakeVenv('old', '4.0.0');
    await expect(findSchemathesis(venv)).rejects.toMatchObject({
      message: `${schemathesisPath(venv)} is schemathesis 4.0.0, but requirements-dev.txt pins ${pinned}`,
      fix: "run 'npx verdict setup' to create it again",
    });
  });

  it('a missing environment names its path and verdict setup', async () => {
    const venv = join(folder, 'absent');
    await expect(findSchemathesis(venv)).rejects.toMatchObject({
      message: `the fuzzing environment is missing (${schemathesisPath(venv)})`,
      fix: "run 'npx verdict setup' to create it",
    });
  });
});
