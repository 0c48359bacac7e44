/**
 * The system tools the benchmark and the tests use but npm cannot install, which of them are
 * missing, and how to install them here. The facts about the machine (readHost) are gathered
 * apart from the plan (planInstall), which is a pure function of them, so `verdict setup` and
 * `verdict doctor` say the same thing and every platform is tested from any machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { which } from '../util/system.js';

export interface Tool {
  /** As the user reads it, in progress lines, summaries and the doctor. */
  name: string;
  /** What verdict uses it for. */
  purpose: string;
  /** Programs on PATH any one of which means the tool is there. */
  commands: readonly string[];
  /**
   * Arguments that make a working program exit 0. Debian's pg_wrapper leaves a `pgbench` on PATH
   * after the package that had pgbench is removed, which then fails: only a program that runs counts.
   */
  probe?: readonly string[];
  /** Other places that count: macOS apps are not on PATH. */
  paths?: readonly string[];
  /** Linux only (taskset): elsewhere it does not apply, rather than being missing. */
  linuxOnly?: boolean;
  /** Its package per package manager; a manager without one cannot install it. */
  packages: { debian?: string; ubuntu?: string; brew?: string; cask?: string };
  /** What the user should know once its package is in, per package manager. */
  afterInstall?: { debian?: string; ubuntu?: string };
  /** How to find it without a known package manager. */
  hint: string;
}

/** pgbench, which the database ceiling runs when it is there. */
export const PGBENCH: Tool = {
  name: 'pgbench',
  purpose: "measures the database's own ceiling (otherwise a slower built-in loop)",
  commands: ['pgbench'],
  probe: ['--version'],
  // Debian and Ubuntu ship pgbench in the server package (postgresql-15 has it, the client
  // package does not), so the `postgresql` metapackage it is. Homebrew's libpq has the client
  // programs, pgbench among them, without a server; it is keg-only, so its bin folder must be
  // put on PATH (the recheck after installing says so).
  packages: { debian: 'postgresql', ubuntu: 'postgresql', brew: 'libpq' },
  afterInstall: {
    debian:
      "pgbench came with Debian's PostgreSQL server package, which also made a 'main' cluster; verdict does not " +
      'use it (pg_lsclusters lists it, pg_ctlcluster <version> main stop stops it)',
    ubuntu:
      "pgbench came with Ubuntu's PostgreSQL server package, which also made a 'main' cluster; verdict does not " +
      'use it (pg_lsclusters lists it, pg_ctlcluster <version> main stop stops it)',
  },
  hint: "pgbench (PostgreSQL's client programs)",
};

export const TOOLS: readonly Tool[] = [
  {
    name: 'taskset',
    purpose: 'pins servers and the load generator to separate CPUs',
    commands: ['taskset'],
    linuxOnly: true,
    packages: { debian: 'util-linux', ubuntu: 'util-linux' },
    hint: 'taskset (util-linux)',
  },
  {
    name: 'wrk',
    purpose:
      'the default load generator of verdict bench and the reference of verdict calibrate (without it: --driver lean)',
    commands: ['wrk'],
    packages: { debian: 'wrk', ubuntu: 'wrk', brew: 'wrk' },
    hint: 'wrk',
  },
  PGBENCH,
  {
    name: 'Chromium',
    purpose: 'browser tests of the HTML report and verdict serve',
    commands: ['chromium', 'chromium-browser', 'google-chrome'],
    paths: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    // Ubuntu ships Chromium only as a snap: its chromium-browser deb is the transitional package
    // that installs the snap (it needs snapd). It is the one apt route there is, so it is used.
    packages: { debian: 'chromium', ubuntu: 'chromium-browser', cask: 'chromium' },
    hint: 'Chromium',
  },
];

/**
 * The venv module of a distribution's Python, e.g. 3.11: Debian and Ubuntu split it (with
 * ensurepip) into python3.11-venv. The versioned package is the one for that interpreter; the
 * generic python3-venv only brings the distribution's default version's. It is not a program
 * on PATH: `verdict setup` checks it by asking the interpreter again.
 */
export function venvModule(version: string): Tool {
  const pkg = `python${version}-venv`;
  return {
    name: `Python ${version}'s venv module`,
    purpose: 'creates the environment the Python servers run in',
    commands: [],
    packages: { debian: pkg, ubuntu: pkg },
    hint: `Python ${version}'s venv module`,
  };
}

/** Where the tool is, or undefined; `env` supplies the PATH searched. */
export function findTool(tool: Tool, env: NodeJS.ProcessEnv): string | undefined {
  for (const command of tool.commands) {
    const path = which(command, env);
    if (path && (!tool.probe || spawnSync(path, tool.probe, { env, stdio: 'ignore', timeout: 10_000 }).status === 0))
      return path;
  }
  return tool.paths?.find((path) => existsSync(path));
}

export function applicableTools(platform: NodeJS.Platform): Tool[] {
  return TOOLS.filter((tool) => !tool.linuxOnly || platform === 'linux');
}

export function missingTools(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Tool[] {
  return applicableTools(platform).filter((tool) => !findTool(tool, env));
}

/** What decides how tools are installed here. */
export interface Host {
  platform: NodeJS.Platform;
  /** Debian or Ubuntu (or a derivative) from /etc/os-release; undefined for anything else. */
  family?: 'debian' | 'ubuntu';
  root: boolean;
  /** sudo runs without asking for a password (`sudo -n true` succeeds). */
  sudo: boolean;
  brew: boolean;
}

export function readHost(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Host {
  const root = process.getuid?.() === 0;
  const family = platform === 'linux' ? distributionFamily(readOsRelease()) : undefined;
  // sudo -n never prompts: it fails at once when a password would be needed.
  const sudo =
    !root &&
    family !== undefined &&
    which('sudo', env) !== undefined &&
    spawnSync('sudo', ['-n', 'true'], { env, stdio: 'ignore', timeout: 10_000 }).status === 0;
  return {
    platform,
    ...(family ? { family } : {}),
    root,
    sudo,
    brew: platform === 'darwin' && which('brew', env) !== undefined,
  };
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** Ubuntu's derivatives (Mint, Pop!_OS) name it in ID_LIKE, Debian's (Raspberry Pi OS) name debian. */
export function distributionFamily(osRelease: string): Host['family'] {
  const field = (key: string) =>
    new RegExp(`^${key}="?([^"\\n]*)"?`, 'm').exec(osRelease)?.[1]?.toLowerCase().split(/\s+/) ?? [];
  const ids = [...field('ID'), ...field('ID_LIKE')];
  if (ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  return undefined;
}

/** One command of an install, run as is; `shown` is how progress lines and errors name it. */
export interface Step {
  argv: string[];
  shown: string;
  /** apt-get update: once per `verdict setup`, however many installs follow. */
  once?: boolean;
}

export type Plan =
  | { kind: 'nothing' }
  /**
   * verdict installs them itself; `packages[i]` is the package of `tools[i]`, `command` what a user would type instead.
   */
  | { kind: 'install'; tools: Tool[]; packages: string[]; steps: Step[]; command: string }
  /** verdict cannot (`why`); `fix` says what would, e.g. "run sudo apt-get install -y wrk". */
  | { kind: 'manual'; tools: Tool[]; why: string; fix: string };

export const SKIPPED = 'skipped with --no-system';

/** How to install `tools` on `host`; `system: false` is --no-system (say how, install nothing). */
export function planInstall(tools: readonly Tool[], host: Host, options: { system?: boolean } = {}): Plan {
  if (tools.length === 0) return { kind: 'nothing' };
  const list = [...tools];
  const manual = (why: string, fix: string): Plan => ({ kind: 'manual', tools: list, why, fix });
  const generic = `install ${joinWords(tools.map((t) => t.hint))} with the system's package manager`;
  const packages = tools.map((t) =>
    host.family
      ? t.packages[host.family]
      : host.platform === 'darwin'
        ? (t.packages.brew ?? t.packages.cask)
        : undefined,
  );
  const unknown = tools.filter((_, i) => packages[i] === undefined).map((t) => t.name);
  if (!host.family && host.platform !== 'darwin')
    return manual(
      options.system === false
        ? SKIPPED
        : 'verdict installs them only with apt-get (Debian, Ubuntu) or Homebrew (macOS)',
      generic,
    );
  if (!isComplete(packages))
    return manual(`no ${host.family ?? 'Homebrew'} package is known for ${joinWords(unknown)}`, generic);

  if (host.family) {
    const command = `${host.root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
    if (options.system === false) return manual(SKIPPED, `run ${command}`);
    if (!host.root && !host.sudo) return manual('installing needs root and sudo asks for a password', `run ${command}`);
    // sudo resets the environment: DEBIAN_FRONTEND goes through as sudo's VAR=value argument.
    const prefix = host.root ? [] : ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive'];
    const step = (args: string[], once?: true): Step => ({
      argv: [...prefix, 'apt-get', ...args],
      shown: `${host.root ? '' : 'sudo '}apt-get ${args.join(' ')}`,
      ...(once ? { once } : {}),
    });
    const steps = [
      step(['update', '-qq'], true),
      step(['install', '-y', '-qq', '--no-install-recommends', ...packages]),
    ];
    return { kind: 'install', tools: list, packages, steps, command };
  }

  const formulae = tools.map((t) => t.packages.brew).filter((p): p is string => p !== undefined);
  const casks = tools.filter((t) => t.packages.brew === undefined).map((t) => t.packages.cask!);
  const steps: Step[] = [];
  if (formulae.length > 0)
    steps.push({ argv: ['brew', 'install', ...formulae], shown: `brew install ${formulae.join(' ')}` });
  if (casks.length > 0)
    steps.push({ argv: ['brew', 'install', '--cask', ...casks], shown: `brew install --cask ${casks.join(' ')}` });
  const command = steps.map((s) => s.shown).join(' && ');
  if (options.system === false) return manual(SKIPPED, `run ${command}`);
  if (!host.brew) return manual('Homebrew is not installed', `install Homebrew (https://brew.sh), then run ${command}`);
  return { kind: 'install', tools: list, packages, steps, command };
}

/** The doctor's fix for one missing tool: `verdict setup` when it installs it here, else what would. */
export function installFix(tool: Tool, host: Host): string {
  const plan = planInstall([tool], host);
  return plan.kind === 'manual' ? plan.fix : 'run verdict setup';
}

function isComplete(packages: (string | undefined)[]): packages is string[] {
  return packages.every((p) => p !== undefined);
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
