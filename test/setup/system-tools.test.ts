/**
 * Which packages `verdict setup` installs for which missing tools, on each platform, and what it
 * prints when it cannot: pure functions of the machine's facts, so every platform is checked here.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applicableTools,
  distributionFamily,
  installFix,
  missingTools,
  planInstall,
  TOOLS,
  venvModule,
  type Host,
  type Plan,
  type Tool,
} from '../../src/setup/system-tools.js';

const tool = (name: string): Tool => TOOLS.find((t) => t.name === name)!;
const all = TOOLS.filter((t) => t.name !== 'taskset').map((t) => t.name);
const debianRoot: Host = { platform: 'linux', family: 'debian', root: true, sudo: false, brew: false };
const mac: Host = { platform: 'darwin', root: false, sudo: false, brew: true };

function argvs(plan: Plan): string[][] {
  if (plan.kind !== 'install') throw new Error(`expected an install plan, got ${JSON.stringify(plan)}`);
  return plan.steps.map((s) => s.argv);
}

describe('planInstall on Debian and Ubuntu', () => {
  it('as root: apt-get update, then one apt-get install of the missing tools’ packages', () => {
    const plan = planInstall([tool('wrk'), tool('pgbench')], debianRoot);
    expect(argvs(plan)).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'wrk', 'postgresql'],
    ]);
    expect(plan).toMatchObject({ packages: ['wrk', 'postgresql'], command: 'apt-get install -y wrk postgresql' });
  });

  it('the Debian package of each tool', () => {
    const plan = planInstall(TOOLS, debianRoot);
    expect(plan).toMatchObject({ kind: 'install', packages: ['util-linux', 'wrk', 'postgresql', 'chromium'] });
  });

  it('through passwordless sudo, with DEBIAN_FRONTEND passed the way sudo lets it through', () => {
    const plan = planInstall([tool('wrk')], { ...debianRoot, root: false, sudo: true });
    expect(argvs(plan)).toEqual([
      ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
      [
        'sudo',
        '-n',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        'wrk',
      ],
    ]);
    expect(plan.kind === 'install' && plan.steps.map((s) => s.shown)).toEqual([
      'sudo apt-get update -qq',
      'sudo apt-get install -y -qq --no-install-recommends wrk',
    ]);
  });

  it('when sudo asks for a password: the one command that would install them', () => {
    expect(planInstall([tool('Chromium'), tool('wrk'), tool('taskset')], { ...debianRoot, root: false })).toEqual({
      kind: 'manual',
      tools: [tool('Chromium'), tool('wrk'), tool('taskset')],
      why: 'installing needs root and sudo asks for a password',
      fix: 'run sudo apt-get install -y chromium wrk util-linux',
    });
  });

  it('on Ubuntu, Chromium is the chromium-browser package (the one that installs the snap)', () => {
    const plan = planInstall([tool('Chromium'), tool('pgbench')], { ...debianRoot, family: 'ubuntu' });
    expect(plan).toMatchObject({ kind: 'install', packages: ['chromium-browser', 'postgresql'] });
  });

  it("Python's venv module is the versioned package of that interpreter", () => {
    const plan = planInstall([venvModule('3.11')], debianRoot);
    expect(argvs(plan)[1]).toEqual(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'python3.11-venv']);
  });
});

describe('planInstall on macOS', () => {
  it('Homebrew formulae in one brew install, Chromium as a cask; pgbench comes with libpq', () => {
    const tools = applicableTools('darwin');
    expect(tools.map((t) => t.name)).toEqual(all);
    const plan = planInstall(tools, mac);
    expect(argvs(plan)).toEqual([
      ['brew', 'install', 'wrk', 'libpq'],
      ['brew', 'install', '--cask', 'chromium'],
    ]);
    expect(plan).toMatchObject({
      packages: ['wrk', 'libpq', 'chromium'],
      command: 'brew install wrk libpq && brew install --cask chromium',
    });
  });

  it('taskset does not apply there, so it is never missing', () => {
    expect(missingTools({ PATH: '' }, 'darwin').map((t) => t.name)).not.toContain('taskset');
    expect(missingTools({ PATH: '' }, 'linux').map((t) => t.name)).toContain('taskset');
  });

  it('without Homebrew: install it first, then the same commands', () => {
    expect(planInstall([tool('wrk')], { ...mac, brew: false })).toMatchObject({
      kind: 'manual',
      why: 'Homebrew is not installed',
      fix: 'install Homebrew (https://brew.sh), then run brew install wrk',
    });
  });

  it('the venv module has no Homebrew package: said, not guessed', () => {
    expect(planInstall([venvModule('3.12')], mac)).toMatchObject({
      kind: 'manual',
      why: "no Homebrew package is known for Python 3.12's venv module",
    });
  });
});

describe('planInstall elsewhere and with --no-system', () => {
  it('an unknown distribution: what to install, for its own package manager', () => {
    expect(
      planInstall([tool('wrk'), tool('pgbench'), tool('taskset')], {
        platform: 'linux',
        root: true,
        sudo: false,
        brew: false,
      }),
    ).toEqual({
      kind: 'manual',
      tools: [tool('wrk'), tool('pgbench'), tool('taskset')],
      why: 'verdict installs them only with apt-get (Debian, Ubuntu) or Homebrew (macOS)',
      fix:
        "install wrk, pgbench (PostgreSQL's client programs) and taskset (util-linux) with the system's package " +
        'manager',
    });
  });

  it('--no-system installs nothing and still says how', () => {
    expect(planInstall([tool('wrk')], debianRoot, { system: false })).toMatchObject({
      kind: 'manual',
      why: 'skipped with --no-system',
      fix: 'run apt-get install -y wrk',
    });
    expect(planInstall([tool('wrk')], mac, { system: false })).toMatchObject({
      kind: 'manual',
      why: 'skipped with --no-system',
      fix: 'run brew install wrk',
    });
  });

  it('nothing missing: nothing to do, whatever the machine', () => {
    expect(planInstall([], { platform: 'linux', root: false, sudo: false, brew: false })).toEqual({ kind: 'nothing' });
  });
});

describe("the doctor's fix for a missing tool", () => {
  it('is verdict setup where setup installs it, else the command that would', () => {
    expect(installFix(tool('wrk'), debianRoot)).toBe('run verdict setup');
    expect(installFix(tool('wrk'), { ...debianRoot, root: false, sudo: true })).toBe('run verdict setup');
    expect(installFix(tool('pgbench'), { ...debianRoot, root: false })).toBe('run sudo apt-get install -y postgresql');
    expect(installFix(tool('Chromium'), { ...mac, brew: false })).toBe(
      'install Homebrew (https://brew.sh), then run brew install --cask chromium',
    );
  });
});

describe('distributionFamily', () => {
  it.each([
    ['Debian', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n', 'debian'],
    ['Raspberry Pi OS', 'ID=raspbian\nID_LIKE=debian\n', 'debian'],
    ['Ubuntu', 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n', 'ubuntu'],
    ['Linux Mint', 'ID=linuxmint\nID_LIKE="ubuntu debian"\n', 'ubuntu'],
    ['Fedora', 'ID=fedora\nVERSION_ID=40\n', undefined],
    ['no os-release', '', undefined],
  ])('%s', (_, osRelease, family) => {
    expect(distributionFamily(osRelease)).toBe(family);
  });
});

describe('missingTools', () => {
  const bin = mkdtempSync(join(tmpdir(), 'verdict-tools-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('looks on the PATH it is given; any of Chromium’s names will do', () => {
    for (const name of ['wrk', 'chromium-browser']) {
      writeFileSync(join(bin, name), '#!/bin/sh\n');
      chmodSync(join(bin, name), 0o755);
    }
    expect(missingTools({ PATH: bin }, 'linux').map((t) => t.name)).toEqual(['taskset', 'pgbench']);
  });

  it("counts a pgbench that does not run as missing (Debian's pg_wrapper without the package that has pgbench)", () => {
    const fake = (body: string) => {
      writeFileSync(join(bin, 'pgbench'), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, 'pgbench'), 0o755);
    };
    fake("echo 'Error: PostgreSQL version 15 is not installed' >&2; exit 1");
    expect(missingTools({ PATH: bin }, 'linux').map((t) => t.name)).toContain('pgbench');
    fake("echo 'pgbench (PostgreSQL) 15.18'");
    expect(missingTools({ PATH: bin }, 'linux').map((t) => t.name)).not.toContain('pgbench');
  });
});
