/**
 * Builds a Python virtual environment from a pinned requirements file, for `verdict setup`: the
 * servers' .venv (requirements.txt) and the fuzzing tools' .venv-fuzz (requirements-dev.txt) are
 * made the same way. Idempotent: a stamp in the environment records the hash of the requirements
 * and the interpreter that built it, so a second run only checks.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VerdictError } from '../core/errors.js';
import type { Output } from '../core/output.js';
import { venvPython } from '../servers/python.js';
import { capture, failureReason } from './capture.js';
import { venvModule } from './system-tools.js';

const STAMP = 'verdict-setup.json';

interface Stamp {
  requirements: string;
  basePython: string;
  baseVersion: string;
}

export interface BaseInterpreter {
  executable: string;
  version: string;
}

export interface EnvironmentSpec {
  folder: string;
  requirementsFile: string;
  /** What pip installs, as its error names it: "the Python requirements (requirements.txt)". */
  what: string;
  /** Resolves with what to print when the environment can do its job; rejects when it cannot. */
  ready(): Promise<string>;
  /** Files to write into a new environment, by name (a .gitignore). */
  extraFiles?: Record<string, string>;
}

export interface EnvironmentOutcome {
  /** What ready() printed. */
  description: string;
  /** false when the environment was already up to date and nothing was installed. */
  installed: boolean;
}

/** The interpreter that built the environment, as its stamp records it. */
export async function stampedBasePython(folder: string): Promise<string | undefined> {
  return (await readStamp(join(folder, STAMP)))?.basePython;
}

export async function ensureEnvironment(
  spec: EnvironmentSpec,
  base: BaseInterpreter,
  options: { force: boolean; out: Output; log: (line: string) => void },
): Promise<EnvironmentOutcome> {
  const { folder, requirementsFile } = spec;
  const { log } = options;
  const stampFile = join(folder, STAMP);
  const current = await readStamp(stampFile);
  const requirements = await readFile(requirementsFile, 'utf8').catch(() => {
    throw new VerdictError(`cannot read ${requirementsFile}`, 'run verdict from a complete checkout of the project');
  });
  const wanted: Stamp = { requirements: sha256(requirements), basePython: base.executable, baseVersion: base.version };
  const python = venvPython(folder);
  // An environment whose interpreter no longer runs (its base Python was removed) is rebuilt.
  const venvRuns = existsSync(python) && (await capture(python, ['-c', 'pass'])).code === 0;
  const rebuild = options.force || !venvRuns || (current !== undefined && current.basePython !== wanted.basePython);
  if (!rebuild && current?.requirements === wanted.requirements) {
    const ready = await spec.ready().catch(() => undefined);
    if (ready) return { description: ready, installed: false };
    log(`${folder} is up to date on paper but cannot import everything; reinstalling`);
  }

  if (rebuild) {
    if (existsSync(folder)) {
      log(`removing the old ${folder}`);
      await rm(folder, { recursive: true, force: true });
    }
    log(`creating ${folder} with ${base.executable} (Python ${base.version})`);
    await createVenv(base, folder);
    for (const [name, text] of Object.entries(spec.extraFiles ?? {})) await writeFile(join(folder, name), text);
  }
  // The stamp is removed first so an interrupted install is never mistaken for a finished one.
  await rm(stampFile, { force: true });
  log(`upgrading pip in ${folder}`);
  await pip(python, 'pip', ['install', '--quiet', '--upgrade', 'pip'], options.out, false);
  log(`installing ${requirementsFile}`);
  await pip(python, spec.what, ['install', '--progress-bar', 'off', '-r', requirementsFile], options.out, true);

  const description = await spec.ready();
  await writeFile(stampFile, `${JSON.stringify(wanted, null, 2)}\n`);
  return { description, installed: true };
}

/** "3.11" from "3.11.2": Debian names the venv package after it. */
export function minorVersion(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

async function createVenv(base: BaseInterpreter, folder: string): Promise<void> {
  const result = await capture(base.executable, ['-m', 'venv', folder]);
  if (result.code === 0 && existsSync(venvPython(folder))) return;
  // A half-made environment would be taken for a broken install next time; remove it.
  await rm(folder, { recursive: true, force: true });
  if (/ensurepip|python3-venv/.test(result.output)) {
    const pkg = venvModule(minorVersion(base.version)).packages.debian;
    throw new VerdictError(
      `${base.executable} cannot create a virtual environment (ensurepip is not available)`,
      `install ${pkg} (apt-get install -y ${pkg}), or pass another Python with --python PATH`,
    );
  }
  throw new VerdictError(
    `${base.executable} -m venv failed: ${failureReason(result)}`,
    'fix the Python installation or pass another interpreter with --python PATH',
  );
}

/** Runs pip in the venv, its output streamed to stderr (or kept quiet); `what` names what it installs in the error. */
async function pip(python: string, what: string, args: string[], out: Output, stream: boolean): Promise<void> {
  const env = { ...process.env, PIP_NO_INPUT: '1' };
  const result = await capture(python, ['-m', 'pip', '--disable-pip-version-check', ...args], {
    env,
    ...(stream ? { mirror: out } : {}),
  });
  if (result.code !== 0) {
    throw new VerdictError(
      `pip could not install ${what}: ${failureReason(result)}`,
      "check the network (or PIP_INDEX_URL), then run 'verdict setup' again",
    );
  }
}

async function readStamp(file: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
