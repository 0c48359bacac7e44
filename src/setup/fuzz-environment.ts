/**
 * The fuzzing tools' virtual environment: schemathesis from requirements-dev.txt, in .venv-fuzz
 * beside the servers' .venv, apart from it so a tool's dependencies never change what the Python
 * servers run. Only a checkout has it: `npm run test:fuzz` (test/fuzz/) is a development target,
 * and an installed package ships neither the tests nor requirements-dev.txt.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VerdictError } from '../core/errors.js';
import { isCheckout, projectRoot } from '../util/paths.js';

const run = promisify(execFile);

export const fuzzRequirementsFile = join(projectRoot, 'requirements-dev.txt');
/** undefined in an installed package, which does not need it. */
export const fuzzVenv: string | undefined = isCheckout ? join(projectRoot, '.venv-fuzz') : undefined;

/**
 * Python 3.13's venv writes this itself; 3.11 and 3.12 do not, and the project's .gitignore names
 * only .venv/: the environment ignores itself, as a new venv does.
 */
export const FUZZ_VENV_FILES = {
  '.gitignore': '# Created by verdict setup: the fuzzing tools (requirements-dev.txt)\n*\n',
};

const SETUP_FIX = "run 'npx verdict setup' to create it";

export interface Schemathesis {
  path: string;
  version: string;
}

export function schemathesisPath(venv: string): string {
  return join(venv, 'bin', 'schemathesis');
}

/** The version requirements-dev.txt pins schemathesis to, or undefined when it pins none. */
export function pinnedSchemathesisVersion(requirements: string): string | undefined {
  return /^schemathesis==([^\s#;]+)/m.exec(requirements)?.[1];
}

/** schemathesis in the fuzz environment, at the pinned version; throws one actionable line when not. */
export async function findSchemathesis(venv: string | undefined = fuzzVenv): Promise<Schemathesis> {
  if (!venv)
    throw new VerdictError(
      'the fuzzing tools are only set up in a checkout of verdict',
      'run npm run test:fuzz from a clone of the repository',
    );
  const path = schemathesisPath(venv);
  if (!existsSync(path)) throw new VerdictError(`the fuzzing environment is missing (${path})`, SETUP_FIX);
  let stdout: string;
  try {
    ({ stdout } = await run(path, ['--version'], { timeout: 60_000 }));
  } catch (error) {
    throw new VerdictError(`${path} does not run: ${(error as Error).message.split('\n')[0]}`, `${SETUP_FIX} again`);
  }
  // "schemathesis, version 4.32.5"
  const version = /version\s+(\S+)/.exec(stdout)?.[1] ?? stdout.trim();
  const pinned = existsSync(fuzzRequirementsFile)
    ? pinnedSchemathesisVersion(readFileSync(fuzzRequirementsFile, 'utf8'))
    : undefined;
  if (pinned && version !== pinned) {
    throw new VerdictError(
      `${path} is schemathesis ${version}, but requirements-dev.txt pins ${pinned}`,
      `${SETUP_FIX} again`,
    );
  }
  return { path, version };
}
