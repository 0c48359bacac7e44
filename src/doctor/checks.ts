/**
 * What `verdict doctor` checks: each part verdict needs or can use, whether it is there, and the
 * command that fixes it. Required parts fail the doctor; optional ones only say what they add.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { binariesPackage, copyNeeded, packageBinaries } from '../database/binaries.js';
import { POSTGRES_USER, postgresUserIds } from '../database/postgres-user.js';
import { wrkVersion } from '../load/wrk-generator.js';
import { findPySpy, PY_SPY_VERSION } from '../profile/python-capture.js';
import { findPython, venvPython } from '../servers/python.js';
import { findSchemathesis, fuzzVenv } from '../setup/fuzz-environment.js';
import { applicableTools, findTool, installFix, readHost, type Host, type Tool } from '../setup/system-tools.js';
import { projectRoot } from '../util/paths.js';
import { commandOutput, which } from '../util/system.js';

export interface CheckResult {
  name: string;
  required: boolean;
  ok: boolean;
  /** Version or location when ok; the problem when not. */
  detail: string;
  /** The command or step that fixes it, when not ok. */
  fix?: string;
  /** What the part is for, shown for optional parts. */
  purpose?: string;
}

const MIN_NODE = [20, 18, 1] as const;

function nodeCheck(): CheckResult {
  const parts = process.versions.node.split('.').map(Number);
  const ok =
    parts[0]! > MIN_NODE[0] ||
    (parts[0] === MIN_NODE[0] && (parts[1]! > MIN_NODE[1] || (parts[1] === MIN_NODE[1] && parts[2]! >= MIN_NODE[2])));
  return {
    name: 'Node.js',
    required: true,
    ok,
    detail: `${process.versions.node} at ${process.execPath}`,
    ...(ok ? {} : { fix: `install Node.js ${MIN_NODE.join('.')} or newer` }),
  };
}

function buildCheck(): CheckResult {
  const ok =
    existsSync(join(projectRoot, 'dist', 'load', 'worker.js')) &&
    existsSync(join(projectRoot, 'servers', 'node-fastify', 'dist'));
  return {
    name: 'verdict build',
    required: true,
    ok,
    detail: ok ? 'dist/ and the Node servers are built' : 'dist/ or a Node server is not built',
    ...(ok ? {} : { fix: 'run npm run build' }),
  };
}

async function pythonCheck(explicit?: string): Promise<CheckResult> {
  try {
    const python = await findPython(explicit);
    return {
      name: 'Python environment',
      required: true,
      ok: true,
      detail: `Python ${python.version} at ${python.path}, server imports ok`,
    };
  } catch (error) {
    const message = (error as Error).message;
    const fix = (error as { fix?: string }).fix;
    return { name: 'Python environment', required: true, ok: false, detail: message, ...(fix ? { fix } : {}) };
  }
}

async function postgresCheck(): Promise<CheckResult> {
  const name = 'PostgreSQL binaries';
  let source: { home: string; version: string };
  try {
    source = await packageBinaries();
  } catch (error) {
    return {
      name,
      required: true,
      ok: false,
      detail: (error as Error).message,
      fix: (error as { fix?: string }).fix ?? 'run npm ci',
    };
  }
  const extension = join(source.home, 'lib', 'postgresql', 'pg_stat_statements.so');
  if (!existsSync(extension))
    return {
      name,
      required: true,
      ok: false,
      detail: `PostgreSQL ${source.version}, but pg_stat_statements is missing`,
      fix: 'run npm ci',
    };
  const described = `PostgreSQL ${source.version} from ${binariesPackage()}, pg_stat_statements available`;
  const asRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the postgres user: it must exist, or be creatable.
  const ids = asRoot ? postgresUserIds() : undefined;
  if (asRoot && !ids && !which('useradd')) {
    return {
      name,
      required: true,
      ok: false,
      detail: `running as root and no way to create the ${POSTGRES_USER} user`,
      fix: `run verdict as a normal user, or create a user named ${POSTGRES_USER}`,
    };
  }
  const copy = copyNeeded(source.home, ids);
  if (!copy && !commandOutput(join(source.home, 'bin', 'postgres'), ['--version'])) {
    return {
      name,
      required: true,
      ok: false,
      detail: `${join(source.home, 'bin', 'postgres')} does not run`,
      fix: 'run npm ci (its install script links the libraries PostgreSQL needs)',
    };
  }
  const user = asRoot ? `; runs as user ${POSTGRES_USER}${ids ? '' : ' (created on first use)'}` : '';
  const where = copy ? `, from a copy in ${copy} (made once per version, checked by checksum)` : '';
  return { name, required: true, ok: true, detail: `${described}${user}${where}` };
}

/**
 * Chromium, wrk, pgbench and taskset, found and fixed as `verdict setup` does: a missing one's fix
 * is `verdict setup` when it can install it here, else the command that would.
 */
function systemToolChecks(env: NodeJS.ProcessEnv): CheckResult[] {
  let host: Host | undefined;
  return applicableTools(process.platform).map((tool) => {
    const path = findTool(tool, env);
    if (path)
      return {
        name: tool.name,
        required: false,
        ok: true,
        detail: `${toolVersion(tool, path) ?? 'found'} at ${path}`,
        purpose: tool.purpose,
      };
    host ??= readHost(env);
    return {
      name: tool.name,
      required: false,
      ok: false,
      detail: 'not found',
      fix: installFix(tool, host),
      purpose: tool.purpose,
    };
  });
}

/** wrk prints its version with its usage text and exits 1; the others answer --version. */
function toolVersion(tool: Tool, path: string): string | undefined {
  if (tool.name === 'wrk') return wrkVersion()?.replace(/^/, 'wrk ');
  return commandOutput(path, ['--version'])?.split('\n')[0];
}

/**
 * py-spy, for `verdict bench --profile` on the Python servers: optional (a run without --profile
 * never uses it, and a profiled run without it says so per server). A program in the venv's bin/
 * (requirements.txt installs it), not a module, so the import probe does not see it.
 */
function pySpyCheck(explicit?: string): CheckResult {
  const purpose = 'profiles the Python servers for verdict bench --profile (flame graphs)';
  const path = findPySpy(explicit ?? venvPython());
  const version = path ? commandOutput(path, ['--version']) : undefined;
  if (path && version) return { name: 'py-spy', required: false, ok: true, detail: `${version} at ${path}`, purpose };
  return {
    name: 'py-spy',
    required: false,
    ok: false,
    detail: path ? `${path} does not run` : 'not found beside the Python environment nor on PATH',
    fix: explicit ? `pip install py-spy==${PY_SPY_VERSION} into that environment` : 'run verdict setup',
    purpose,
  };
}

/**
 * schemathesis in .venv-fuzz, for npm run test:fuzz: optional (the benchmark never uses it), and
 * only in a checkout; an installed package has no fuzz target and needs none.
 */
async function fuzzToolsCheck(): Promise<CheckResult> {
  const name = 'fuzzing tools';
  const purpose = "npm run test:fuzz: schemathesis against the servers' and verdict serve's OpenAPI documents";
  if (!fuzzVenv)
    return {
      name,
      required: false,
      ok: true,
      detail: 'not needed in an installed package (npm run test:fuzz runs in a checkout)',
    };
  try {
    const schemathesis = await findSchemathesis();
    return {
      name,
      required: false,
      ok: true,
      detail: `schemathesis ${schemathesis.version} at ${schemathesis.path}`,
      purpose,
    };
  } catch (error) {
    return {
      name,
      required: false,
      ok: false,
      detail: (error as Error).message,
      fix: (error as { fix?: string }).fix ?? 'run verdict setup',
      purpose,
    };
  }
}

/** `env` supplies the PATH the system tools are looked for on. */
export async function runChecks(options: { python?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CheckResult[]> {
  return [
    nodeCheck(),
    buildCheck(),
    await pythonCheck(options.python),
    await postgresCheck(),
    pySpyCheck(options.python),
    await fuzzToolsCheck(),
    ...systemToolChecks(options.env ?? process.env),
  ];
}
