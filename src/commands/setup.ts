/**
 * `verdict setup`: installs the system tools the benchmark and the tests use when they are
 * missing (Chromium, wrk, pgbench, taskset; see src/setup/), then creates the virtual
 * environment the Python servers run in, from the pinned requirements.txt, and in a checkout the
 * fuzzing tools' own environment from requirements-dev.txt. Idempotent: a stamp in each
 * environment records the hash of its requirements and the interpreter that built it, so a second
 * run only checks.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import type { CommandSpec, ParsedInput } from '../cli/args.js';
import { ExitCode, UsageError, VerdictError } from '../core/errors.js';
import { palette, writeLine, type Output, type Palette } from '../core/output.js';
import { booleanFlag, stringFlag } from '../cli/values.js';
import { findPython } from '../servers/python.js';
import { capture, failureReason } from '../setup/capture.js';
import { FUZZ_VENV_FILES, findSchemathesis, fuzzRequirementsFile, fuzzVenv } from '../setup/fuzz-environment.js';
import { SystemInstaller } from '../setup/install.js';
import {
  ensureEnvironment,
  minorVersion,
  stampedBasePython,
  type BaseInterpreter,
} from '../setup/python-environment.js';
import { applicableTools, joinWords, missingTools, SKIPPED, venvModule } from '../setup/system-tools.js';
import { defaultVenv, requirementsFile } from '../util/paths.js';
import { which } from '../util/system.js';

/** numpy 2.4 (in requirements.txt) needs Python 3.11 or newer. */
const MIN_PYTHON: [number, number] = [3, 11];

export const command: CommandSpec = {
  name: 'setup',
  summary: "Install the system tools verdict uses and create the Python servers' virtual environment.",
  description: `Installs what is missing of Chromium, wrk, pgbench and taskset (and Python's venv module):
with apt-get on Debian and Ubuntu (as root, or through passwordless sudo), with Homebrew on macOS.
When it cannot, it prints the command that would and goes on. Then creates the virtual
environment with python3 -m venv, upgrades pip and installs requirements.txt into it; in a
checkout, also .venv-fuzz with the fuzzing tools of requirements-dev.txt (npm run test:fuzz).
Fast when nothing changed: the hash of the requirements is stored in each environment.
Exit code 2 when something could not be set up; the message says what fixes it.`,
  flags: {
    python: {
      type: 'string',
      value: 'PATH',
      description: 'The Python 3 interpreter that creates the environments.',
      default: 'python3',
    },
    force: { type: 'boolean', description: 'Delete the environments and build them again from scratch.' },
    'no-system': { type: 'boolean', description: 'Install no system packages; only the Python environments.' },
  },
  examples: ['verdict setup', 'verdict setup --python /usr/bin/python3.12', 'verdict setup --no-system'],
  async run(input, out) {
    try {
      return await setup(input, out);
    } catch (error) {
      // Whatever stops setup (a package manager, the Python, pip) leaves the machine not ready and
      // names the fix to apply before running it again: exit 2, as for a usage error, so a script
      // can tell "setup could not finish" from a crash.
      if (error instanceof VerdictError && error.exitCode === ExitCode.failure)
        throw new VerdictError(error.message, error.fix, ExitCode.usage);
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

  // A plain rerun keeps the interpreter chosen before with --python; a new --python rebuilds.
  const stamped = await stampedBasePython(defaultVenv);
  const previous = stamped && existsSync(stamped) ? stamped : undefined;
  const base = await baseInterpreter(requested ?? previous, requested !== undefined, out, installer);
  const ensure = { force, out, log };

  const servers = await ensureEnvironment(
    {
      folder: defaultVenv,
      requirementsFile,
      what: `the Python requirements (${requirementsFile})`,
      async ready() {
        const python = await findPython();
        return `${python.path} (Python ${python.version})`;
      },
    },
    base,
    ensure,
  );
  writeLine(
    out.stdout,
    `${colors.green('ok')} ${servers.description} ` +
      `${servers.installed ? 'is ready' : 'is up to date with requirements.txt'}`,
  );

  if (!fuzzVenv) {
    writeLine(
      out.stdout,
      `${colors.dim('skipped')} the fuzzing tools (requirements-dev.txt, schemathesis): not needed in an ` +
        `installed package; they are for npm run test:fuzz in a checkout`,
    );
    return 0;
  }
  const venv = fuzzVenv;
  const fuzz = await ensureEnvironment(
    {
      folder: venv,
      requirementsFile: fuzzRequirementsFile,
      what: `the fuzzing tools (${fuzzRequirementsFile})`,
      async ready() {
        const schemathesis = await findSchemathesis(venv);
        return `${schemathesis.path} (schemathesis ${schemathesis.version})`;
      },
      extraFiles: FUZZ_VENV_FILES,
    },
    base,
    ensure,
  );
  writeLine(
    out.stdout,
    `${colors.green('ok')} ${fuzz.description} ` +
      `${fuzz.installed ? 'is ready' : 'is up to date with requirements-dev.txt'}`,
  );
  return 0;
}

/** Installs the missing tools, or says how when verdict cannot; never stops setup for lack of a way. */
async function installSystemTools(installer: SystemInstaller, out: Output, colors: Palette): Promise<void> {
  const plan = installer.plan(missingTools(out.env));
  if (plan.kind === 'nothing') {
    writeLine(
      out.stdout,
      `${colors.green('ok')} ${joinWords(applicableTools(process.platform).map((t) => t.name))} are installed; ` +
        `nothing to install`,
    );
    return;
  }
  const names = joinWords(plan.tools.map((t) => t.name));
  if (plan.kind === 'manual') {
    writeLine(
      out.stderr,
      colors.yellow(
        `warning: ${names} ${plan.tools.length === 1 ? 'is' : 'are'} missing and verdict cannot install ` +
          `${plan.tools.length === 1 ? 'it' : 'them'} here (${plan.why}); ${plan.fix}`,
      ),
    );
    return;
  }
  await installer.install(plan);
  writeLine(out.stdout, `${colors.green('ok')} installed ${names}`);
}

/** --python must name an executable, as a path or on PATH; checked before anything runs. */
function assertExecutable(requested: string, env: NodeJS.ProcessEnv): void {
  if (requested.includes('/') ? isExecutable(requested) : which(requested, env) !== undefined) return;
  throw new UsageError(
    `--python ${requested}: no such executable`,
    'pass the path of a Python 3.11 or newer, e.g. --python /usr/bin/python3',
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The interpreter that makes the venv: it must run, be new enough, and have venv + ensurepip,
 * which Debian and Ubuntu package apart (python3.X-venv): installed here unless --no-system.
 */
async function baseInterpreter(
  chosen: string | undefined,
  requested: boolean,
  out: Output,
  installer: SystemInstaller,
): Promise<BaseInterpreter> {
  const path = chosen ?? which('python3', out.env);
  if (!path)
    throw new VerdictError(
      'python3 is not on PATH',
      'install Python 3.11 or newer (e.g. apt-get install python3 python3-venv) or pass --python PATH',
    );
  const found = await probeInterpreter(path, requested);
  if (found.venv) return found;

  const missing = `${path} has no working venv module (ensurepip is missing)`;
  const tool = venvModule(minorVersion(found.version));
  // Only a distribution's own Python gets its venv module from a package; another one (pyenv,
  // a build from source) was built without it.
  if (!found.executable.startsWith('/usr/bin/'))
    throw new VerdictError(missing, 'rebuild that Python with ensurepip, or pass another one with --python PATH');
  const plan = installer.plan([tool]);
  if (plan.kind === 'manual')
    throw new VerdictError(
      missing,
      plan.why === SKIPPED ? `${plan.fix}, or run 'verdict setup' without --no-system to install it` : plan.fix,
    );
  if (plan.kind === 'install') {
    await installer.install(plan);
    writeLine(out.stdout, `${palette(out.color).green('ok')} installed ${tool.name}`);
  }
  const again = await probeInterpreter(path, requested);
  if (!again.venv)
    throw new VerdictError(
      `${missing}, even after installing ${tool.packages.debian}`,
      'pass another Python with --python PATH',
    );
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
    throw new VerdictError(
      `${path} does not run as Python: ${failureReason(result)}`,
      requested
        ? 'pass a working Python 3 interpreter to --python'
        : 'install Python 3.11 or newer, or pass --python PATH',
    );
  }
  const [executable = path, version = '', venv = ''] = result.output
    .trim()
    .split('\n')
    .map((l) => l.trim());
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new VerdictError(
      `${path} is Python ${version}; the pinned requirements need ${MIN_PYTHON.join('.')} or newer`,
      'install a newer Python and pass it with --python PATH',
    );
  }
  return { executable, version, venv: venv === 'venv' };
}
