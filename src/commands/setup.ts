/**
 * `verdict setup`: creates the project-local virtual environment (.venv) the Python servers run
 * in, from the pinned requirements.txt. Idempotent: a stamp in .venv records the hash of the
 * requirements and the interpreter that built it, so a second run only checks the environment.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandSpec } from '../cli/args.js';
import { VerdictError } from '../cli/errors.js';
import { palette, writeLine, type Output } from '../cli/output.js';
import { booleanFlag, stringFlag } from '../cli/values.js';
import { findPython, venvPython } from '../servers/python.js';
import { onCleanup } from '../util/lifecycle.js';
import { defaultVenv, requirementsFile } from '../util/paths.js';
import { which } from '../util/system.js';

/** numpy 2.4 (in requirements.txt) needs Python 3.11 or newer. */
const MIN_PYTHON: [number, number] = [3, 11];
const STAMP = 'verdict-setup.json';

interface Stamp {
  requirements: string;
  basePython: string;
  baseVersion: string;
}

export const command: CommandSpec = {
  name: 'setup',
  summary: 'Create the Python virtual environment the Python servers run in.',
  description: `Creates .venv with python3 -m venv, upgrades pip and installs requirements.txt into it.
Fast when nothing changed: the hash of requirements.txt is stored in .venv.`,
  flags: {
    python: { type: 'string', value: 'PATH', description: 'The Python 3 interpreter that creates the environment.', default: 'python3' },
    force: { type: 'boolean', description: 'Delete .venv and build it again from scratch.' },
  },
  examples: ['verdict setup', 'verdict setup --python /usr/bin/python3.12'],
  async run(input, out) {
    const requested = stringFlag(input.flags, 'python');
    const force = booleanFlag(input.flags, 'force');
    const colors = palette(out.color);
    const log = (line: string) => writeLine(out.stderr, colors.dim(line));

    const stampFile = join(defaultVenv, STAMP);
    const current = await readStamp(stampFile);
    // A plain rerun keeps the interpreter chosen before with --python; a new --python rebuilds.
    const previous = current && existsSync(current.basePython) ? current.basePython : undefined;
    const base = await baseInterpreter(requested ?? previous, requested !== undefined);
    const requirements = await readFile(requirementsFile, 'utf8').catch(() => {
      throw new VerdictError(`cannot read ${requirementsFile}`, 'run verdict from a complete checkout of the project');
    });
    const wanted: Stamp = { requirements: sha256(requirements), basePython: base.executable, baseVersion: base.version };
    // An environment whose interpreter no longer runs (its base Python was removed) is rebuilt.
    const venvRuns = existsSync(venvPython()) && (await capture(venvPython(), ['-c', 'pass'])).code === 0;
    const rebuild = force || !venvRuns || (current !== undefined && current.basePython !== wanted.basePython);
    if (!rebuild && current?.requirements === wanted.requirements) {
      const ready = await findPython().catch(() => undefined);
      if (ready) {
        writeLine(out.stdout, `${colors.green('ok')} ${ready.path} (Python ${ready.version}) is up to date with requirements.txt`);
        return 0;
      }
      log('the environment is up to date on paper but cannot import everything; reinstalling');
    }

    if (rebuild) {
      if (existsSync(defaultVenv)) {
        log(`removing the old ${defaultVenv}`);
        await rm(defaultVenv, { recursive: true, force: true });
      }
      log(`creating ${defaultVenv} with ${base.executable} (Python ${base.version})`);
      await createVenv(base.executable);
    }
    const python = venvPython();
    // The stamp is removed first so an interrupted install is never mistaken for a finished one.
    await rm(stampFile, { force: true });
    log('upgrading pip');
    await pip(python, ['install', '--quiet', '--upgrade', 'pip'], out, false);
    log(`installing ${requirementsFile}`);
    await pip(python, ['install', '--progress-bar', 'off', '-r', requirementsFile], out, true);

    const ready = await findPython();
    await writeFile(stampFile, `${JSON.stringify(wanted, null, 2)}\n`);
    writeLine(out.stdout, `${colors.green('ok')} ${ready.path} (Python ${ready.version}) is ready`);
    return 0;
  },
};

interface BaseInterpreter {
  executable: string;
  version: string;
}

/** The interpreter that makes the venv: it must run, be new enough, and have venv + ensurepip. */
async function baseInterpreter(chosen: string | undefined, requested: boolean): Promise<BaseInterpreter> {
  const path = chosen ?? which('python3');
  if (!path) throw new VerdictError('python3 is not on PATH', 'install Python 3.11 or newer (e.g. apt-get install python3 python3-venv) or pass --python PATH');
  const probe = `import sys
print(sys.executable)
print('.'.join(map(str, sys.version_info[:3])))
try:
    import venv, ensurepip
    print('venv')
except ImportError:
    print('no-venv')`;
  const result = await capture(path, ['-c', probe]);
  if (result.code !== 0) {
    const reason = result.error ?? lastLine(result.output) ?? `exit code ${result.code}`;
    throw new VerdictError(`${path} does not run as Python: ${reason}`, requested ? 'pass a working Python 3 interpreter to --python' : 'install Python 3.11 or newer, or pass --python PATH');
  }
  const [executable = path, version = '', venv = ''] = result.output.trim().split('\n').map((l) => l.trim());
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new VerdictError(`${path} is Python ${version}; the pinned requirements need ${MIN_PYTHON.join('.')} or newer`, 'install a newer Python and pass it with --python PATH');
  }
  if (venv !== 'venv') {
    throw new VerdictError(`${path} has no working venv module (ensurepip is missing)`, 'apt-get install python3-venv');
  }
  return { executable, version };
}

async function createVenv(python: string): Promise<void> {
  const result = await capture(python, ['-m', 'venv', defaultVenv]);
  if (result.code === 0 && existsSync(venvPython())) return;
  // A half-made environment would be taken for a broken install next time; remove it.
  await rm(defaultVenv, { recursive: true, force: true });
  if (/ensurepip|python3-venv/.test(result.output)) {
    throw new VerdictError(`${python} cannot create a virtual environment (ensurepip is not available)`, 'apt-get install python3-venv');
  }
  throw new VerdictError(`${python} -m venv failed: ${result.error ?? lastLine(result.output) ?? `exit code ${result.code}`}`, 'fix the Python installation or pass another interpreter with --python PATH');
}

/** Runs pip in the venv, its output streamed to stderr (or kept quiet), its last line kept for errors. */
async function pip(python: string, args: string[], out: Output, stream: boolean): Promise<void> {
  const result = await capture(python, ['-m', 'pip', '--disable-pip-version-check', ...args], stream ? out : undefined);
  if (result.code !== 0) {
    const reason = result.error ?? lastLine(result.output) ?? `exit code ${result.code}`;
    throw new VerdictError(`pip ${args.filter((a) => !a.startsWith('-')).join(' ')} failed: ${reason}`, "check the network and requirements.txt, then run 'verdict setup' again");
  }
}

interface Captured {
  code: number | null;
  output: string;
  error?: string;
}

/** Runs a program to completion; optionally mirrors its output to stderr as it arrives. */
function capture(command: string, args: string[], mirror?: Output): Promise<Captured> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_NO_INPUT: '1' } });
    const stop = onCleanup(`${command} ${args[0] ?? ''}`, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      mirror?.stderr.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      void stop();
      resolve({ code: null, output, error: error.message });
    });
    child.on('close', (code) => {
      void stop(); // the child is gone: this only unregisters it
      resolve({ code, output });
    });
  });
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

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
}
