/**
 * `verdict setup`: installs the system tools the benchmark and the tests use when they are
 * missing (Chromium, wrk, pgbench, taskset; see src/setup/), then creates the virtual
 * environment the Python servers run in, from the pinned requirements.txt. Idempotent: a stamp in
 * the environment records the hash of the requirements and the interpreter that built it, so a
 * second run only checks.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandSpec, ParsedInput } from '../cli/args.js';
import { ExitCode, UsageError, VerdictError } from '../cli/errors.js';
import { palette, writeLine, type Output, type Palette } from '../cli/output.js';
import { booleanFlag, stringFlag } from '../cli/values.js';
import { findPython, venvPython } from '../servers/python.js';
import { capture, failureReason } from '../setup/capture.js';
import { SystemInstaller } from '../setup/install.js';
import { applicableTools, joinWords, missingTools, SKIPPED, venvModule } from '../setup/system-tools.js';
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
  summary: "Install the system tools verdict uses and create the Python servers' virtual environment.",
  description: `Installs what is missing of Chromium, wrk, pgbench and taskset (and Python's venv module):
with apt-get on Debian and Ubuntu (as root, or through passwordless sudo), with Homebrew on macOS.
When it cannot, it prints the command that would and goes on. Then creates the virtual
environment with python3 -m venv, upgrades pip and installs requirements.txt into it.
Fast when nothing changed: the hash of requirements.txt is stored in the environment.
Exit code 2 when something could not be set up; the message says what fixes it.`,
  flags: {
    python: { type: 'string', value: 'PATH', description: 'The Python 3 interpreter that creates the environment.', default: 'python3' },
    force: { type: 'boolean', description: 'Delete the environment and build it again from scratch.' },
    'no-system': { type: 'boolean', description: 'Install no system packages; only the Python environment.' },
  },
  examples: ['verdict setup', 'verdict setup --python /usr/bin/python3.12', 'verdict setup --no-system'],
  async run(input, out) {
    try {
      return await setup(input, out);
    } catch (error) {
      // Whatever stops setup (a package manager, the Python, pip) leaves the machine not ready and
      // names the fix to apply before running it again: exit 2, as for a usage error, so a script
      // can tell "setup could not finish" from a crash.
      if (error instanceof VerdictError && error.exitCode === ExitCode.failure) throw new VerdictError(error.message, error.fix, ExitCode.usage);
      throw error;
    }
  },
};

async function setup(input: ParsedInput, out: Output): Promise<number> {
  const requested = stringFlag(input.flags, 'python');
  const force = booleanFlag(input.flags, 'force');
  const system = !booleanFlag(input.flags, 'no-system');
  const colors = palette(out.color);
  const log = (line: string) => writeLine(out.stderr, colors.dim(line));
  // Checked before anything is installed: a mistyped --python should not cost an apt-get run first.
  if (requested !== undefined) assertExecutable(requested, out.env);

  const installer = new SystemInstaller(out.env, log, system);
  if (system) await installSystemTools(installer, out, colors);

  const stampFile = join(defaultVenv, STAMP);
  const current = await readStamp(stampFile);
  // A plain rerun keeps the interpreter chosen before with --python; a new --python rebuilds.
  const previous = current && existsSync(current.basePython) ? current.basePython : undefined;
  const base = await baseInterpreter(requested ?? previous, requested !== undefined, out, installer);
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
    await createVenv(base);
  }
  const python = venvPython();
  // The stamp is removed first so an interrupted install is never mistaken for a finished one.
  await rm(stampFile, { force: true });
  log('upgrading pip');
  await pip(python, 'pip', ['install', '--quiet', '--upgrade', 'pip'], out, false);
  log(`installing ${requirementsFile}`);
  await pip(python, `the Python requirements (${requirementsFile})`, ['install', '--progress-bar', 'off', '-r', requirementsFile], out, true);

  const ready = await findPython();
  await writeFile(stampFile, `${JSON.stringify(wanted, null, 2)}\n`);
  writeLine(out.stdout, `${colors.green('ok')} ${ready.path} (Python ${ready.version}) is ready`);
  return 0;
}

/** Installs the missing tools, or says how when verdict cannot; never stops setup for lack of a way. */
async function installSystemTools(installer: SystemInstaller, out: Output, colors: Palette): Promise<void> {
  const plan = installer.plan(missingTools(out.env));
  if (plan.kind === 'nothing') {
    writeLine(out.stdout, `${colors.green('ok')} ${joinWords(applicableTools(process.platform).map((t) => t.name))} are installed; nothing to install`);
    return;
  }
  const names = joinWords(plan.tools.map((t) => t.name));
  if (plan.kind === 'manual') {
    writeLine(out.stderr, colors.yellow(`warning: ${names} ${plan.tools.length === 1 ? 'is' : 'are'} missing and verdict cannot install ${plan.tools.length === 1 ? 'it' : 'them'} here (${plan.why}); ${plan.fix}`));
    return;
  }
  await installer.install(plan);
  writeLine(out.stdout, `${colors.green('ok')} installed ${names}`);
}

/** --python must name an executable, as a path or on PATH; checked before anything runs. */
function assertExecutable(requested: string, env: NodeJS.ProcessEnv): void {
  if (requested.includes('/') ? isExecutable(requested) : which(requested, env) !== undefined) return;
  throw new UsageError(`--python ${requested}: no such executable`, 'pass the path of a Python 3.11 or newer, e.g. --python /usr/bin/python3');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface BaseInterpreter {
  executable: string;
  version: string;
}

/**
 * The interpreter that makes the venv: it must run, be new enough, and have venv + ensurepip,
 * which Debian and Ubuntu package apart (python3.X-venv): installed here unless --no-system.
 */
async function baseInterpreter(chosen: string | undefined, requested: boolean, out: Output, installer: SystemInstaller): Promise<BaseInterpreter> {
  const path = chosen ?? which('python3', out.env);
  if (!path) throw new VerdictError('python3 is not on PATH', 'install Python 3.11 or newer (e.g. apt-get install python3 python3-venv) or pass --python PATH');
  const found = await probeInterpreter(path, requested);
  if (found.venv) return found;

  const missing = `${path} has no working venv module (ensurepip is missing)`;
  const tool = venvModule(minorVersion(found.version));
  // Only a distribution's own Python gets its venv module from a package; another one (pyenv,
  // a build from source) was built without it.
  if (!found.executable.startsWith('/usr/bin/')) throw new VerdictError(missing, 'rebuild that Python with ensurepip, or pass another one with --python PATH');
  const plan = installer.plan([tool]);
  if (plan.kind === 'manual') throw new VerdictError(missing, plan.why === SKIPPED ? `${plan.fix}, or run 'verdict setup' without --no-system to install it` : plan.fix);
  if (plan.kind === 'install') {
    await installer.install(plan);
    writeLine(out.stdout, `${palette(out.color).green('ok')} installed ${tool.name}`);
  }
  const again = await probeInterpreter(path, requested);
  if (!again.venv) throw new VerdictError(`${missing}, even after installing ${tool.packages.debian}`, 'pass another Python with --python PATH');
  return again;
}

async function probeInterpreter(path: string, requested: boolean): Promise<BaseInterpreter & { venv: boolean }> {
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
    throw new VerdictError(`${path} does not run as Python: ${failureReason(result)}`, requested ? 'pass a working Python 3 interpreter to --python' : 'install Python 3.11 or newer, or pass --python PATH');
  }
  const [executable = path, version = '', venv = ''] = result.output.trim().split('\n').map((l) => l.trim());
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new VerdictError(`${path} is Python ${version}; the pinned requirements need ${MIN_PYTHON.join('.')} or newer`, 'install a newer Python and pass it with --python PATH');
  }
  return { executable, version, venv: venv === 'venv' };
}

/** "3.11" from "3.11.2": Debian names the venv package after it. */
function minorVersion(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

async function createVenv(base: BaseInterpreter): Promise<void> {
  const result = await capture(base.executable, ['-m', 'venv', defaultVenv]);
  if (result.code === 0 && existsSync(venvPython())) return;
  // A half-made environment would be taken for a broken install next time; remove it.
  await rm(defaultVenv, { recursive: true, force: true });
  if (/ensurepip|python3-venv/.test(result.output)) {
    const pkg = venvModule(minorVersion(base.version)).packages.debian;
    throw new VerdictError(`${base.executable} cannot create a virtual environment (ensurepip is not available)`, `install ${pkg} (apt-get install -y ${pkg}), or pass another Python with --python PATH`);
  }
  throw new VerdictError(`${base.executable} -m venv failed: ${failureReason(result)}`, 'fix the Python installation or pass another interpreter with --python PATH');
}

/** Runs pip in the venv, its output streamed to stderr (or kept quiet), its last line kept for errors. */
/** Runs pip in the venv; `what` names what it installs in the error ("pip", "requirements.txt"). */
async function pip(python: string, what: string, args: string[], out: Output, stream: boolean): Promise<void> {
  const env = { ...process.env, PIP_NO_INPUT: '1' };
  const result = await capture(python, ['-m', 'pip', '--disable-pip-version-check', ...args], { env, ...(stream ? { mirror: out } : {}) });
  if (result.code !== 0) {
    throw new VerdictError(`pip could not install ${what}: ${failureReason(result)}`, "check the network (or PIP_INDEX_URL), then run 'verdict setup' again");
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
