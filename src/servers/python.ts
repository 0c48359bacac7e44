/**
 * Finds the Python interpreter the Python servers run under: --python when given, otherwise the
 * project's own virtual environment that `verdict setup` creates from requirements.txt.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VerdictError } from '../core/errors.js';
import { defaultVenv } from '../util/paths.js';

const run = promisify(execFile);

/** What the Python servers import; a venv missing any of them cannot run them. */
export const REQUIRED_MODULES = [
  'fastapi',
  'uvicorn',
  'asyncpg',
  'orjson',
  'pydantic',
  'uvloop',
  'httptools',
  'numpy',
  'aiohttp',
] as const;

export interface PythonEnvironment {
  path: string;
  version: string;
}

export function venvPython(venv: string = defaultVenv): string {
  return join(venv, 'bin', 'python');
}

const SETUP_FIX = "run 'npx verdict setup' to create it";

/** Resolves and checks the interpreter; throws one actionable line when it cannot be used. */
export async function findPython(explicit?: string): Promise<PythonEnvironment> {
  const path = explicit ?? venvPython();
  if (!explicit && !existsSync(path)) {
    throw new VerdictError(`the Python environment is missing (${path})`, SETUP_FIX);
  }
  const probe = `import sys, importlib
missing = []
for name in ${JSON.stringify(REQUIRED_MODULES)}:
    try:
        importlib.import_module(name)
    except Exception as error:
        missing.append(name + ' (' + type(error).__name__ + ')')
print(sys.version.split()[0])
print(','.join(missing))`;
  let stdout: string;
  try {
    ({ stdout } = await run(path, ['-c', probe], { timeout: 60_000 }));
  } catch (error) {
    throw new VerdictError(
      `the Python at ${path} does not run: ${(error as Error).message.split('\n')[0]}`,
      explicit ? 'pass a working interpreter to --python' : `${SETUP_FIX} again`,
    );
  }
  const [version = '', missing = ''] = stdout.trim().split('\n');
  if (missing) {
    throw new VerdictError(
      `the Python environment at ${path} cannot import ${missing}`,
      explicit ? 'install requirements.txt into it with pip install -r requirements.txt' : `${SETUP_FIX} again`,
    );
  }
  return { path, version };
}

/** Installed versions of PyPI packages in that environment, for the results file. */
export async function pythonPackageVersions(python: string, packages: string[]): Promise<Record<string, string>> {
  if (packages.length === 0) return {};
  const script = `import json, importlib.metadata as m
out = {}
for name in ${JSON.stringify(packages)}:
    try:
        out[name] = m.version(name)
    except Exception:
        out[name] = 'missing'
print(json.dumps(out))`;
  const { stdout } = await run(python, ['-c', script], { timeout: 30_000 });
  return JSON.parse(stdout) as Record<string, string>;
}
