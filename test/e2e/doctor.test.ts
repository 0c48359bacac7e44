/**
 * verdict doctor, run as a user runs it: on a set-up machine every required part is ok (CI has
 * run `verdict setup` and installed the optional tools), a broken part fails the exit code and
 * carries its fix, and as root a TMPDIR the postgres user cannot enter is no obstacle (the data
 * folder then goes to a system folder that user can enter). A missing system tool's fix is what
 * `verdict setup` would do.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { projectRoot } from '../../src/util/paths.js';
import { captureOutput } from '../support/capture.js';

interface Check {
  name: string;
  required: boolean;
  ok: boolean;
  detail: string;
  fix?: string;
}

function doctor(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; checks: Check[] } {
  const run = spawnSync(process.execPath, [join(projectRoot, 'dist', 'bin.js'), 'doctor', '--json', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: run.status, checks: JSON.parse(run.stdout) as Check[] };
}

describe('verdict doctor', () => {
  it('reports every required part ok on the set-up machine, exit 0', () => {
    const { status, checks } = doctor([]);
    const failed = checks.filter((c) => c.required && !c.ok);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'Node.js',
        'verdict build',
        'Python environment',
        'PostgreSQL binaries',
        'taskset',
        'wrk',
        'pgbench',
        'Chromium',
      ]),
    );
    expect(status).toBe(0);
  });

  it('a Python that does not run is missing with its fix, exit 1', () => {
    const { status, checks } = doctor(['--python', '/nonexistent/python3']);
    const python = checks.find((c) => c.name === 'Python environment')!;
    expect(python.ok).toBe(false);
    expect(python.detail).toContain('/nonexistent/python3');
    expect(python.fix).toBeTruthy();
    expect(status).toBe(1);
  });

  it("a missing tool's fix is verdict setup where setup installs it, else the command setup would run", async () => {
    // A PATH with stand-ins for every tool but wrk, and no sudo.
    const bin = mkdtempSync(join(tmpdir(), 'verdict-doctor-bin-'));
    try {
      for (const tool of ['taskset', 'pgbench', 'chromium']) {
        writeFileSync(join(bin, tool), '#!/bin/sh\n');
        chmodSync(join(bin, tool), 0o755);
      }
      const output = captureOutput({ env: { PATH: bin } });
      await main(['doctor', '--json'], output);
      const checks = JSON.parse(output.text().stdout) as Check[];
      expect(checks.filter((c) => ['taskset', 'pgbench', 'Chromium'].includes(c.name)).map((c) => c.ok)).toEqual([
        true,
        true,
        true,
      ]);
      const wrk = checks.find((c) => c.name === 'wrk')!;
      expect(wrk).toMatchObject({
        required: false,
        ok: false,
        detail: 'not found',
        fix: userInfo().uid === 0 ? 'run verdict setup' : 'run sudo apt-get install -y wrk',
      });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it.runIf(userInfo().uid === 0)(
    'as root, a TMPDIR closed to the postgres user is no obstacle: PostgreSQL is ok and runs as that user',
    () => {
      const closed = mkdtempSync(join(tmpdir(), 'verdict-doctor-closed-')); // mode 0700, owned by root
      try {
        const { status, checks } = doctor([], { TMPDIR: closed });
        const postgres = checks.find((c) => c.name === 'PostgreSQL binaries')!;
        expect(postgres.ok, postgres.detail).toBe(true);
        expect(postgres.detail).toContain('runs as user postgres');
        expect(postgres.detail).not.toContain('chmod');
        expect(status).toBe(0);
      } finally {
        rmSync(closed, { recursive: true, force: true });
      }
    },
  );
});
