/**
 * verdict doctor, run as a user runs it: on a set-up machine every required part is ok (CI has
 * run `verdict setup` and installed the optional tools), a broken part fails the exit code and
 * carries its fix, and as root a TMPDIR the postgres user cannot enter is reported before a
 * benchmark would trip over it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/util/paths.js';

interface Check {
  name: string;
  required: boolean;
  ok: boolean;
  detail: string;
  fix?: string;
}

function doctor(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; checks: Check[] } {
  const run = spawnSync(process.execPath, [join(projectRoot, 'dist', 'bin.js'), 'doctor', '--json', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: run.status, checks: JSON.parse(run.stdout) as Check[] };
}

describe('verdict doctor', () => {
  it('reports every required part ok on the set-up machine, exit 0', () => {
    const { status, checks } = doctor([]);
    const failed = checks.filter((c) => c.required && !c.ok);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['Node.js', 'verdict build', 'Python environment', 'PostgreSQL binaries', 'taskset', 'wrk', 'pgbench', 'Chromium']));
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

  it.runIf(userInfo().uid === 0)('as root, a TMPDIR closed to the postgres user fails the PostgreSQL check with the folder and the fix', () => {
    const closed = mkdtempSync(join(tmpdir(), 'verdict-doctor-closed-')); // mode 0700, owned by root
    try {
      const { status, checks } = doctor([], { TMPDIR: closed });
      const postgres = checks.find((c) => c.name === 'PostgreSQL binaries')!;
      expect(postgres.ok).toBe(false);
      expect(postgres.detail).toBe(`verdict runs as root, so PostgreSQL must run as the 'postgres' user, which cannot reach its data folder: ${closed} is closed to other users`);
      expect(postgres.fix).toContain(`chmod o+x ${closed}`);
      expect(status).toBe(1);
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
